/**
 * Detection: the initial scan of Gmail's 1,000-row inbox, and DOM change → prospect detected while
 * the page churns (100 inbox-style rows inserted per second, one every 10 ms, the oldest removed).
 *
 * "Detected" is measured two ways, both on the 30-message thread with new senders appended to it:
 * - content script: the moment the extension's content script sends its 'detected' report carrying
 *   the new key (runtime.sendMessage is wrapped in the content script's own isolated world through
 *   CDP); the card's first painted frame in the sidebar is recorded too;
 * - pure detector: lib/detect's watchPage + detect bundled into the page's main world, in a browser
 *   without the extension — the same code and debounce without messaging and rendering.
 */
import { summarise } from '../lib/stats.mjs';
import { contentScriptWorld, routeHosts } from '../lib/browser.mjs';
import { fixture, FIXTURE_HOSTS, sleep } from '../lib/fixtures.mjs';
import { DETECTED_READER, DETECTED_RECORDER, GMAIL_DRIVER, LONG_TASK_RECORDER, readCards, watchCards } from '../lib/page-probes.mjs';
import { sidebar } from '../../tests/e2e/helpers/sidebar.mjs';

const SCAN_RUNS = 30;
const CHURN_PER_SECOND = 100;
/** New senders per measurement: under churn, and on a quiet page for comparison. */
const SAMPLES = { churn: 30, quiet: 15 };
/** Between two new senders: longer than the content script's longest wait (250 ms), so samples do not overlap. */
const GAP_MS = 300;
const STEADY_MS = 4_000;

const newSender = (run, i) => ({ email: `sender-${run}-${i}@prospect-${i}.example`, name: `Sender ${i}` });

async function openFixture(browser, page) {
  await routeHosts(browser.context, FIXTURE_HOSTS, () => page.html);
  const tab = await browser.context.newPage();
  await tab.addInitScript(LONG_TASK_RECORDER);
  return tab;
}

/** Initial scan: detect() on the 1,000-row inbox (no candidates expected) and on the 30-message thread. */
async function initialScans(without, detectBundle) {
  const out = {};
  for (const name of ['gmail-inbox-1000', 'gmail-thread-30']) {
    const page = fixture(name);
    const tab = await openFixture(without, page);
    await tab.goto(page.url, { waitUntil: 'load' });
    await tab.addScriptTag({ content: detectBundle });
    const r = await tab.evaluate((runs) => globalThis.PLDetect.timeScans(runs), SCAN_RUNS);
    out[name] = { coldMs: r.coldMs, warm: summarise(r.ms), candidates: r.candidates };
    await tab.close();
  }
  return out;
}

/** Appends SAMPLES new senders, GAP_MS apart, with or without churn; returns each insertion time. */
async function insertSenders(tab, run, churn) {
  if (churn) await tab.evaluate((n) => window.__bench.startChurn(n), CHURN_PER_SECOND);
  const inserted = [];
  for (let i = 0; i < SAMPLES[churn ? 'churn' : 'quiet']; i++) {
    const { email, name } = newSender(run, i);
    inserted.push({ key: email, at: await tab.evaluate(([e, n]) => window.__bench.addMessage(e, n), [email, name]) });
    await sleep(GAP_MS);
  }
  await sleep(500);
  const rate = churn ? await tab.evaluate(() => window.__bench.stopChurn()) : undefined;
  return { inserted, churn: rate && { rowsPerSecond: rate.inserted / rate.seconds } };
}

function latencies(inserted, seenAt) {
  const ms = [];
  let missed = 0;
  for (const { key, at } of inserted) {
    if (seenAt[key] === undefined) missed++;
    else ms.push(seenAt[key] - at);
  }
  return { ...summarise(ms), missed };
}

async function pureDetector(without, detectBundle, churn) {
  const page = fixture('gmail-thread-30');
  const tab = await openFixture(without, page);
  await tab.goto(page.url, { waitUntil: 'load' });
  await tab.addScriptTag({ content: detectBundle });
  await tab.evaluate(GMAIL_DRIVER);
  await tab.evaluate(() => globalThis.PLDetect.startWatching());
  const { inserted, churn: rate } = await insertSenders(tab, churn ? 'pure-churn' : 'pure-quiet', churn);
  const firstSeen = await tab.evaluate(() => globalThis.PLDetect.firstSeen);
  await tab.close();
  return { detected: latencies(inserted, firstSeen), churn: rate };
}

async function contentScript(withExt, churn) {
  const page = fixture('gmail-thread-30');
  const tab = await openFixture(withExt, page);
  const session = await withExt.context.newCDPSession(tab);
  const world = contentScriptWorld(session, withExt.extensionOrigin);
  await tab.goto(page.url, { waitUntil: 'load' });
  const contextId = await world;
  const bar = sidebar(tab);
  // Attached: the thread's people without data are folded under one line, so no card may be visible yet.
  await bar.waitFor('[data-testid="prospect-card"]', { timeout: 10_000, state: 'attached' });
  await session.send('Runtime.evaluate', { contextId, expression: DETECTED_RECORDER });
  await bar.evaluate(watchCards);
  await tab.evaluate(GMAIL_DRIVER);
  const { inserted, churn: rate } = await insertSenders(tab, churn ? 'cs-churn' : 'cs-quiet', churn);
  const { result } = await session.send('Runtime.evaluate', { contextId, expression: DETECTED_READER, returnByValue: true });
  const cards = await bar.evaluate(readCards);
  await session.detach();
  await tab.close();
  const painted = Object.fromEntries(Object.entries(cards).map(([key, c]) => [key, c.shownFrame]));
  return { detected: latencies(inserted, result.value), cardPainted: latencies(inserted, painted), churn: rate };
}

/**
 * Steady state: the thread page with churn and nothing new to detect, in both browsers. What the
 * extension adds is the main thread's CPU time (thread ticks) and its long tasks over STEADY_MS.
 */
async function steadyChurn(browser) {
  const page = fixture('gmail-thread-30');
  const tab = await openFixture(browser, page);
  const cdp = await browser.context.newCDPSession(tab);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await tab.goto(page.url, { waitUntil: 'load' });
  await sleep(1_000);
  await tab.evaluate(GMAIL_DRIVER);
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metrics();
  const tasksBefore = await tab.evaluate(() => window.__benchLongTasks.length);
  await tab.evaluate((n) => window.__bench.startChurn(n), CHURN_PER_SECOND);
  await sleep(STEADY_MS);
  const rate = await tab.evaluate(() => window.__bench.stopChurn());
  const after = await metrics();
  const longTasks = await tab.evaluate((from) => window.__benchLongTasks.slice(from), tasksBefore);
  await tab.close();
  return {
    seconds: rate.seconds,
    rowsPerSecond: rate.inserted / rate.seconds,
    scriptMsPerSecond: ((after.ScriptDuration - before.ScriptDuration) * 1000) / rate.seconds,
    taskMsPerSecond: ((after.TaskDuration - before.TaskDuration) * 1000) / rate.seconds,
    longTasks: longTasks.length,
    longestTaskMs: Math.max(0, ...longTasks.map((t) => t.duration)),
  };
}

export async function detection({ withExt, without, detectBundle, log }) {
  const initialScan = await initialScans(without, detectBundle);
  log(`initial scan of the 1,000-row inbox: p95 ${initialScan['gmail-inbox-1000'].warm.p95.toFixed(2)} ms`);
  const underChurn = {
    contentScript: await contentScript(withExt, true),
    pureDetector: await pureDetector(without, detectBundle, true),
  };
  log(`DOM change → detected under churn: p95 ${underChurn.contentScript.detected.p95?.toFixed(1)} ms (content script)`);
  const quiet = {
    contentScript: await contentScript(withExt, false),
    pureDetector: await pureDetector(without, detectBundle, false),
  };
  const steady = { with: await steadyChurn(withExt), without: await steadyChurn(without) };
  return { initialScan, underChurn, quiet, steadyChurn: steady, churnPerSecond: CHURN_PER_SECOND, samples: SAMPLES };
}
