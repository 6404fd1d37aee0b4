/**
 * Headless Chromium for the benchmarks, with or without the built extension and otherwise launched
 * with exactly the same flags, so an A/B difference is the extension's and nothing else's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureChromium } from '../../scripts/ensure-browser.mjs';
import { launchChromium } from '../../tests/e2e/helpers/chromium-flags.mjs';

/**
 * Beyond the tests' flags, features and environment (launchChromium, tests/e2e/helpers/chromium-flags.mjs):
 * precise heap figures for page code. Not the e2e harness's `--renderer-process-limit=1`: the pages of
 * one site would share a renderer, whose JS heap is what the page-cost figures read.
 */
const FLAGS = ['--enable-precise-memory-info'];

/**
 * Launches a fresh profile. `extensionDir` loads the unpacked build; without it the browser is the
 * same in every other respect (Playwright's own --disable-extensions is dropped in both cases).
 */
export async function launchBrowser({ extensionDir } = {}) {
  const profileDir = mkdtempSync(join(tmpdir(), 'prospect-lens-bench-'));
  const extensionArgs = extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : [];
  const context = await launchChromium(profileDir, {
    executablePath: ensureChromium(),
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [...extensionArgs, ...FLAGS],
    viewport: { width: 1280, height: 900 },
  });
  const cdp = await context.browser().newBrowserCDPSession();
  let extensionOrigin;
  if (extensionDir) {
    const isOurs = (w) => w.url().startsWith('chrome-extension://');
    const worker = context.serviceWorkers().find(isOurs) ?? (await context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 15_000 }));
    extensionOrigin = `chrome-extension://${new URL(worker.url()).host}`; // URL.origin is "null" for this scheme in Node
    // The worker registers the content script on install (lib/background/registration.ts): wait for it.
    const deadline = Date.now() + 10_000;
    while ((await worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).length === 0) {
      if (Date.now() > deadline) throw new Error('The extension registered no content script within 10 s.');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    context,
    cdp,
    extensionOrigin,
    version: context.browser().version(),
    async close() {
      await context.close().catch(() => {});
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** Serves `bodyFor(url)` as HTML for the given hosts, so the manifest's `matches` apply to fixtures. */
export async function routeHosts(context, hosts, bodyFor) {
  for (const host of hosts) {
    await context.route(`https://${host}/**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: bodyFor(new URL(route.request().url())) }),
    );
  }
}

async function workerTargets(cdp, origin) {
  const { targetInfos } = await cdp.send('Target.getTargets');
  return targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(`${origin}/`));
}

export async function isWorkerRunning(cdp, origin) {
  return (await workerTargets(cdp, origin)).length > 0;
}

/** Stops the extension's service worker as Chrome's idle timeout would (tests/e2e/helpers/service-worker.ts). */
export async function stopWorker(cdp, origin, timeoutMs = 5_000) {
  for (const t of await workerTargets(cdp, origin)) await cdp.send('Target.closeTarget', { targetId: t.targetId });
  const deadline = Date.now() + timeoutMs;
  while (await isWorkerRunning(cdp, origin)) {
    if (Date.now() > deadline) throw new Error('The service worker did not stop.');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Sends CDP commands to the service worker. Playwright opens no session to a service worker, so this
 * attaches from the browser session in non-flat mode and routes replies by id.
 */
export async function workerSession(cdp, origin) {
  const [target] = await workerTargets(cdp, origin);
  if (!target) throw new Error('The service worker is not running.');
  return targetSession(cdp, target.targetId);
}

/** The same for any target (a page's dedicated worker: the import bench samples its heap). */
export async function targetSession(cdp, targetId) {
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
  const pending = new Map();
  let nextId = 1;
  const onMessage = (event) => {
    if (event.sessionId !== sessionId) return;
    const reply = JSON.parse(event.message);
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.error) waiter.reject(new Error(reply.error.message));
    else waiter.resolve(reply.result);
  };
  cdp.on('Target.receivedMessageFromTarget', onMessage);
  return {
    send(method, params = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
      });
    },
    async detach() {
      cdp.off('Target.receivedMessageFromTarget', onMessage);
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    },
  };
}

/**
 * Resolves with the id of the extension's isolated world (its content script's context) in `page`,
 * through a CDP session the caller keeps open. Chromium reports one isolated world per extension.
 */
export async function contentScriptWorld(session, extensionOrigin, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('No content-script world appeared.')), timeoutMs);
    session.on('Runtime.executionContextCreated', ({ context }) => {
      if (context.origin === extensionOrigin && context.auxData?.type === 'isolated') {
        clearTimeout(timer);
        resolve(context.id);
      }
    });
    session.send('Runtime.enable').catch(reject);
  });
}

/**
 * Fails fast, with the reason, when the built extension's background does not answer a message:
 * otherwise every extension figure would time out one by one.
 */
export async function assertBackgroundAnswers({ context, extensionOrigin }, timeoutMs = 10_000) {
  const page = await context.newPage();
  try {
    await page.goto(`${extensionOrigin}/manifest.json`);
    const reply = await Promise.race([
      page.evaluate(() => chrome.runtime.sendMessage({ type: 'lookup', keys: ['bench-health@check.example'] })),
      new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs)),
    ]);
    if (!reply || reply === 'timeout' || !reply.ok) {
      const listening = await context.serviceWorkers()[0]?.evaluate(() => chrome.runtime.onMessage.hasListeners()).catch(() => undefined);
      throw new Error(
        `The extension's background did not answer a lookup within ${timeoutMs} ms (reply: ${JSON.stringify(reply)}; ` +
          `onMessage listeners registered: ${listening}). A background that throws while loading registers no listeners.`,
      );
    }
  } finally {
    await page.close();
  }
}
