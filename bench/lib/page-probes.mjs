/**
 * Scripts the benchmarks put into pages. They run in the page's main world (or, where said, in the
 * content script's isolated world, or the tests' DevTools world, through CDP) and only record
 * timestamps from performance.now(), which all worlds of a page share.
 */

/** Init script: records every long task (> 50 ms) on the page's main thread, whoever caused it. */
export const LONG_TASK_RECORDER = `
  window.__benchLongTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__benchLongTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

/**
 * Isolated-world script: wraps runtime.sendMessage so each 'detected' report the content script sends
 * is timestamped with the keys it carried. That moment is "prospect detected".
 */
export const DETECTED_RECORDER = `
  globalThis.__benchDetected = [];
  for (const runtime of new Set([chrome.runtime, globalThis.browser?.runtime].filter(Boolean))) {
    const original = runtime.sendMessage;
    runtime.sendMessage = function (message, ...rest) {
      if (message && message.type === 'detected') {
        globalThis.__benchDetected.push({ at: performance.now(), keys: message.candidates.map((c) => c.key) });
      }
      return original.call(this, message, ...rest);
    };
  }
`;

/** Read back by the runner: [{ key, at }] — the first 'detected' report that carried each key. */
export const DETECTED_READER = `(() => {
  const first = {};
  for (const { at, keys } of globalThis.__benchDetected) for (const key of keys) first[key] ??= at;
  return first;
})()`;

/**
 * Watches the sidebar's shadow root and records, per prospect key, when its card first appears (and when
 * it first shows data-known="true"), and the next animation frame after that — the frame that paints it.
 *
 * The root is closed, so this is not a page script: it runs through `sidebar(tab).evaluate(watchCards)`
 * (tests/e2e/helpers/sidebar.mjs), in the DevTools world that helper creates, with the root DevTools
 * resolved as its argument. That world shares the page's DOM, event loop, animation frames and
 * performance.now() time origin, so the timestamps compare with the content script's as before.
 * `readCards` (same way) gives back `{ [key]: { shown, shownFrame, known, knownFrame } }`.
 */
export function watchCards(root) {
  const seen = (globalThis.__benchCards = {});
  const scan = () => {
    for (const card of root.querySelectorAll('[data-testid="prospect-card"][data-prospect-key]')) {
      const key = card.getAttribute('data-prospect-key');
      const known = card.getAttribute('data-known') === 'true';
      const entry = (seen[key] ??= {});
      const now = performance.now();
      if (entry.shown === undefined) {
        entry.shown = now;
        requestAnimationFrame(() => (entry.shownFrame = performance.now()));
      }
      if (known && entry.known === undefined) {
        entry.known = now;
        requestAnimationFrame(() => (entry.knownFrame = performance.now()));
      }
    }
  };
  new MutationObserver(scan).observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-known'] });
  scan();
  return true;
}

export function readCards() {
  return globalThis.__benchCards;
}

/**
 * Main-world helpers that change a Gmail fixture page as Gmail would: a new message in the open
 * thread, and inbox-style rows coming and going (the "churn").
 */
export const GMAIL_DRIVER = `
  window.__bench = {
    /**
     * Appends a collapsed message from \`email\` to the thread, in place of the one added before (so
     * the thread keeps its size from sample to sample); returns the time right after.
     */
    addMessage(email, name) {
      const list = document.querySelector('[role="main"] [role="list"]');
      this.lastMessage?.remove();
      const item = document.createElement('div');
      item.className = 'h7 ie nH oy8Mbf';
      item.setAttribute('role', 'listitem');
      item.setAttribute('aria-expanded', 'false');
      const message = document.createElement('div');
      message.className = 'kv';
      const sender = document.createElement('span');
      sender.className = 'gD';
      sender.setAttribute('email', email);
      sender.setAttribute('name', name);
      sender.textContent = name;
      message.append(sender);
      item.append(message);
      list.append(item);
      this.lastMessage = item;
      return performance.now();
    },
    /**
     * Inserts \`perSecond\` rows a second into a side list (one at a time, evenly), removing the oldest
     * beyond \`keep\` so the page does not grow. Rows carry [email] like Gmail's inbox rows, which are
     * not prospects. \`__bench.stopChurn()\` stops it and reports how many rows went in over how long.
     */
    startChurn(perSecond, keep = 100) {
      let list = document.getElementById('bench-churn');
      if (!list) {
        list = document.createElement('table');
        list.id = 'bench-churn';
        list.append(document.createElement('tbody'));
        document.querySelector('[role="main"]').append(list);
      }
      const body = list.tBodies[0];
      let inserted = 0;
      const started = performance.now();
      const timer = setInterval(() => {
        const due = Math.floor(((performance.now() - started) / 1000) * perSecond) - inserted;
        for (let i = 0; i < due; i++) {
          const row = document.createElement('tr');
          row.className = 'zA zE';
          const cell = document.createElement('td');
          const who = document.createElement('span');
          who.setAttribute('email', 'newsletter' + (inserted % 50) + '@news.example');
          who.setAttribute('name', 'Newsletter');
          who.textContent = 'Newsletter ' + inserted;
          cell.append(who);
          row.append(cell);
          body.append(row);
          inserted++;
          while (body.rows.length > keep) body.rows[0].remove();
        }
      }, 1000 / perSecond);
      this.stopChurn = () => {
        clearInterval(timer);
        return { inserted, seconds: (performance.now() - started) / 1000 };
      };
    },
  };
`;
