/**
 * Puts summaries right after an import that died before writing them (lib/store/import-batch.ts:
 * an `ImportSession` keeps its counts in memory until the end and leaves a marker in `config` until
 * they are written). For every marker of an import that is no longer running, the summaries of the
 * people who have events from that origin are rebuilt from their events, then the marker goes.
 *
 * "No longer running": the page that started the import saw its worker die and names the run
 * (`runIds`), or the marker's heartbeat, refreshed with every batch, is older than `staleMs`. A running
 * import is never touched: rebuilding under it would count its waiting events twice when it writes them.
 */
import { unwrap } from 'idb';
import { clock } from '../clock';
import type { EngagementEvent } from '../model/engagement';
import { db, type ConfigRecord } from './db';
import { prospectRange } from './events';
import { PENDING_IMPORT_PREFIX, type PendingImport } from './import-batch';
import { addToSummary, emptySummary } from './summary';

/** No batch for this long: the import is gone (a batch takes well under a second, even on a busy machine). */
export const STALE_IMPORT_MS = 120_000;

/** People rebuilt per transaction. */
const REBUILD_CHUNK = 200;

export interface RepairOptions {
  /** Runs known to be dead whatever their heartbeat says (the page saw the worker die). */
  runIds?: readonly string[];
  staleMs?: number;
}

async function markers(): Promise<ConfigRecord[]> {
  const range = IDBKeyRange.bound(PENDING_IMPORT_PREFIX, `${PENDING_IMPORT_PREFIX}\uffff`);
  return (await (await db()).getAll('config', range)) as ConfigRecord[];
}

function isStale(marker: ConfigRecord, staleMs: number): boolean {
  const heartbeat = (marker.value as Partial<PendingImport> | undefined)?.heartbeat;
  return typeof heartbeat !== 'number' || clock.now() - heartbeat > staleMs;
}

/**
 * Whether an import may be running now (a marker with a fresh heartbeat). Retention waits for it: it
 * would take events out of summaries that do not count them yet, and the import would add them back.
 */
export async function importRunning(staleMs = STALE_IMPORT_MS): Promise<boolean> {
  return (await markers()).some((marker) => !isStale(marker, staleMs));
}

/** Resolves with the number of summaries rebuilt. */
export async function repairInterruptedImports({ runIds = [], staleMs = STALE_IMPORT_MS }: RepairOptions = {}): Promise<number> {
  const database = await db();
  const dead = new Set(runIds.map((id) => `${PENDING_IMPORT_PREFIX}${id}`));
  let rebuilt = 0;
  for (const marker of await markers()) {
    const pending = marker.value as Partial<PendingImport> | undefined;
    if (!dead.has(marker.id) && !isStale(marker, staleMs)) continue;
    if (typeof pending?.origin === 'string') rebuilt += await rebuildOrigin(pending.origin);
    await database.delete('config', marker.id);
  }
  return rebuilt;
}

/**
 * The stale imports' repair for work that goes on either way (an import about to start, the daily
 * retention): a failure is logged, not thrown; the markers stay for the next try.
 */
export async function repairStaleImports(): Promise<void> {
  await repairInterruptedImports().catch((error: unknown) => console.warn('Prospect Lens: could not repair an earlier import', error));
}

/** Rebuilds the summary of every person with an event from `origin`, from all their events. */
async function rebuildOrigin(origin: string): Promise<number> {
  const database = unwrap(await db());
  const keys = new Set<string>();
  let cursor = await (await db()).transaction('events').store.index('byOrigin').openCursor(origin);
  while (cursor) {
    keys.add(cursor.value.prospectKey);
    cursor = await cursor.continue();
  }
  const all = [...keys];
  for (let from = 0; from < all.length; from += REBUILD_CHUNK) {
    await rebuild(database, all.slice(from, from + REBUILD_CHUNK));
  }
  return all.length;
}

function rebuild(database: IDBDatabase, prospectKeys: readonly string[]): Promise<void> {
  const tx = database.transaction(['events', 'summaries'], 'readwrite');
  const byTime = tx.objectStore('events').index('byProspectTime');
  const summaries = tx.objectStore('summaries');
  for (const key of prospectKeys) {
    const request = byTime.getAll(prospectRange(key)) as IDBRequest<EngagementEvent[]>;
    request.onsuccess = () => {
      const summary = emptySummary(key);
      for (const event of request.result) addToSummary(summary, event, 1);
      if (summary.total === 0) summaries.delete(key);
      else summaries.put(summary);
    };
  }
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('The summaries were not rebuilt', 'AbortError'));
  });
}
