import type { BrowserContext, Page } from 'playwright-core';

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
