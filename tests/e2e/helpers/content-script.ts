import type { BrowserContext, Page, Worker } from 'playwright-core';

interface ExecutionContextCreated {
  context: { origin: string; auxData?: { type?: string; frameId?: string } };
}

/**
 * Resolves once the extension has a content script running in the page: Chromium gives each
 * extension's content scripts their own isolated world, whose origin is the extension's. This is
 * true even when the script shows nothing yet, so a test can tell "not injected" from "injected but
 * rendered nothing".
 */
export async function waitForContentScript(
  context: BrowserContext,
  page: Page,
  extensionOrigin: string,
  timeoutMs = 10_000,
): Promise<void> {
  const session = await context.newCDPSession(page);
  try {
    const injected = new Promise<void>((resolve) => {
      session.on('Runtime.executionContextCreated', (event: ExecutionContextCreated) => {
        if (event.context.origin === extensionOrigin && event.context.auxData?.type === 'isolated') resolve();
      });
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`No content script of ${extensionOrigin} ran in ${page.url()} within ${timeoutMs} ms.`)),
        timeoutMs,
      );
    });
    // Runtime.enable reports the worlds that already exist, then each new one.
    await session.send('Runtime.enable');
    await Promise.race([injected, timedOut]).finally(() => clearTimeout(timer));
  } finally {
    await session.detach().catch(() => {});
  }
}

interface ScriptingGlobals {
  chrome: { scripting: { getRegisteredContentScripts(): Promise<{ id: string; matches?: string[] }[]> } };
}

/**
 * The match patterns of the content scripts the background registered (lib/background/registration.ts),
 * once they satisfy `accept` — by default, once there is a registration at all. The worker registers
 * it on install, a moment after it starts, so a test that opens a site right away waits for this first.
 */
export async function registeredMatches(
  worker: Worker,
  accept: (matches: string[] | null) => boolean = (matches) => matches !== null,
  timeoutMs = 10_000,
): Promise<string[] | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const scripts = await worker.evaluate(() => (globalThis as unknown as ScriptingGlobals).chrome.scripting.getRegisteredContentScripts());
    // One registration per site (lib/background/registration.ts): every pattern of them all.
    const matches = scripts.length > 0 ? scripts.flatMap((script) => script.matches ?? []) : null;
    if (accept(matches)) return matches;
    if (Date.now() > deadline) throw new Error(`The content script's registration is still ${JSON.stringify(matches)} after ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
