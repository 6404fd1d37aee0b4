// @vitest-environment node
/**
 * Retention and "Remove demo data" delete events in batches, one transaction each
 * (lib/store/events.ts, `inBatches`): a worker stopped part-way keeps the batches it finished, and each
 * batch leaves the summaries right.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngagementEvent } from '@/lib/model/engagement';
import { closeDbForTests } from '@/lib/store/db';
import { addEvents, deleteEventsBefore, deleteEventsByOrigin } from '@/lib/store/events';
import { allEvents, allSummaries, summariesFromEvents } from '../import/helpers';

afterEach(async () => {
  vi.restoreAllMocks();
  await closeDbForTests();
});

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const PEOPLE = ['ada@x.example', 'bo@x.example', 'cy@x.example'];

/** 250 events over 250 days, the people in turn; the first 200 days' from `origin`. */
function events(): EngagementEvent[] {
  return Array.from({ length: 250 }, (_, i) => ({
    id: `local:e${i}`,
    prospectKey: PEOPLE[i % 3]!,
    source: 'local',
    type: 'page_view',
    occurredAt: new Date(START + i * DAY).toISOString(),
    ...(i < 200 ? { origin: 'import:old.csv' } : {}),
  }));
}

/** The scopes of the readwrite transactions opened over `events` while `work` runs. */
async function deletingTransactions(work: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const open = IDBDatabase.prototype.transaction;
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const stores = typeof args[0] === 'string' ? [args[0]] : [...args[0]];
    if (args[1] === 'readwrite' && stores.includes('events')) count++;
    return open.apply(this, args);
  });
  await work();
  vi.restoreAllMocks();
  return count;
}

describe('deleting many events', () => {
  it('retention deletes them a batch per transaction, every summary right at the end', async () => {
    await addEvents(events());
    const cut = new Date(START + 200 * DAY).toISOString();
    let deleted = 0;
    expect(await deletingTransactions(async () => (deleted = await deleteEventsBefore(cut, 80)))).toBe(3);
    expect(deleted).toBe(200);
    expect((await allEvents()).map((e) => e.id).sort()).toEqual(events().slice(200).map((e) => e.id).sort());
    expect(await allSummaries()).toEqual(await summariesFromEvents());
  });

  it('a worker stopped part-way keeps the batches it finished, with their summaries', async () => {
    await addEvents(events());
    const open = IDBDatabase.prototype.transaction;
    let deleting = 0;
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      const stores = typeof args[0] === 'string' ? [args[0]] : [...args[0]];
      if (args[1] === 'readwrite' && stores.includes('events') && ++deleting === 2) throw new Error('worker stopped');
      return open.apply(this, args);
    });
    await expect(deleteEventsByOrigin('import:old.csv', 80)).rejects.toThrow('worker stopped');
    vi.restoreAllMocks();
    expect(await allEvents()).toHaveLength(250 - 80);
    expect(await allSummaries()).toEqual(await summariesFromEvents());
    // The next run goes on from there.
    expect(await deleteEventsByOrigin('import:old.csv', 80)).toBe(120);
    expect(await allEvents()).toHaveLength(50);
    expect(await allSummaries()).toEqual(await summariesFromEvents());
  });
});
