/**
 * The options page's import path on its own: `importInWorker` from lib/import on a File fetched from
 * the bench server, in a dedicated worker (bench/pages/import-worker-entry.ts bundled, served at
 * /import-worker.js) as the options page runs it; `thread: 'page'` runs `importFile` on the page's
 * main thread instead (the fallback when no worker starts).
 *
 * `bare` is the yardstick issue 18 sets: the same number of event records written with nothing but
 * IndexedDB — no parsing, no prospects, no summaries — into a store with the events store's indexes,
 * one transaction per `batch` records, relaxed durability, every put issued at once: `today`'s
 * (byProspectTime, byOrigin, byTime), the four the store had when the issue was `filed` (byProspect as
 * well, which schema v4 dropped), or `none`. It runs in the same page and browser as the import, so
 * the import's rate can be given as a share of it. The yardstick stays one record per event, as the
 * issue measured it, although the import has written events a few per record since schema v5
 * (lib/store/event-chunks.ts): the goal is the import against what IndexedDB writes per event.
 */
import { importFile, importInWorker } from '@/lib/import';
import type { EngagementEvent } from '@/lib/model/engagement';
import { db, deleteDatabaseFiles } from '@/lib/store/db';
import { MIGRATION_BATCH, moveLegacyBatch } from '@/lib/store/event-migration';

async function run(url: string, thread: 'worker' | 'page' = 'worker', batchSize?: number) {
  const blob = await (await fetch(url)).blob();
  const file = new File([blob], 'bench-import.csv', { type: 'text/csv' });
  const started = performance.now();
  const noWorker = () => {
    throw new Error('on the page');
  };
  const summary = await importInWorker(file, { batchSize }, thread === 'worker' ? () => new Worker('/import-worker.js') : noWorker, importFile);
  const ms = performance.now() - started;
  return { ms, bytes: file.size, summary: { ...summary, rejectedRows: summary.rejectedRows.slice(0, 5) } };
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** The `i`-th event-shaped record: 10,000 people, a year of times before `now`. */
function benchEvent(i: number, now: number): EngagementEvent {
  const person = i % 10_000;
  return {
    id: `local:${(i * 2654435761 >>> 0).toString(16).padStart(8, '0')}${i.toString(16).padStart(8, '0')}`,
    prospectKey: `person-${person}@firm-${person % 1500}.example`,
    source: 'local',
    type: 'email_open',
    occurredAt: new Date(now - ((i * 7919) % 365) * 86_400_000 - (i % 86_400) * 1000).toISOString(),
    title: `Touch ${i}, email_open`,
    campaign: `Q${(i % 4) + 1} nurture`,
    channel: 'email',
    origin: 'import:bench-import.csv',
  };
}

/** Writes `rows` event-shaped records into a fresh database; resolves with the time it took (ms). */
async function bare(rows: number, indexes: 'today' | 'filed' | 'none', batch = 1000): Promise<number> {
  const name = `bare-${indexes}-${Date.now()}`;
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => {
    const store = open.result.createObjectStore('events', { keyPath: 'id' });
    if (indexes === 'none') return;
    // The events store's indexes as lib/store/db.ts has them today (v4 and later: no `byProspect`;
    // since v5 the store holds only events written before), and when issue 18 was filed (v2 and v3).
    if (indexes === 'filed') store.createIndex('byProspect', 'prospectKey');
    store.createIndex('byProspectTime', ['prospectKey', 'occurredAt']);
    store.createIndex('byOrigin', 'origin');
    store.createIndex('byTime', 'occurredAt');
  };
  const database = await request(open);
  const now = Date.now();
  const started = performance.now();
  for (let from = 0; from < rows; from += batch) {
    const tx = database.transaction('events', 'readwrite', { durability: 'relaxed' });
    const store = tx.objectStore('events');
    for (let i = from; i < Math.min(rows, from + batch); i++) {
      store.put(benchEvent(i, now));
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  }
  const ms = performance.now() - started;
  database.close();
  await request(indexedDB.deleteDatabase(name));
  return ms;
}

/**
 * The same import into a database upgraded from v4 that still holds an event stored one per record
 * (lib/store/event-chunks.ts): the import then looks every id up in that store before it writes. The
 * import's own database is deleted first, and again after.
 */
async function upgraded(url: string) {
  await deleteDatabaseFiles();
  await (await db()).put('events', { id: 'local:before-v5', prospectKey: 'someone@before-v5.example', source: 'local', type: 'email_open', occurredAt: new Date().toISOString() });
  const result = await run(url);
  await deleteDatabaseFiles();
  return result;
}

/**
 * An install upgraded from v4 with `rows` events stored one per record (the yardstick's), then moved
 * into chunks as the background does it (lib/store/event-migration.ts), batch by batch without its
 * pauses: the rate,
 * and how long each batch's transaction held the event stores (what a lookup may wait behind). The
 * database is deleted first, and again after.
 */
async function migration(rows: number) {
  await deleteDatabaseFiles();
  // The old layout as v4 wrote it, 1,000 records per transaction.
  const database = await db();
  const now = Date.now();
  for (let from = 0; from < rows; from += 1000) {
    const tx = database.transaction('events', 'readwrite', { durability: 'relaxed' });
    for (let i = from; i < Math.min(rows, from + 1000); i++) void tx.store.put(benchEvent(i, now));
    await tx.done;
  }
  const legacy = await database.count('events');
  const batches: number[] = [];
  const started = performance.now();
  let last: string | undefined;
  for (;;) {
    const batchStarted = performance.now();
    const done = await moveLegacyBatch(MIGRATION_BATCH, last);
    batches.push(performance.now() - batchStarted);
    last = done.last;
    if (done.moved < MIGRATION_BATCH) break;
  }
  const ms = performance.now() - started;
  const left = await database.count('events');
  const chunked = await database.countFromIndex('eventChunks', 'byEventId');
  await deleteDatabaseFiles();
  return { legacy, left, chunked, ms, batch: MIGRATION_BATCH, batches };
}

Object.assign(globalThis, { PLImportBench: { run, bare, upgraded, migration } });
