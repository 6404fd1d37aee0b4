#!/usr/bin/env node
/**
 * `node bench/summary-read.mjs`: one summary read over and over, in the format stored until session 14
 * (counts keyed by type name) and as lists (lib/store/summary.ts; docs/architecture.md, "Lookup").
 * Writes one busy person's summary (366 days, 4 or 10 types a day, 50 kept events) in both formats into
 * a store of 50,000 small summaries in headless Chromium's real IndexedDB (a disk profile), then times
 * 300 `get`s of each, two rounds. Prints each record's structured-clone size (Node's `v8.serialize`,
 * the serializer Chromium stores) and the p50 / p95 of its reads. Not part of `npm run bench`: it
 * measures a format, not the product.
 */
import { serialize } from 'node:v8';
import { launchBrowser } from './lib/browser.mjs';
import { scriptPage, startServer } from './lib/server.mjs';

const TYPES = ['email_sent', 'email_open', 'email_click', 'email_reply', 'email_bounce', 'unsubscribe', 'page_view'];
const MORE = ['form_submit', 'content_download', 'webinar_registered'];
const BASE = Date.UTC(2025, 11, 1);

function keptEvents() {
  const event = (i) => ({
    id: `bench:${i}`,
    prospectKey: 'prospect-1@company-1.example',
    source: 'local',
    type: 'email_open',
    occurredAt: new Date(BASE + i * 1e6).toISOString(),
    title: 'Campaign 3 — message 2',
    campaign: 'Q1 nurture',
    channel: 'email',
    origin: 'import:bench.csv',
  });
  return { latest: Array.from({ length: 20 }, (_, i) => event(i)), earliest: Array.from({ length: 30 }, (_, i) => event(100 + i)) };
}

/** 366 days of `perDay` types; `named` keys each day's counts by type name, else a list in type order. */
function summary(perDay, named) {
  const types = [...TYPES, ...MORE].slice(0, perDay);
  const days = {};
  for (let d = 0; d < 366; d++) {
    const day = new Date(BASE + d * 86_400_000).toISOString().slice(0, 10);
    days[day] = named ? Object.fromEntries(types.map((type, t) => [type, 1 + ((d * 7 + t) % 50)])) : types.map((_, t) => 1 + ((d * 7 + t) % 50));
  }
  return { total: 366 * perDay, ...(named ? { days } : { byDay: days }), ...keptEvents() };
}

const variants = { 'named, 4 a day': summary(4, true), 'named, 10 a day': summary(10, true), 'lists, 4 a day': summary(4, false), 'lists, 10 a day': summary(10, false) };

const PAGE = `globalThis.readEach = async (variants, reads) => {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('summary-read', 1);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore('summaries', { keyPath: 'prospectKey' });
      for (let i = 0; i < 50000; i++) store.put({ prospectKey: 'filler-' + i, byDay: { '2026-01-01': [1] }, total: 1 });
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  await new Promise((resolve) => {
    const tx = db.transaction('summaries', 'readwrite');
    for (const [key, value] of Object.entries(variants)) tx.objectStore('summaries').put({ prospectKey: key, ...value });
    tx.oncomplete = resolve;
  });
  const get = (key) => new Promise((resolve) => { const r = db.transaction('summaries').objectStore('summaries').get(key); r.onsuccess = () => resolve(r.result); });
  const out = {};
  for (let round = 1; round <= 2; round++) {
    for (const key of Object.keys(variants)) {
      const ms = [];
      for (let i = 0; i < reads; i++) { const t = performance.now(); await get(key); ms.push(performance.now() - t); }
      ms.sort((a, b) => a - b);
      (out[key] ??= []).push([ms[Math.floor(reads / 2)], ms[Math.floor(reads * 0.95)]]);
    }
  }
  return out;
};`;

const server = await startServer(scriptPage(PAGE, 'summary read'));
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.goto(`${server.origin}/index.html`);
  const times = await page.evaluate(([v, reads]) => globalThis.readEach(v, reads), [variants, 300]);
  console.log(`Chromium ${browser.version}; 300 reads per format and round`);
  for (const [key, value] of Object.entries(variants)) {
    const rounds = times[key].map(([p50, p95]) => `${p50.toFixed(2)} / ${p95.toFixed(2)} ms`).join(', ');
    console.log(`${key.padEnd(16)} ${(serialize(value).length / 1024).toFixed(1).padStart(5)} KB   p50 / p95: ${rounds}`);
  }
} finally {
  await browser.close();
  await server.close();
}
