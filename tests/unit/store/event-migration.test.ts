/**
 * The move of events stored before v5 (one per record) into chunks (lib/store/event-migration.ts): every
 * event ends in a chunk exactly once, whatever runs beside it or stops it, each batch goes on from where
 * the last one ended, and nothing a reader sees changes.
 */
import { describe, expect, it, vi } from 'vitest';
import { importText } from '@/lib/import';
import { closeDbForTests, db } from '@/lib/store/db';
import { migrateLegacyEvents, moveLegacyBatch, startLegacyMigration } from '@/lib/store/event-migration';
import { addEvents, countEvents, localHistory } from '@/lib/store/events';
import { allSummaries, csv, summariesFromEvents } from '../import/helpers';
import { HEADER, records, rows, storedEvents, toLegacyLayout } from '../support/events';

afterEach(async () => {
  vi.restoreAllMocks();
  await closeDbForTests();
});

/** An upgraded install: `people` × `each` events, all one per record, with their summaries. */
async function upgradedInstall(people: number, each: number): Promise<void> {
  await importText(csv([HEADER, ...rows(people, each)]), 'old.csv');
  await toLegacyLayout();
  expect(await records('events')).toBe(people * each);
  expect(await records('eventChunks')).toBe(0);
}

/** Every id once: no event lost, none in both stores. */
async function expectEachOnce(ids: readonly string[]): Promise<void> {
  const stored = (await storedEvents()).map((e) => e.id);
  expect(stored).toEqual([...ids].sort());
  expect(await countEvents()).toBe(ids.length);
}

describe('moving events stored one per record into chunks', () => {
  it('moves every event, a batch per transaction, and readers see the same events and summaries', async () => {
    await upgradedInstall(12, 9);
    const before = await storedEvents();
    const summaries = await allSummaries();
    const history = await localHistory('p4@example.com', { latest: 25, earliest: 35 });

    expect((await moveLegacyBatch(40)).moved).toBe(40);
    expect(await records('events')).toBe(68);
    await expectEachOnce(before.map((e) => e.id));

    expect(await migrateLegacyEvents({ batch: 40, pauseMs: 0 })).toBe(68);
    expect(await records('events')).toBe(0);
    expect(await storedEvents()).toEqual(before);
    expect(await allSummaries()).toEqual(summaries);
    expect(await allSummaries()).toEqual(await summariesFromEvents());
    expect(await localHistory('p4@example.com', { latest: 25, earliest: 35 })).toEqual(history);
    // Nothing left: a further run moves nothing.
    expect(await migrateLegacyEvents({ batch: 40, pauseMs: 0 })).toBe(0);
  });

  it('goes on after the last id the batch before moved, and writes whole chunks', async () => {
    await upgradedInstall(30, 10);
    const ids = (await storedEvents()).map((e) => e.id);
    const first = await moveLegacyBatch(100);
    expect(first).toEqual({ moved: 100, last: ids[99] });
    // From after that id: the next 100 in id order, whatever a batch from the start would take.
    expect(await moveLegacyBatch(100, ids[149])).toEqual({ moved: 100, last: ids[249] });
    const left = (await (await db()).getAllKeys('events')).map(String);
    expect(left).toEqual([...ids.slice(100, 150), ...ids.slice(250)]);
    // A run from the start (the worker's next start) takes the rest.
    expect(await migrateLegacyEvents({ batch: 100, pauseMs: 0 })).toBe(100);
    await expectEachOnce(ids);
    for (const chunk of await (await db()).getAll('eventChunks')) {
      expect(chunk.ids).toEqual(chunk.events.map((e) => e.id));
      expect(chunk.pairs).toEqual(chunk.events.map((e) => [e.prospectKey, e.occurredAt]));
      expect(chunk.oldest).toBe(chunk.events.map((e) => e.occurredAt).sort()[0]);
      expect(new Set(chunk.events.map((e) => e.origin)).size).toBe(1);
    }
  });

  it('adds nothing twice when an event is in both stores, and loses none', async () => {
    await upgradedInstall(3, 4);
    const ids = (await storedEvents()).map((e) => e.id);
    // One event put back into a chunk beside its old record (nothing the extension does makes this).
    const twin = (await (await db()).get('events', ids[5]!))!;
    const tx = (await db()).transaction('eventChunks', 'readwrite');
    await tx.store.add({ oldest: twin.occurredAt, ids: [twin.id], pairs: [[twin.prospectKey, twin.occurredAt]], events: [twin] });
    await tx.done;

    expect(await migrateLegacyEvents({ batch: 5, pauseMs: 0 })).toBe(12);
    expect(await records('events')).toBe(0);
    await expectEachOnce(ids);
  });

  it('a batch that fails part-way changes nothing: no event in both stores, none lost', async () => {
    await upgradedInstall(4, 5);
    const ids = (await storedEvents()).map((e) => e.id);
    // The deletion of the old records fails after the chunks were added in the same transaction.
    const deleteRecord = IDBObjectStore.prototype.delete;
    vi.spyOn(IDBObjectStore.prototype, 'delete').mockImplementation(function (this: IDBObjectStore, key) {
      if (this.name === 'events') throw new Error('stopped part-way');
      return deleteRecord.call(this, key);
    });
    await expect(moveLegacyBatch(10)).rejects.toThrow('stopped part-way');
    vi.restoreAllMocks();
    expect(await records('events')).toBe(20);
    expect(await records('eventChunks')).toBe(0);
    await expectEachOnce(ids);
    // And the next run moves them all.
    expect(await migrateLegacyEvents({ batch: 10, pauseMs: 0 })).toBe(20);
    await expectEachOnce(ids);
  });

  it('runs beside imports and writes of the same events without adding any twice', async () => {
    await upgradedInstall(10, 6);
    const ids = (await storedEvents()).map((e) => e.id);
    const again = await storedEvents();
    const [moved, reimport, added] = await Promise.all([
      migrateLegacyEvents({ batch: 7, pauseMs: 0 }),
      importText(csv([HEADER, ...rows(10, 8)]), 'old.csv', { batchSize: 9 }),
      addEvents(again.slice(0, 30)),
    ]);
    expect(reimport.imported).toBe(20);
    expect(added.added).toBe(0);
    expect(moved).toBeLessThanOrEqual(60);
    await migrateLegacyEvents({ batch: 7, pauseMs: 0 });
    expect(await records('events')).toBe(0);
    const all = (await storedEvents()).map((e) => e.id);
    expect(all).toHaveLength(80);
    expect(new Set(all).size).toBe(80);
    expect(all.filter((id) => ids.includes(id))).toHaveLength(60);
    expect(await allSummaries()).toEqual(await summariesFromEvents());
  });

  it('makes the next import look up nothing in the old store', async () => {
    await upgradedInstall(5, 4);
    await migrateLegacyEvents({ pauseMs: 0 });
    await closeDbForTests();
    const gets = vi.spyOn(IDBObjectStore.prototype, 'getKey');
    expect((await importText(csv([HEADER, ...rows(5, 6)]), 'old.csv')).imported).toBe(10);
    expect(gets.mock.contexts.filter((store) => (store as IDBObjectStore).name === 'events')).toHaveLength(0);
    expect(await countEvents()).toBe(30);
  });
});

describe('the background’s start', () => {
  it('runs one migration however often it is asked, and none once the old store is empty', async () => {
    await upgradedInstall(6, 5);
    const counts = vi.spyOn(IDBObjectStore.prototype, 'count');
    const [first, second] = [startLegacyMigration(), startLegacyMigration()];
    expect(second).toBe(first);
    expect(await first).toBe(30);
    expect(await records('events')).toBe(0);
    counts.mockClear();
    expect(await startLegacyMigration()).toBe(0);
    expect(counts).not.toHaveBeenCalled();
  });
});
