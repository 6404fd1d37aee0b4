/**
 * Sidebar: detection → card painted with data the store already holds, with the service worker
 * running (warm) and stopped through CDP before each sample (cold, as after Chrome's idle stop).
 * Then the worker's heap after 1,000 lookups (CDP Runtime.getHeapUsage on the worker's target).
 *
 * Known people are imported through the options page, as a user would. Each sample appends a message
 * from one of them to the open 30-message thread; "detected" is the content script's 'detected'
 * report (see detection.mjs), "painted" the first animation frame after the card shows data-known="true"
 * (lib/page-probes.mjs watchCards, on the closed shadow root through DevTools).
 * Then the first card of fresh tabs where nobody was found at start: it waits for the sidebar script
 * (docs/architecture.md, "What the content script carries").
 */
import { summarise } from '../lib/stats.mjs';
import { contentScriptWorld, routeHosts, stopWorker, workerSession } from '../lib/browser.mjs';
import { fixture, FIXTURE_HOSTS, sleep } from '../lib/fixtures.mjs';
import { DETECTED_READER, DETECTED_RECORDER, GMAIL_DRIVER, readCards, watchCards } from '../lib/page-probes.mjs';
import { sidebar as closedSidebar } from '../../tests/e2e/helpers/sidebar.mjs';

const SAMPLES = { warm: 20, cold: 20 };
const LOOKUPS = 1_000;
const KNOWN = SAMPLES.warm + SAMPLES.cold;
const EVENTS_EACH = 8;
const TYPES = ['email_open', 'email_click', 'page_view', 'webinar_attended', 'form_submit'];

const knownEmail = (i) => `known-${i}@customer-${i}.example`;

function knownPeopleCsv() {
  const lines = ['email,name,company,lifecycle_stage,lead_score,event_type,occurred_at,event_title,event_url'];
  for (let i = 0; i < KNOWN; i++) {
    for (let e = 0; e < EVENTS_EACH; e++) {
      const when = new Date(Date.now() - (e * 3 + (i % 5)) * 86_400_000).toISOString();
      const who = e === 0 ? `Known ${i},Customer ${i},opportunity,${50 + (i % 50)}` : ',,,';
      lines.push(`${knownEmail(i)},${who},${TYPES[e % TYPES.length]},${when},Touch ${e},https://www.example.com/pricing`);
    }
  }
  return lines.join('\n');
}

async function importKnownPeople(withExt) {
  const options = await withExt.context.newPage();
  await options.goto(`${withExt.extensionOrigin}/options.html`);
  await options.locator('input[type="file"][data-testid="import-file"]').setInputFiles({
    name: 'bench-known.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(knownPeopleCsv()),
  });
  const summary = options.locator('[data-testid="import-summary"]');
  await summary.waitFor({ timeout: 30_000 });
  const imported = Number(await summary.getAttribute('data-imported'));
  await options.close();
  if (imported !== KNOWN * EVENTS_EACH) throw new Error(`Imported ${imported} of ${KNOWN * EVENTS_EACH} rows for the sidebar benchmark.`);
}

async function paintLatencies(withExt) {
  const page = fixture('gmail-thread-30');
  await routeHosts(withExt.context, FIXTURE_HOSTS, () => page.html);
  const tab = await withExt.context.newPage();
  const session = await withExt.context.newCDPSession(tab);
  const world = contentScriptWorld(session, withExt.extensionOrigin);
  await tab.goto(page.url, { waitUntil: 'load' });
  const contextId = await world;
  const bar = closedSidebar(tab);
  // Attached: the thread's people without data are folded under one line, so no card may be visible yet.
  await bar.waitFor('[data-testid="prospect-card"]', { timeout: 10_000, state: 'attached' });
  await session.send('Runtime.evaluate', { contextId, expression: DETECTED_RECORDER });
  await bar.evaluate(watchCards);
  await tab.evaluate(GMAIL_DRIVER);

  const keys = { warm: [], cold: [] };
  let next = 0;
  for (const mode of ['warm', 'cold']) {
    for (let i = 0; i < SAMPLES[mode]; i++) {
      const key = knownEmail(next++);
      if (mode === 'cold') {
        await stopWorker(withExt.cdp, withExt.extensionOrigin);
        await sleep(100);
      }
      await tab.evaluate(([e, n]) => window.__bench.addMessage(e, n), [key, `Known ${next}`]);
      await bar.waitFor(`[data-prospect-key="${key}"][data-known="true"]`, { timeout: 10_000 });
      await sleep(150);
      keys[mode].push(key);
    }
  }
  const { result } = await session.send('Runtime.evaluate', { contextId, expression: DETECTED_READER, returnByValue: true });
  const cards = await bar.evaluate(readCards);
  await session.detach();
  await tab.close();
  const latency = (list) => summarise(list.map((key) => cards[key].knownFrame - result.value[key]));
  return { warm: latency(keys.warm), cold: latency(keys.cold) };
}

/** Fresh tabs for the first paint: each one's first card is the sample. */
const FIRST_PAINTS = 10;

/** Empties the thread before the content script's first scan (document_idle), so nobody is found at start. */
const EMPTY_THREAD = `<script>addEventListener('DOMContentLoaded', () => document.querySelector('[role="main"] [role="list"]')?.replaceChildren());</script>`;

/**
 * Runs in the content script's world: watches for the sidebar host (it is appended when the sidebar
 * script has loaded; before issue 18 it was there from the start, hidden) and then for cards in it,
 * through the isolated world's `chrome.dom.openOrClosedShadowRoot`.
 */
const HOST_WATCHER = (watch) => `(() => {
  const attach = () => {
    const host = document.querySelector('prospect-lens-sidebar');
    if (!host || globalThis.__benchRoot) return;
    globalThis.__benchRoot = chrome.dom.openOrClosedShadowRoot(host);
    (${watch})(globalThis.__benchRoot);
  };
  globalThis.__benchHostAtStart = !!document.querySelector('prospect-lens-sidebar');
  new MutationObserver(attach).observe(document.documentElement, { childList: true });
  attach();
  return globalThis.__benchHostAtStart;
})()`;

/**
 * Detection → first card painted in a tab where nobody was found at start: the first card of a tab
 * is the one that waits for the sidebar script (lib/content/sidebar-loader.ts), injected by the
 * background on the content script's request. Warm worker, known person (cached data), as "warm".
 */
async function firstPaints(withExt) {
  const page = fixture('gmail-thread-30');
  const html = page.html.replace('</head>', `${EMPTY_THREAD}</head>`);
  await routeHosts(withExt.context, FIXTURE_HOSTS, () => html);
  const samples = [];
  let hostAtStart = 0;
  for (let i = 0; i < FIRST_PAINTS; i++) {
    const key = knownEmail(i);
    const tab = await withExt.context.newPage();
    const session = await withExt.context.newCDPSession(tab);
    const world = contentScriptWorld(session, withExt.extensionOrigin);
    await tab.goto(page.url, { waitUntil: 'load' });
    const contextId = await world;
    const evaluate = async (expression) => (await session.send('Runtime.evaluate', { contextId, expression, returnByValue: true })).result.value;
    // Let the first (empty) scan happen and be answered before recording.
    await sleep(500);
    await evaluate(DETECTED_RECORDER);
    if (await evaluate(HOST_WATCHER(watchCards.toString()))) hostAtStart++;
    await tab.evaluate(GMAIL_DRIVER);
    await tab.evaluate(([e, n]) => window.__bench.addMessage(e, n), [key, `Known ${i}`]);
    const deadline = Date.now() + 10_000;
    let card;
    while (!(card = await evaluate(`globalThis.__benchCards?.[${JSON.stringify(key)}]`))?.knownFrame) {
      if (Date.now() > deadline) throw new Error(`First paint: no known card for ${key} after 10 s.`);
      await sleep(20);
    }
    const detected = (await evaluate(DETECTED_READER))[key];
    samples.push(card.knownFrame - detected);
    await session.detach();
    await tab.close();
  }
  return { ...summarise(samples), samples: FIRST_PAINTS, hostAtStart };
}

/** 1,000 lookups from an extension page, one key each; the worker's heap before, after, and after a GC. */
async function workerHeap(withExt) {
  const sender = await withExt.context.newPage();
  await sender.goto(`${withExt.extensionOrigin}/manifest.json`);
  // Wake the worker (it may have been stopped by the cold samples) before attaching to it.
  await sender.evaluate((key) => chrome.runtime.sendMessage({ type: 'lookup', keys: [key] }), knownEmail(0));
  const worker = await workerSession(withExt.cdp, withExt.extensionOrigin);
  const heap = async () => (await worker.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
  const before = await heap();
  const ms = await sender.evaluate(
    async ([count, known]) => {
      const out = [];
      for (let i = 0; i < count; i++) {
        const started = performance.now();
        const reply = await chrome.runtime.sendMessage({ type: 'lookup', keys: [`known-${i % known}@customer-${i % known}.example`] });
        if (!reply?.ok) throw new Error(`lookup failed: ${JSON.stringify(reply)}`);
        out.push(performance.now() - started);
      }
      return out;
    },
    [LOOKUPS, KNOWN],
  );
  const after = await heap();
  await worker.send('HeapProfiler.collectGarbage');
  const afterGc = await heap();
  await worker.detach();
  await sender.close();
  return { lookups: LOOKUPS, beforeMB: before, afterMB: after, afterGcMB: afterGc, roundTripMs: summarise(ms) };
}

export async function sidebar({ withExt, log }) {
  await importKnownPeople(withExt);
  const paint = await paintLatencies(withExt);
  log(`detection → painted: warm p95 ${paint.warm.p95?.toFixed(1)} ms, cold p95 ${paint.cold.p95?.toFixed(1)} ms`);
  const first = await firstPaints(withExt);
  log(`detection → first card of a tab painted: p50 ${first.p50?.toFixed(1)} ms, p95 ${first.p95?.toFixed(1)} ms (host there at start in ${first.hostAtStart} of ${first.samples} tabs)`);
  const heap = await workerHeap(withExt);
  log(`worker heap after ${LOOKUPS} lookups: ${heap.afterMB.toFixed(2)} MB (${heap.afterGcMB.toFixed(2)} MB after GC)`);
  return { ...paint, firstPaint: first, knownPeople: KNOWN, eventsEach: EVENTS_EACH, workerHeap: heap };
}
