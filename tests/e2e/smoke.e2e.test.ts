import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, registeredMatches, startLoopbackServer, type ExtensionHarness, type LoopbackServer } from './helpers';

/**
 * The built extension in real headless Chromium: it loads, its pages open under the extension's CSP,
 * its content script reaches a Gmail address, and its worker survives being stopped. Also proves the
 * harness itself can see what it claims to (a CSP violation, a stopped worker, a loopback call).
 */

const GMAIL_URL = 'https://mail.google.com/mail/u/0/';
const GMAIL_PAGE = '<!doctype html><html><head><title>Inbox - Gmail</title></head><body><div role="main"></div></body></html>';

interface WorkerGlobals {
  smokeMarker?: string;
}

describe('the built extension in Chromium', () => {
  let ext: ExtensionHarness;

  beforeAll(async () => {
    ext = await launchExtension();
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('starts its service worker under the extension id', async () => {
    const worker = await ext.serviceWorker();

    expect(ext.extensionId).toMatch(/^[a-p]{32}$/);
    expect(worker.url()).toBe(`${ext.extensionOrigin}/${ext.manifest.background?.service_worker}`);
    expect(await ext.isServiceWorkerRunning()).toBe(true);
  });

  it('opens the popup and the options page with no script error or CSP violation', async () => {
    const pages = [ext.manifest.action?.default_popup, ext.manifest.options_ui?.page];
    expect(pages).toEqual(['popup.html', 'options.html']);

    const opened = await Promise.all((pages as string[]).map((path) => ext.openExtensionPage(path)));

    expect(await ext.cspViolations()).toEqual([]);
    expect(ext.pageErrors()).toEqual([]);
    await Promise.all(opened.map((page) => page.close()));
  });

  it('injects its content script into a Gmail page served at the real address', async () => {
    // Registered by the worker at run time (lib/background/registration.ts), not declared in the manifest.
    expect(ext.manifest.content_scripts).toBeUndefined();
    expect(await registeredMatches(await ext.serviceWorker())).toContain('https://mail.google.com/*');
    await ext.routeSite('https://mail.google.com/**', GMAIL_PAGE);

    const page = await ext.openPage(GMAIL_URL);
    await ext.waitForContentScript(page);

    expect(page.url()).toBe(GMAIL_URL);
    expect(await page.title()).toBe('Inbox - Gmail');
    expect(await ext.cspViolations()).toEqual([]);
  });

  it('does not inject the content script into an unsupported site', async () => {
    await ext.routeSite('https://example.com/**', '<!doctype html><title>Example</title>');
    const page = await ext.openPage('https://example.com/');

    await expect(ext.waitForContentScript(page, 1_000)).rejects.toThrow(/No content script/);
  });

  it('stops the worker through CDP, and a later message starts a fresh one', async () => {
    const worker = await ext.serviceWorker();
    await worker.evaluate(() => {
      (globalThis as WorkerGlobals).smokeMarker = 'first run';
    });

    await ext.stopServiceWorker();
    expect(await ext.isServiceWorkerRunning()).toBe(false);

    // Whether or not the background answers this request yet, delivering it has to start the worker.
    await ext.sendMessage({ type: 'diagnostics' }).catch(() => undefined);
    expect(await ext.isServiceWorkerRunning()).toBe(true);
    const restarted = await ext.serviceWorker();
    expect(await restarted.evaluate(() => (globalThis as WorkerGlobals).smokeMarker)).toBeUndefined();
  });

  it('lets the service worker call a loopback server with an Authorization header', async () => {
    let server: LoopbackServer | undefined;
    try {
      server = await startLoopbackServer((request) =>
        request.path === '/contacts' ? { status: 201, json: { id: 'c-1' } } : undefined,
      );
      const worker = await ext.serviceWorker();
      const reply = await worker.evaluate(async (url) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { Authorization: 'Bearer test-token', 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: 'ada@example.com' }),
        });
        return { status: response.status, body: (await response.json()) as unknown };
      }, `${server.origin}/contacts`);

      expect(reply).toEqual({ status: 201, body: { id: 'c-1' } });
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]).toMatchObject({
        method: 'POST',
        path: '/contacts',
        json: { email: 'ada@example.com' },
        headers: { authorization: 'Bearer test-token' },
      });
    } finally {
      await server?.close();
    }
  });

  // Last, since it leaves violations behind: proves the assertions of zero above could have failed.
  // DevTools evaluations may eval freely, so the refused code is scheduled to run on its own, as a
  // string timer (needs 'unsafe-eval') and an inline script (needs 'unsafe-inline').
  it('reports uncaught errors in extension pages', async () => {
    const page = await ext.openExtensionPage('popup.html');
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error('smoke: thrown on purpose');
      });
    });

    await expect.poll(() => ext.pageErrors()).toContainEqual(`${page.url()}: smoke: thrown on purpose`);
    await page.close();
  });

  it('reports CSP violations from extension pages and from the worker', async () => {
    const page = await ext.openExtensionPage('popup.html');
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'document.title = "inline ran"';
      document.head.append(script);
    });
    const worker = await ext.serviceWorker();
    await worker.evaluate(() => {
      const setTimeoutWithString = setTimeout as unknown as (code: string, delay: number) => number;
      setTimeoutWithString('self.evalRan = true', 0);
    });
    // Both violations are reported a moment later: poll for them rather than sleep a fixed 100 ms.
    const pageViolation = expect.objectContaining({ targetType: 'page', targetUrl: page.url(), directive: 'script-src-elem' });
    const workerViolation = expect.objectContaining({ targetType: 'service_worker', targetUrl: worker.url(), violationType: 'kEvalViolation' });
    await expect.poll(() => ext.cspViolations(), { timeout: 10_000 }).toEqual(expect.arrayContaining([pageViolation, workerViolation]));

    const violations = await ext.cspViolations();
    expect(await page.title()).not.toBe('inline ran');
    expect(violations).toContainEqual(
      expect.objectContaining({ targetType: 'page', targetUrl: page.url(), directive: 'script-src-elem' }),
    );
    expect(violations).toContainEqual(
      expect.objectContaining({ targetType: 'service_worker', targetUrl: worker.url(), violationType: 'kEvalViolation' }),
    );
  });
});
