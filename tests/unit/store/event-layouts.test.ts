/**
 * Events in chunks (schema v5, lib/store/event-chunks.ts) beside the events stored one per record
 * before it: the import writes few records, never adds an event twice whichever store holds it, and
 * every reader and deletion finds the events of both.
 */
import { describe, expect, it, vi } from 'vitest';
import { exportEventsCsv, exportJson } from '@/lib/data/export';
import { peopleWithEvents } from '@/lib/feedback/load';
import { importText } from '@/lib/import';
import type { EngagementEvent } from '@/lib/model/engagement';
import { closeDbForTests, db } from '@/lib/store/db';
import { CHUNK_BUCKETS } from '@/lib/store/event-chunks';
import { addEvents, countEvents, deleteEventsBefore, deleteEventsByOrigin, localHistory } from '@/lib/store/events';
import { deleteProspectsByOrigin, getProspect } from '@/lib/store/prospects';
import { allSummaries, csv, summariesFromEvents } from '../import/helpers';
import { DAY, HEADER, records, rows, START, storedEvents, toLegacyLayout } from '../support/events';

afterEach(closeDbForTests);


/** Stored events by id, without the origin stamped on them (files differ in name only). */
async function ids(): Promise<string[]> {
  return (await storedEvents()).map((e) => e.id);
}

describe('the import writes events in chunks', () => {
  it('writes a few records for many events: at most one per group of people per batch', async () => {
    const summary = await importText(csv([HEADER, ...rows(200, 10)]), 'people.csv', { batchSize: 250 });
    expect(summary.imported).toBe(2_000);
    expect(await countEvents()).toBe(2_000);
    expect(await records('events')).toBe(0);
    // 8 batches of 250 rows, each 25 people: no more than 25 chunks a batch, nor CHUNK_BUCKETS.
    const chunks = await records('eventChunks');
    expect(chunks).toBeLessThanOrEqual(8 * Math.min(25, CHUNK_BUCKETS));
    expect(chunks).toBeLessThan(2_000 / 5);
    expect(await allSummaries()).toEqual(await summariesFromEvents());
  });

  it('adds only the new events of a file that repeats some stored ones, in a chunk that holds both', async () => {
    await importText(csv([HEADER, ...rows(30, 4)]), 'first.csv');
    const before = await ids();
    // The same people with two more events each, the old rows among the new in every batch.
    const again = await importText(csv([HEADER, ...rows(30, 6)]), 'second.csv');
    expect(again.imported).toBe(60);
    expect(again.skipped).toBe(120);
    expect(await countEvents()).toBe(180);
    expect(new Set(await ids()).size).toBe(180);
    expect((await ids()).filter((id) => before.includes(id))).toHaveLength(120);
    expect(await allSummaries()).toEqual(await summariesFromEvents());
    // And a third time, nothing.
    expect((await importText(csv([HEADER, ...rows(30, 6)]), 'third.csv')).imported).toBe(0);
    expect(await countEvents()).toBe(180);
  });
});

describe('reading many people', () => {
  it('reads a chunk they share once', async () => {
    // 200 people in one batch: at most CHUNK_BUCKETS chunks, so people share them.
    await importText(csv([HEADER, ...rows(200, 1)]), 'many.csv');
    const chunks = await records('eventChunks');
    expect(chunks).toBeLessThanOrEqual(CHUNK_BUCKETS);
    const keys = Array.from({ length: 200 }, (_, p) => `p${p}@example.com`);
    const gets = vi.spyOn(IDBObjectStore.prototype, 'get');
    try {
      const people = await peopleWithEvents(keys);
      expect(keys.every((key) => people.get(key)!.events.length === 1)).toBe(true);
      expect(gets.mock.contexts.filter((store) => (store as IDBObjectStore).name === 'eventChunks')).toHaveLength(chunks);
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe('events stored before v5, one per record', () => {
  it('are not added again by an import of the same rows, which adds only the new ones', async () => {
    await importText(csv([HEADER, ...rows(20, 5)]), 'old.csv');
    await toLegacyLayout();
    await closeDbForTests();
    expect(await records('events')).toBe(100);
    expect(await records('eventChunks')).toBe(0);
    const summaries = await allSummaries();

    const again = await importText(csv([HEADER, ...rows(20, 5)]), 'old.csv');
    expect(again.imported).toBe(0);
    expect(await countEvents()).toBe(100);
    expect(await allSummaries()).toEqual(summaries);

    const more = await importText(csv([HEADER, ...rows(20, 7)]), 'old.csv');
    expect(more.imported).toBe(40);
    expect(await records('events')).toBe(100);
    expect(await countEvents()).toBe(140);
    expect(await allSummaries()).toEqual(await summariesFromEvents());
  });

  it('are read, exported, counted and deleted with the chunked ones', async () => {
    await importText(csv([HEADER, ...rows(10, 8)]), 'mixed.csv');
    // Every other event of each person one per record.
    await toLegacyLayout((event) => Number(event.title!.split(' ')[1]) % 2 === 0);
    expect(await records('events')).toBe(40);
    const all = await storedEvents();
    expect(all).toHaveLength(80);
    const person = (key: string) => all.filter((e) => e.prospectKey === key).sort(byTime);

    // A person's every event (the lead feedback page), and their newest and oldest (a card).
    const read = (await peopleWithEvents(['p3@example.com'])).get('p3@example.com')!;
    expect(read.events.map((e) => e.id)).toEqual(person('p3@example.com').map((e) => e.id));
    const history = await localHistory('p3@example.com', { latest: 25, earliest: 35 });
    expect(history.latest.map((e) => e.id)).toEqual(person('p3@example.com').reverse().map((e) => e.id));

    // Exports: every event once.
    const json = JSON.parse(await (await exportJson()).text()) as { events: EngagementEvent[] };
    expect(json.events.map((e) => e.id).sort()).toEqual(all.map((e) => e.id));
    expect((await (await exportEventsCsv()).text()).trim().split('\n')).toHaveLength(1 + 80);

    // Retention takes the old ones of both stores, a batch at a time, and leaves the summaries right.
    const cut = new Date(START + 4 * DAY).toISOString();
    expect(await deleteEventsBefore(cut, 7)).toBe(40);
    expect((await storedEvents()).every((e) => e.occurredAt >= cut)).toBe(true);
    expect(await countEvents()).toBe(40);
    expect(await allSummaries()).toEqual(await summariesFromEvents());

    // "Remove demo data" (here: the file) takes the rest of both, and then the people.
    expect(await deleteEventsByOrigin('import:mixed.csv', 6)).toBe(40);
    expect(await countEvents()).toBe(0);
    expect(await records('eventChunks')).toBe(0);
    expect(await allSummaries()).toEqual(new Map());
    expect(await deleteProspectsByOrigin('import:mixed.csv')).toBe(10);
  });

  it('keep a person "Remove demo data" would delete when their other event is in either store', async () => {
    await importText(csv([HEADER, ...rows(2, 2)]), 'demo.csv');
    await importText(csv([HEADER, ['p0@example.com', '', 'page_view', '2026-03-01T10:00:00Z', 'Pricing'], ['p1@example.com', '', 'page_view', '2026-03-01T10:00:00Z', 'Pricing']]), 'mine.csv');
    // p0's own event one per record, p1's in a chunk.
    await toLegacyLayout((event) => event.prospectKey === 'p0@example.com' && event.origin === 'import:mine.csv');
    await deleteEventsByOrigin('import:demo.csv');
    expect(await deleteProspectsByOrigin('import:demo.csv')).toBe(0);
    expect(await getProspect('p0@example.com')).toMatchObject({ origin: 'import:mine.csv' });
    expect(await getProspect('p1@example.com')).toMatchObject({ origin: 'import:mine.csv' });
  });
});

describe('origins', () => {
  const at = (id: string, origin?: string): EngagementEvent => ({ id, prospectKey: 'p@x.example', source: 'local', type: 'page_view', occurredAt: '2026-01-01T00:00:00.000Z', ...(origin === undefined ? {} : { origin }) });

  it('keeps an empty origin apart from none, whichever comes first', async () => {
    await addEvents([at('a'), at('b', '')]);
    expect(await deleteEventsByOrigin('')).toBe(1);
    expect(await ids()).toEqual(['a']);
    await addEvents([at('c', ''), at('d')]);
    expect(await deleteEventsByOrigin('')).toBe(1);
    expect(await ids()).toEqual(['a', 'd']);
  });
});

describe('deleting some of a chunk’s events', () => {
  it('rewrites the chunk with the others, whose people keep them', async () => {
    // Two people in one chunk (one batch, one group each at most): retention takes only the older half.
    await importText(csv([HEADER, ...rows(2, 6)]), 'two.csv');
    const cut = new Date(START + 3 * DAY).toISOString();
    const kept = (await storedEvents()).filter((e) => e.occurredAt >= cut).map((e) => e.id);
    expect(await deleteEventsBefore(cut)).toBe(6);
    expect(await ids()).toEqual(kept);
    const chunks = await (await db()).getAll('eventChunks');
    for (const chunk of chunks) {
      expect(chunk.ids).toEqual(chunk.events.map((e) => e.id));
      expect(chunk.oldest >= cut).toBe(true);
      expect(chunk.pairs).toEqual(chunk.events.map((e) => [e.prospectKey, e.occurredAt]));
    }
    expect(await allSummaries()).toEqual(await summariesFromEvents());
    expect((await localHistory('p1@example.com')).earliest.map((e) => e.occurredAt >= cut)).toEqual([true, true, true]);
  });
});

function byTime(a: EngagementEvent, b: EngagementEvent): number {
  return a.occurredAt.localeCompare(b.occurredAt) || (a.id < b.id ? -1 : 1);
}
