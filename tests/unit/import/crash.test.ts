/**
 * An import that dies midway (here: the third batch's transaction fails after its event writes were
 * issued, as a closed page or a broken database would make it; a full disk is retried after evicting
 * the cache, see storage-pressure) leaves whole batches and no event without its prospect; running
 * the same file again completes it with no duplicates.
 */
import { importText } from '@/lib/import';
import { closeDbForTests } from '@/lib/store/db';
import * as events from '@/lib/store/events';
import { ImportSession } from '@/lib/store/import-batch';
import { allEvents, allProspects, allSummaries, csv, pendingImportMarkers, summariesFromEvents } from './helpers';

const failOnCall = { n: 0, calls: 0 };
const writeBatch = ImportSession.prototype.writeBatch;

beforeEach(() => {
  vi.spyOn(ImportSession.prototype, 'writeBatch').mockImplementation(function (this: ImportSession, readKeys, batch, merge) {
    failOnCall.calls++;
    const dies = failOnCall.calls === failOnCall.n;
    return writeBatch.call(this, readKeys, batch, (stored) => {
      // Inside the transaction, with the batch's event adds already issued.
      if (dies) throw new DOMException('The page was closed', 'AbortError');
      return merge(stored);
    });
  });
});

afterEach(closeDbForTests);

it('keeps whole batches after a crash and completes on the next run', async () => {
  const rows = Array.from({ length: 1000 }, (_, i) => [`p${i}@example.com`, 'email_open', new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()]);
  const text = csv([['email', 'event_type', 'occurred_at'], ...rows]);

  failOnCall.n = 3;
  await expect(importText(text, 'crash.csv', { batchSize: 200 })).rejects.toThrow('The page was closed');
  const afterCrash = await allEvents();
  expect(afterCrash).toHaveLength(400);
  const keys = new Set((await allProspects()).map((p) => p.key));
  expect(afterCrash.every((e) => keys.has(e.prospectKey))).toBe(true);
  // The summaries count exactly the events written, and nothing is left for a repair.
  expect(await allSummaries()).toEqual(await summariesFromEvents());
  expect(await pendingImportMarkers()).toEqual([]);

  failOnCall.n = 0;
  const rerun = await importText(text, 'crash.csv', { batchSize: 200 });
  expect(rerun).toMatchObject({ recordsRead: 1000, imported: 600, skipped: 400 });
  expect(await events.countEvents()).toBe(1000);
  expect(await allSummaries()).toEqual(await summariesFromEvents());
});
