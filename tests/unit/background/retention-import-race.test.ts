/**
 * Retention deletes no events while an import runs, and asks in the transaction that deletes them
 * (docs/architecture.md, "Import and storage"): a look before it could answer "none running" just
 * before an import's first batch lands, and the deletion would then take events out of summaries
 * that do not count them yet.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyRetention } from '@/lib/background/retention';
import { setClock } from '@/lib/clock';
import { mapCanonical } from '@/lib/import/canonical';
import { writeBatch } from '@/lib/import/write-batch';
import { closeDbForTests } from '@/lib/store/db';
import { countEvents, deleteEventsBefore } from '@/lib/store/events';
import { ImportSession, STALE_IMPORT_MS } from '@/lib/store/import-batch';
import { saveSettings } from '@/lib/store/settings';
import { allSummaries, pendingImportMarkers, summariesFromEvents } from '../import/helpers';

// The race, made certain: whatever retention may look at before its deletion answers "no import"
// (as it did the moment before the import's first batch landed).
vi.mock('@/lib/store/import-repair', async (original) => ({
  ...(await original<typeof import('@/lib/store/import-repair')>()),
  importRunning: async () => false,
}));

const NOW = Date.UTC(2026, 11, 2, 12);
const daysAgo = (days: number) => new Date(NOW - days * 86_400_000).toISOString();
let restore: () => void;
beforeEach(() => {
  restore = setClock(() => NOW);
});
afterEach(async () => {
  restore();
  await closeDbForTests();
});

const HEADER = ['email', 'event_type', 'occurred_at'];
/** Dana's page views 40, 41, … days ago: all older than a 30-day retention. */
const oldRows = (n: number) =>
  Array.from({ length: n }, (_, i) => mapCanonical(new Map(HEADER.map((h, k) => [h, ['dana@northwind.example', 'page_view', daysAgo(40 + i)][k]!])), 'import:x.csv'));

describe('retention while an import runs', () => {
  it("leaves an import's first batch alone when it landed after any look retention could take", async () => {
    await saveSettings({ retentionDays: 30 });
    const session = new ImportSession('import:x.csv');
    await writeBatch(session, oldRows(5));

    expect(await applyRetention()).toMatchObject({ events: 0 });
    expect(await countEvents()).toBe(5);
    await session.flush(true);
    // The import's counts were added to summaries that still hold every event they count.
    expect(await allSummaries()).toEqual(await summariesFromEvents());
    expect((await allSummaries()).get('dana@northwind.example')?.total).toBe(5);
  });

  it('deleteEventsBefore removes nothing while a marker is fresh, and the old events once the import is gone', async () => {
    const session = new ImportSession('import:x.csv');
    await writeBatch(session, oldRows(3));
    expect(await deleteEventsBefore(daysAgo(30))).toBe(0);
    expect(await countEvents()).toBe(3);

    await session.flush(true);
    expect(await pendingImportMarkers()).toEqual([]);
    expect(await deleteEventsBefore(daysAgo(30))).toBe(3);
    expect(await allSummaries()).toEqual(new Map());
  });

  it('a stale marker (an import that died) does not hold retention back', async () => {
    const session = new ImportSession('import:x.csv');
    await writeBatch(session, oldRows(2));
    setClock(() => NOW + STALE_IMPORT_MS + 1);
    expect(await deleteEventsBefore(daysAgo(30))).toBe(2);
  });
});
