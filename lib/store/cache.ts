/**
 * Source answers cached per prospect, for stale-while-revalidate: a lookup shows what is cached at
 * once and refreshes it behind. Cached data is the first thing evicted under storage pressure.
 */
import { clock } from '../clock';
import { type CacheRecord, db } from './db';

export async function getCached(source: string, prospectKey: string): Promise<CacheRecord | undefined> {
  return (await db()).get('cache', `${source}:${prospectKey}`);
}

export async function putCached(source: string, prospectKey: string, record: unknown): Promise<void> {
  await (await db()).put('cache', { id: `${source}:${prospectKey}`, source, prospectKey, record, fetchedAt: clock.iso() });
}

export function isFresh(entry: CacheRecord, ttlHours: number): boolean {
  return clock.now() - Date.parse(entry.fetchedAt) < ttlHours * 3_600_000;
}

/** Deletes the oldest `count` entries (or all with no count). Returns how many went. */
export async function evictCache(count?: number): Promise<number> {
  const tx = (await db()).transaction('cache', 'readwrite');
  let removed = 0;
  let cursor = await tx.store.index('byFetched').openCursor();
  while (cursor && (count === undefined || removed < count)) {
    await cursor.delete();
    removed++;
    cursor = await cursor.continue();
  }
  await tx.done;
  return removed;
}

export async function clearCacheFor(source: string): Promise<void> {
  const tx = (await db()).transaction('cache', 'readwrite');
  let cursor = await tx.store.openCursor();
  while (cursor) {
    if (cursor.value.source === source) await cursor.delete();
    cursor = await cursor.continue();
  }
  await tx.done;
}

/** Retention: removes CRM answers fetched before `beforeIso`. */
export async function deleteCachedBefore(beforeIso: string): Promise<number> {
  const tx = (await db()).transaction('cache', 'readwrite');
  const keys = await tx.store.index('byFetched').getAllKeys(IDBKeyRange.upperBound(beforeIso, true));
  await Promise.all(keys.map((key) => tx.store.delete(key)));
  await tx.done;
  return keys.length;
}
