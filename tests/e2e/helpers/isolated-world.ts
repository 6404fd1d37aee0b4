import type { CDPSession, Page } from 'playwright-core';
import type { ExtensionHarness } from './launch';

export interface IsolatedWorld {
  session: CDPSession;
  contextId: number;
  evaluate<T>(expression: string): Promise<T>;
  detach(): Promise<void>;
}

/**
 * The content script's isolated world in `page`, reached through DevTools: there `chrome.runtime` and
 * `chrome.storage` are the content script's own (what a compromised content-script context could use),
 * and `chrome.dom.openOrClosedShadowRoot` opens the sidebar's closed shadow root — which the page's
 * own scripts cannot do.
 */
export async function isolatedWorld(ext: ExtensionHarness, page: Page): Promise<IsolatedWorld> {
  const session = await ext.context.newCDPSession(page);
  const found = new Promise<number>((resolve) => {
    session.on('Runtime.executionContextCreated', (event: { context: { id: number; origin: string; auxData?: { type?: string; isDefault?: boolean } } }) => {
      if (event.context.origin === ext.extensionOrigin && event.context.auxData?.type === 'isolated') resolve(event.context.id);
    });
  });
  await session.send('Runtime.enable');
  const contextId = await found;
  return {
    session,
    contextId,
    async evaluate<T>(expression: string) {
      const { result, exceptionDetails } = await session.send('Runtime.evaluate', { expression, contextId, awaitPromise: true, returnByValue: true });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value as T;
    },
    detach: () => session.detach().catch(() => undefined),
  };
}
