/** How much the extension stores, from the browser's own estimate (covers IndexedDB and storage). */
export interface StorageUse {
  usage: number;
  quota?: number;
  /**
   * IndexedDB's part, where the browser counts it apart (Chromium's `usageDetails`). Firefox gives none,
   * and needs none: it keeps each database in a SQLite file of its own and gives the space back with the
   * deletion (12.5 MB of demo data on disk was 74 kB when the erase answered, 174 ms later; Firefox ESR,
   * measured once in session 29). "Delete everything" reads it (db.ts, `deleteDatabaseFiles`); Options
   * shows `usage` (lib/data/usage.ts).
   */
  indexedDB?: number;
}

/** Null when the browser gives no estimate. */
export async function storageUsed(): Promise<StorageUse | null> {
  try {
    const estimate = (await globalThis.navigator?.storage?.estimate()) as (StorageEstimate & { usageDetails?: { indexedDB?: number } }) | undefined;
    if (estimate?.usage === undefined) return null;
    return { usage: estimate.usage, quota: estimate.quota, indexedDB: estimate.usageDetails?.indexedDB };
  } catch {
    return null;
  }
}
