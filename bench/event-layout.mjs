#!/usr/bin/env node
/**
 * `node bench/event-layout.mjs [--rows 100000] [--rounds 2]`: how fast headless Chromium's real
 * IndexedDB (a disk profile) takes the canonical import's events in other layouts than today's one
 * record per event, and what reading one person's events then costs. Not part of `npm run bench`: it
 * measures candidate layouts for a schema change (issue 18, "Import: close to what IndexedDB can do";
 * bench/results/import-notes-2026-12-03.md, "Session 24"), not the product.
 *
 * The events are those of the bench's bare yardstick (bench/pages/import-entry.ts): `rows` events over
 * 10,000 people, interleaved as an export is, so a batch of 250 holds 250 different people. Each layout
 * writes them a batch of 250 a transaction (the import's batch), relaxed durability, every request
 * issued at once; then reads 400 people's events (every record the person's `[key, time]` index range
 * names, the person's events picked out of them), timed one by one, and the same 400 people's first
 * lookup as lib/store/events.ts's `localHistory` reads it from the events: the oldest 30 with one
 * `getAll` and a count, the newest 20 with a cursor from the end (for chunks: the chunks those index
 * entries name, read once each). `--layouts records,chunk-64` measures some layouts only.
 *
 * - `records`: today's store: one record per event, keyed by id, indexed byProspectTime, byOrigin, byTime.
 *   `records-1000` is the same with 1,000 a transaction: the bench's yardstick.
 * - `chunk-<n>`: a batch's events in `n` records, people spread over them by a hash of their key; each
 *   record has the batch's origin and its oldest time as plain indexes, and multiEntry indexes on its
 *   events' ids (unique: a repeated event fails the add, as today's `add` does) and their
 *   `[prospectKey, occurredAt]` pairs.
 */
import { launchBrowser } from './lib/browser.mjs';
import { scriptPage, startServer } from './lib/server.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const ROWS = option('--rows', 100_000);
const ROUNDS = option('--rounds', 2);
const ALL_LAYOUTS = ['records', 'records-1000', 'chunk-1', 'chunk-16', 'chunk-64'];
const named = args.includes('--layouts') ? args[args.indexOf('--layouts') + 1].split(',') : ALL_LAYOUTS;
const LAYOUTS = named.filter((layout) => ALL_LAYOUTS.includes(layout));
if (LAYOUTS.length !== named.length) throw new Error(`--layouts takes some of ${ALL_LAYOUTS.join(',')}`);

const PAGE = `
const PEOPLE = 10000;
const keyOf = (person) => 'person-' + person + '@firm-' + (person % 1500) + '.example';
function eventAt(i, now) {
  const person = i % PEOPLE;
  return {
    id: 'local:' + ((i * 2654435761) >>> 0).toString(16).padStart(8, '0') + i.toString(16).padStart(8, '0'),
    prospectKey: keyOf(person),
    source: 'local',
    type: 'email_open',
    occurredAt: new Date(now - ((i * 7919) % 365) * 86400000 - (i % 86400) * 1000).toISOString(),
    title: 'Touch ' + i + ', email_open',
    campaign: 'Q' + ((i % 4) + 1) + ' nurture',
    channel: 'email',
    origin: 'import:bench-import.csv',
  };
}
function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
const done = (tx) => new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onabort = () => reject(tx.error); });
const result = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });

async function open(name, chunked) {
  const request = indexedDB.open(name, 1);
  request.onupgradeneeded = () => {
    const db = request.result;
    if (chunked) {
      const store = db.createObjectStore('chunks', { autoIncrement: true });
      store.createIndex('byEventId', 'eventIds', { multiEntry: true, unique: true });
      store.createIndex('byProspectTime', 'people', { multiEntry: true });
      store.createIndex('byOrigin', 'origin');
      store.createIndex('byOldest', 'oldest');
    } else {
      const store = db.createObjectStore('events', { keyPath: 'id' });
      store.createIndex('byProspectTime', ['prospectKey', 'occurredAt']);
      store.createIndex('byOrigin', 'origin');
      store.createIndex('byTime', 'occurredAt');
    }
  };
  return result(request);
}

/** A batch's events as \`parts\` records. */
function chunks(events, parts) {
  const buckets = Array.from({ length: parts }, () => []);
  for (const event of events) buckets[hash(event.prospectKey) % parts].push(event);
  return buckets.filter((b) => b.length).map((bucket) => ({
    origin: bucket[0].origin,
    oldest: bucket.reduce((min, e) => (e.occurredAt < min ? e.occurredAt : min), bucket[0].occurredAt),
    eventIds: bucket.map((e) => e.id),
    people: bucket.map((e) => [e.prospectKey, e.occurredAt]),
    events: bucket,
  }));
}

globalThis.measure = async (layout, rows) => {
  const chunked = layout.startsWith('chunk-');
  const parts = chunked ? Number(layout.slice(6)) : 0;
  const batch = layout === 'records-1000' ? 1000 : 250;
  const name = layout + '-' + Date.now();
  const db = await open(name, chunked);
  const now = Date.now();
  let records = 0;
  const started = performance.now();
  for (let from = 0; from < rows; from += batch) {
    const events = [];
    for (let i = from; i < Math.min(rows, from + batch); i++) events.push(eventAt(i, now));
    const tx = db.transaction(chunked ? 'chunks' : 'events', 'readwrite', { durability: 'relaxed' });
    const store = tx.objectStore(chunked ? 'chunks' : 'events');
    const written = chunked ? chunks(events, parts) : events;
    for (const record of written) store.add(record);
    records += written.length;
    await done(tx);
  }
  const writeMs = performance.now() - started;
  // A repeated event fails the add (chunked: the unique multiEntry index), as today's add does.
  let repeatRefused = false;
  try {
    const tx = db.transaction(chunked ? 'chunks' : 'events', 'readwrite');
    const store = tx.objectStore(chunked ? 'chunks' : 'events');
    const again = [eventAt(7, now)];
    store.add(chunked ? chunks(again, 1)[0] : again[0]);
    await done(tx);
  } catch (error) {
    repeatRefused = error?.name === 'ConstraintError';
  }
  const reads = [];
  let found = 0;
  for (let n = 0; n < 400; n++) {
    const key = keyOf((n * 7919) % 10000);
    const t = performance.now();
    const tx = db.transaction(chunked ? 'chunks' : 'events');
    const index = tx.objectStore(chunked ? 'chunks' : 'events').index('byProspectTime');
    const range = IDBKeyRange.bound([key, ''], [key, '\\uffff']);
    let events;
    if (chunked) {
      const keys = [...new Set(await result(index.getAllKeys(range)))];
      const store = tx.objectStore('chunks');
      const got = await Promise.all(keys.map((k) => result(store.get(k))));
      events = got.flatMap((c) => c.events.filter((e) => e.prospectKey === key));
    } else {
      events = await result(index.getAll(range));
    }
    reads.push(performance.now() - t);
    found += events.length;
  }
  reads.sort((a, b) => a - b);
  // The first lookup after an import: the oldest 30 and the newest 20 of a person's events.
  const firsts = [];
  let kept = 0;
  for (let n = 0; n < 400; n++) {
    const key = keyOf((n * 7919 + 13) % 10000);
    const t = performance.now();
    const tx = db.transaction(chunked ? 'chunks' : 'events');
    const store = tx.objectStore(chunked ? 'chunks' : 'events');
    const index = store.index('byProspectTime');
    const range = IDBKeyRange.bound([key, ''], [key, '\uffff']);
    const newest = (limit) => new Promise((resolve, reject) => {
      const found = [];
      const cursor = chunked ? index.openKeyCursor(range, 'prev') : index.openCursor(range, 'prev');
      cursor.onerror = () => reject(cursor.error);
      cursor.onsuccess = () => {
        const c = cursor.result;
        if (!c || found.length >= limit) return resolve(found);
        found.push(chunked ? c.primaryKey : c.value);
        c.continue();
      };
    });
    let events;
    if (chunked) {
      const [oldKeys, newKeys] = await Promise.all([result(index.getAllKeys(range, 30)), newest(20)]);
      const keys = [...new Set([...oldKeys, ...newKeys])];
      const got = await Promise.all(keys.map((k) => result(store.get(k))));
      events = got.flatMap((c) => c.events.filter((e) => e.prospectKey === key));
    } else {
      const [oldest, latest] = await Promise.all([result(index.getAll(range, 30)), newest(20)]);
      // A person with fewer than 50 events is in both: counted once, as the chunks' are.
      events = [...new Map([...oldest, ...latest].map((e) => [e.id, e])).values()];
    }
    firsts.push(performance.now() - t);
    kept += Math.min(events.length, 50);
  }
  firsts.sort((a, b) => a - b);
  db.close();
  await result(indexedDB.deleteDatabase(name));
  return { writeMs, records, repeatRefused, found, readP50: reads[200], readP95: reads[380], kept, firstP50: firsts[200], firstP95: firsts[380] };
};`;

const server = await startServer(scriptPage(PAGE, 'event layout'));
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.goto(`${server.origin}/index.html`);
  console.log(`Chromium ${browser.version}; ${ROWS} events over 10,000 people; load ${(await import('node:os')).loadavg()[0].toFixed(2)}`);
  console.log('layout        round  records   events/s   repeat refused   400 people read whole (events): p50 / p95   400 first lookups, oldest 30 + newest 20 (events): p50 / p95');
  for (let round = 1; round <= ROUNDS; round++) {
    for (const layout of round % 2 ? LAYOUTS : [...LAYOUTS].reverse()) {
      const r = await page.evaluate(([l, n]) => globalThis.measure(l, n), [layout, ROWS]);
      console.log(
        `${layout.padEnd(13)} ${String(round).padStart(5)}  ${String(r.records).padStart(7)}  ${String(Math.round(ROWS / (r.writeMs / 1000))).padStart(9)}   ${String(r.repeatRefused).padStart(14)}   (${r.found}) ${r.readP50.toFixed(2)} / ${r.readP95.toFixed(2)} ms   (${r.kept}) ${r.firstP50.toFixed(2)} / ${r.firstP95.toFixed(2)} ms`,
      );
    }
  }
  console.log(`load at end ${(await import('node:os')).loadavg()[0].toFixed(2)}`);
} finally {
  await browser.close();
  await server.close();
}
