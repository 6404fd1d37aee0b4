/**
 * Puts summaries right after an import that died before writing them (lib/store/import-batch.ts:
 * an `ImportSession` keeps its counts in memory until the end and leaves a marker in `config` until
 * they are written).
 *
 * When: some marker's import is no longer running. The page that started the import saw its worker
 * die and names the run (`runIds`), or the marker's heartbeat, refreshed with every batch, is older
 * than `staleMs`. Markers with fresh heartbeats alone start nothing.
 *
 * What: **one** transaction takes every marker, a running import's too, and rebuilds from all their
 * events the summaries of everyone with an event from any of the markers' origins. Every marker,
 * because a rebuilt person may also be waiting in a running import (the same people in two files, or
 * the same file chosen again), and a stale heartbeat may be a laptop that slept, not a dead import:
 * a session that finds its marker gone knows the repair counted every event it had stored, and drops
 * the counts it holds instead of adding them a second time. One transaction, because a batch written
 * between a rebuild and the marker's removal would otherwise be counted twice or not at all. Lookups
 * wait while it runs (a few seconds for a very large import); a repair is rare.
 */
import type { IDBPTransaction } from 'idb';
import { db, type ConfigRecord, type ProspectLensDB } from './db';
import { eventStores, eventsOfPeople, peopleOfOrigin } from './event-chunks';
import { isFresh, markerRange, PENDING_IMPORT_PREFIX, someRunning, STALE_IMPORT_MS, type PendingImport } from './import-batch';
import { addToSummary, emptySummary } from './summary';

export { STALE_IMPORT_MS };

/** People whose events are read at once (a busy person has thousands). */
const REBUILD_CHUNK = 200;

export interface RepairOptions {
  /** Runs known to be dead whatever their heartbeat says (the page saw the worker die). */
  runIds?: readonly string[];
  staleMs?: number;
}

type RepairTx = IDBPTransaction<ProspectLensDB, ('config' | 'events' | 'eventChunks' | 'summaries')[], 'readwrite'>;

async function markers(): Promise<ConfigRecord[]> {
  return (await (await db()).getAll('config', markerRange())) as ConfigRecord[];
}

/**
 * Whether an import (of `origin`, when named) may be running now: a marker with a fresh heartbeat.
 * "Remove demo data" asks about the demo before it repairs anything. A deletion itself asks again in
 * its own transaction (lib/store/events.ts): an answer from here may be out of date by the time it runs.
 */
export async function importRunning(origin?: string): Promise<boolean> {
  return someRunning(await markers(), origin);
}

/** Resolves with the number of summaries rebuilt. */
export async function repairInterruptedImports({ runIds = [], staleMs = STALE_IMPORT_MS }: RepairOptions = {}): Promise<number> {
  const dead = new Set(runIds.map((id) => `${PENDING_IMPORT_PREFIX}${id}`));
  const due = (found: ConfigRecord[]) => found.some((marker) => dead.has(marker.id) || !isFresh(marker, staleMs));
  // A look first, so that a day with nothing to repair takes no hold of the events.
  if (!due(await markers())) return 0;
  const tx = (await db()).transaction(['config', 'events', 'eventChunks', 'summaries'], 'readwrite');
  const config = tx.objectStore('config');
  // Again in the transaction: another repair may have taken the markers meanwhile.
  const found = (await config.getAll(markerRange())) as ConfigRecord[];
  if (!due(found)) {
    await tx.done;
    return 0;
  }
  const people = await peopleOf(tx, found);
  for (let from = 0; from < people.length; from += REBUILD_CHUNK) await rebuild(tx, people.slice(from, from + REBUILD_CHUNK));
  await Promise.all(found.map((marker) => config.delete(marker.id)));
  await tx.done;
  return people.length;
}

/**
 * The stale imports' repair for work that goes on either way (an import about to start, the daily
 * retention): a failure is logged, not thrown; the markers stay for the next try.
 */
export async function repairStaleImports(): Promise<void> {
  await repairInterruptedImports().catch((error: unknown) => console.warn('Prospect Lens: could not repair an earlier import', error));
}

/** Everyone with an event from the origin of one of the markers (a marker without one names nobody). */
async function peopleOf(tx: RepairTx, found: readonly ConfigRecord[]): Promise<string[]> {
  const origins = new Set<string>();
  for (const marker of found) {
    const origin = (marker.value as Partial<PendingImport> | undefined)?.origin;
    if (typeof origin === 'string') origins.add(origin);
  }
  const keys = new Set<string>();
  for (const origin of origins) for (const key of await peopleOfOrigin(eventStores(tx), origin)) keys.add(key);
  return [...keys];
}

/** Each person's summary, from all their events. */
async function rebuild(tx: RepairTx, prospectKeys: readonly string[]): Promise<void> {
  const summaries = tx.objectStore('summaries');
  // The chunks these people share are read once.
  const histories = await eventsOfPeople(eventStores(tx), prospectKeys);
  await Promise.all(
    prospectKeys.map((key) => {
      const summary = emptySummary(key);
      for (const event of histories.get(key)!) addToSummary(summary, event, 1);
      return summary.total === 0 ? summaries.delete(key) : summaries.put(summary);
    }),
  );
}
