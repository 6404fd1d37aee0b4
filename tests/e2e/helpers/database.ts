import type { Page } from 'playwright-core';

/**
 * What `countInDatabase` counts: a store's records, or events by layout — `chunked-events` in chunks
 * (schema v5 on; one `byEventId` entry per event), `legacy-events` one per record (before v5), `events`
 * both.
 */
export type CountedStore = 'events' | 'chunked-events' | 'legacy-events' | 'prospects' | 'outbox';

/**
 * Counts in the extension's database from one of its pages (the same origin). No database, which is so
 * after "Delete everything" until the extension next uses one, and no such store count 0; the database
 * is not opened when it is not there, which would create an empty one.
 */
export function countInDatabase(page: Page, what: CountedStore): Promise<number> {
  return page.evaluate(async (counted) => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'prospect-lens')) return 0;
    const parts: [store: string, index?: string][] =
      counted === 'events' ? [['events'], ['eventChunks', 'byEventId']]
      : counted === 'chunked-events' ? [['eventChunks', 'byEventId']]
      : counted === 'legacy-events' ? [['events']]
      : [[counted]];
    return new Promise<number>((resolve, reject) => {
      const open = indexedDB.open('prospect-lens');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const present = parts.filter(([store]) => db.objectStoreNames.contains(store));
        if (present.length === 0) {
          db.close();
          resolve(0);
          return;
        }
        const tx = db.transaction(present.map(([store]) => store));
        const counts = present.map(([store, index]) => {
          const request = index ? tx.objectStore(store).index(index).count() : tx.objectStore(store).count();
          return new Promise<number>((done, fail) => {
            request.onsuccess = () => done(request.result);
            request.onerror = () => fail(request.error);
          });
        });
        Promise.all(counts).then((each) => {
          db.close();
          resolve(each.reduce((a, b) => a + b, 0));
        }, reject);
      };
    });
  }, what);
}
