import type { BrowserContext, CDPSession, Worker } from 'playwright-core';

const POLL_MS = 50;

/**
 * Waits for the service worker whose script URL starts with `urlPrefix` (`chrome-extension://<id>/`,
 * or just `chrome-extension://` before the id is known). Playwright keeps one Worker object across
 * the worker's restarts.
 */
export async function waitForServiceWorker(
  context: BrowserContext,
  urlPrefix: string,
  timeoutMs = 15_000,
): Promise<Worker> {
  const isOurs = (worker: Worker) => worker.url().startsWith(urlPrefix);
  const running = context.serviceWorkers().find(isOurs);
  if (running) return running;
  return context.waitForEvent('serviceworker', { predicate: isOurs, timeout: timeoutMs });
}

async function workerTargetIds(cdp: CDPSession, origin: string): Promise<string[]> {
  const { targetInfos } = await cdp.send('Target.getTargets');
  return targetInfos
    .filter((target) => target.type === 'service_worker' && target.url.startsWith(`${origin}/`))
    .map((target) => target.targetId);
}

/** True while the worker runs; a stopped worker has no DevTools target until something wakes it. */
export async function isServiceWorkerRunning(cdp: CDPSession, origin: string): Promise<boolean> {
  return (await workerTargetIds(cdp, origin)).length > 0;
}

/**
 * Stops the service worker the way Chrome does when it is idle: the worker's globals are lost, while
 * IndexedDB and extension storage remain. The next event (a runtime message, an alarm) starts a fresh
 * worker. Resolves once Chromium no longer lists the worker.
 */
export async function stopServiceWorker(cdp: CDPSession, origin: string, timeoutMs = 5_000): Promise<void> {
  const targetIds = await workerTargetIds(cdp, origin);
  if (targetIds.length === 0) throw new Error('The service worker is not running, so it cannot be stopped.');
  for (const targetId of targetIds) await cdp.send('Target.closeTarget', { targetId });
  const deadline = Date.now() + timeoutMs;
  while (await isServiceWorkerRunning(cdp, origin)) {
    if (Date.now() > deadline) throw new Error(`The service worker was still running ${timeoutMs} ms after being closed.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
