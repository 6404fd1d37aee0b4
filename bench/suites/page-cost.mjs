/**
 * What the extension costs a page: the same fixture at its real address, loaded in a browser with the
 * extension and in one without it (same flags), alternating, each run in a fresh tab. After the load
 * event the page is left to settle (the content script runs at document_idle, asks the background,
 * paints the sidebar), then CDP Performance.getMetrics gives the tab's totals since it opened.
 */
import { summarise } from '../lib/stats.mjs';
import { routeHosts } from '../lib/browser.mjs';
import { fixture, FIXTURE_HOSTS, sleep } from '../lib/fixtures.mjs';
import { LONG_TASK_RECORDER } from '../lib/page-probes.mjs';
import { sidebar } from '../../tests/e2e/helpers/sidebar.mjs';

export const PAGE_FIXTURES = ['gmail-inbox-1000', 'gmail-thread-30', 'linkedin-profile'];
/** After `load`: the content script has detected, asked the background and painted well within this (it runs at document_idle). */
const SETTLE_MS = 600;

async function loadOnce(context, page) {
  const tab = await context.newPage();
  await tab.addInitScript(LONG_TASK_RECORDER);
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await tab.goto(page.url, { waitUntil: 'load' });
  await sleep(SETTLE_MS);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map(({ name, value }) => [name, value]));
  const longTasks = await tab.evaluate(() => window.__benchLongTasks);
  // The cards are in the sidebar's closed shadow root: counted through DevTools, after the metrics.
  const cards = await sidebar(tab).count('[data-testid="prospect-card"]');
  await cdp.detach();
  await tab.close();
  return {
    scriptMs: m.ScriptDuration * 1000,
    taskMs: m.TaskDuration * 1000,
    layouts: m.LayoutCount,
    heapMB: m.JSHeapUsedSize / 2 ** 20,
    longTasks: longTasks.length,
    longestTaskMs: Math.max(0, ...longTasks.map((t) => t.duration)),
    cards,
  };
}

const METRICS = ['scriptMs', 'taskMs', 'layouts', 'heapMB', 'longTasks', 'longestTaskMs'];

function compare(withExt, without) {
  return Object.fromEntries(
    METRICS.map((metric) => {
      const a = summarise(withExt.map((r) => r[metric]));
      const b = summarise(without.map((r) => r[metric]));
      return [metric, {
        with: a,
        without: b,
        diffP50: a.p50 - b.p50,
        diffP95: a.p95 - b.p95,
        ratioP50: b.p50 ? a.p50 / b.p50 : null,
        ratioP95: b.p95 ? a.p95 / b.p95 : null,
      }];
    }),
  );
}

/** `withExt` and `without` are launched browsers (lib/browser.mjs). */
export async function pageCost({ withExt, without, runs, log }) {
  // Every fixture host serves whichever fixture is current (a URL's hash never reaches the server).
  const current = { html: '' };
  for (const browser of [withExt, without]) await routeHosts(browser.context, FIXTURE_HOSTS, () => current.html);
  const results = {};
  for (const name of PAGE_FIXTURES) {
    const page = fixture(name);
    current.html = page.html;
    // One discarded load each: the first load compiles the content script and warms caches.
    await loadOnce(withExt.context, page);
    await loadOnce(without.context, page);
    const a = [];
    const b = [];
    for (let i = 0; i < runs; i++) {
      // Alternate which goes first so drift in machine load hits both sides alike.
      if (i % 2 === 0) {
        a.push(await loadOnce(withExt.context, page));
        b.push(await loadOnce(without.context, page));
      } else {
        b.push(await loadOnce(without.context, page));
        a.push(await loadOnce(withExt.context, page));
      }
    }
    results[name] = { url: page.url, runs, settleMs: SETTLE_MS, cardsShown: summarise(a.map((r) => r.cards)), metrics: compare(a, b), samples: { with: a, without: b } };
    log(`page cost ${name}: script p95 +${(results[name].metrics.scriptMs.diffP95).toFixed(1)} ms`);
  }
  return results;
}
