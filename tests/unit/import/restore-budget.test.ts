/**
 * A restore writes events through a session per origin (lib/import/restore.ts), and an "Export
 * everything" of many import files has many origins. What they wait to write (each person's summary
 * per origin, the events it keeps) is bounded for all of them together, as one import's session is
 * alone: an export of 40 files with 4,000 people and 160,000 events held all 160,000 until its end.
 *
 * What they hold in memory is read from the database: the events stored that no stored summary counts
 * yet. Here every person has one event per origin, so that is also the events their summaries keep.
 */
import { expect, it } from 'vitest';
import { restoreExport } from '@/lib/import/restore';
import { stringChunks } from '@/lib/import/text-chunks';
import { closeDbForTests, db } from '@/lib/store/db';
import type { SessionLimits } from '@/lib/store/import-batch';
import { allEvents, allSummaries, pendingImportMarkers, summariesFromEvents } from './helpers';

afterEach(closeDbForTests);

const PEOPLE = 60;
const ORIGINS = 40;
/** One import's session may hold this many summaries, or kept events, before it writes them. */
const LIMIT = 1_000;
const limits: SessionLimits = { pendingPeople: LIMIT, pendingKeptEvents: LIMIT, pendingKeptChars: 24_000_000, knownPeople: 50_000 };

const key = (p: number) => `p${p}@northwind.example`;
const people = Array.from({ length: PEOPLE }, (_, p) => ({ key: key(p), emails: [key(p)], refs: [] }));
// As the export lists them: by person, each with one event from each file it came from.
const events = Array.from({ length: PEOPLE * ORIGINS }, (_, i) => ({
  id: `local:${i}`,
  prospectKey: key(Math.floor(i / ORIGINS)),
  source: 'local',
  type: 'page_view',
  occurredAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
  origin: `import:file-${i % ORIGINS}.csv`,
}));
const text = JSON.stringify({ format: 'prospect-lens-export', version: 1, exportedAt: '2026-12-02T12:00:00.000Z', prospects: people, events, actions: [] });

/**
 * Restores the file, and after every batch (its progress report) reads what the sessions wait to
 * write: in a transaction started then, so it sees the database as that batch and any flush left it.
 */
async function restore(signal?: AbortSignal, onBatch?: () => void) {
  const connection = await db();
  const reads: Promise<number>[] = [];
  const summary = await restoreExport(
    stringChunks(text, 64 * 1024),
    text.length,
    'import:all.json',
    {
      signal,
      onProgress: () => {
        // Events stored (one per record before v5, one `byEventId` entry each in chunks) and not yet counted.
        const tx = connection.transaction(['events', 'eventChunks', 'summaries']);
        const counted = [tx.objectStore('events').count(), tx.objectStore('eventChunks').index('byEventId').count(), tx.objectStore('summaries').getAll()] as const;
        reads.push(Promise.all(counted).then(([legacy, chunked, summaries]) => legacy + chunked - summaries.reduce((sum, s) => sum + s.total, 0)));
        onBatch?.();
      },
    },
    limits,
  );
  return { summary, waiting: await Promise.all(reads) };
}

it('flushes every session once together they hold what one may, and never holds more', async () => {
  const { summary, waiting } = await restore();
  expect(summary.restored?.events).toEqual({ imported: PEOPLE * ORIGINS, skipped: 0, rejected: 0 });
  // No session holds LIMIT by itself (100 people each), so only their sum can bound them.
  expect(Math.max(...waiting)).toBeLessThan(LIMIT);
  expect(waiting.filter((n, i) => i > 0 && n < waiting[i - 1]!).length, 'flushes mid-restore').toBeGreaterThan(0);
  expect(await allSummaries()).toEqual(await summariesFromEvents());
  expect(await pendingImportMarkers()).toEqual([]);

  // Restored again, it adds nothing.
  const again = await restore();
  expect(again.summary.restored).toMatchObject({ prospects: { imported: 0 }, events: { imported: 0, skipped: PEOPLE * ORIGINS } });
  expect(await allSummaries()).toEqual(await summariesFromEvents());
});

it('cancelled midway, it leaves whole batches counted, and a second run completes it', async () => {
  const controller = new AbortController();
  let batches = 0;
  const { summary } = await restore(controller.signal, () => ++batches === 7 && controller.abort());
  expect(summary.cancelled).toBe(true);
  expect((await allEvents()).length).toBe(7 * 250 - PEOPLE);
  expect(await allSummaries()).toEqual(await summariesFromEvents());
  expect(await pendingImportMarkers()).toEqual([]);

  const rest = await restore();
  expect(rest.summary.restored?.events).toMatchObject({ imported: PEOPLE * ORIGINS - (7 * 250 - PEOPLE) });
  expect(await allSummaries()).toEqual(await summariesFromEvents());
});
