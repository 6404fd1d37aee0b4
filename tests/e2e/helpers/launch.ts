import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { findChromium } from '../../../scripts/ensure-browser.mjs';
import { registeredMatches, waitForContentScript } from './content-script';
import { CspCollector, type CspViolation } from './csp';
import { readBuiltManifest, type BuiltManifest } from './manifest';
import { extensionBuildDir } from './paths';
import { isServiceWorkerRunning, stopServiceWorker, waitForServiceWorker } from './service-worker';

export interface LaunchOptions {
  /** The unpacked Chrome build to load; defaults to the one the test run built (.output/chrome-mv3). */
  build?: string;
  /** Headed needs an X server; the default is headless. */
  headless?: boolean;
  /**
   * The browser's UI language (`de`, `fr`…), which `browser.i18n` answers in. Chromium on Linux takes
   * it from the LANGUAGE environment variable; `--lang` sets it where the platform reads the flag and
   * the pages' Accept-Language. Default: the machine's (English in CI).
   */
  language?: string;
}

/** A page's HTML: fixed, or made from the requested URL. */
export type SiteBody = string | ((url: URL) => string);

export interface ExtensionHarness {
  context: BrowserContext;
  /** Depends on the build's path unless the manifest has a `key`. */
  extensionId: string;
  /** `chrome-extension://<id>` */
  extensionOrigin: string;
  buildDir: string;
  manifest: BuiltManifest;
  /** The running (or next) service worker; evaluating in a stopped worker waits until it starts. */
  serviceWorker(): Promise<Worker>;
  isServiceWorkerRunning(): Promise<boolean>;
  /** Kills the worker through CDP, as Chrome's idle stop does; the next message starts a fresh one. */
  stopServiceWorker(): Promise<void>;
  /** Opens e.g. `popup.html`, `options.html`, `sidepanel.html?tab=3` in a new tab. */
  openExtensionPage(path: string): Promise<Page>;
  /** Sends `runtime.sendMessage(message)` from an extension page (a blank one unless `from` is given). */
  sendMessage<T = unknown>(message: unknown, from?: Page): Promise<T>;
  /**
   * Serves `body` as text/html for every request matching `urlGlob` (Playwright glob, e.g.
   * `https://mail.google.com/**`), so the real manifest's `matches` apply to fixture pages.
   */
  routeSite(urlGlob: string, body: SiteBody): Promise<void>;
  /** Opens a URL (usually one routed with routeSite) in a new tab. */
  openPage(url: string): Promise<Page>;
  /** Resolves once the extension's content script runs in `page`; rejects after `timeoutMs`. */
  waitForContentScript(page: Page, timeoutMs?: number): Promise<void>;
  /** CSP violations in any page, frame or worker so far, the service worker included. */
  cspViolations(): Promise<CspViolation[]>;
  /** Uncaught errors and unhandled rejections in any page so far, as `<page url>: <message>`. */
  pageErrors(): string[];
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // A site's tabs reuse its renderer process instead of each starting one; site isolation stays on, so
  // sites never share one. The suite on its own used 10% less CPU with it (docs/testing.md, "Session 12").
  '--renderer-process-limit=1',
];

function chromiumPath(): string {
  const path = findChromium();
  if (path) return path;
  throw new Error(
    'No Chromium found: run `node scripts/ensure-browser.mjs` (installs Debian\'s package as root) or set CHROMIUM_PATH.',
  );
}

/** Launches headless Chromium with the built extension in a fresh, temporary profile. */
export async function launchExtension(options: LaunchOptions = {}): Promise<ExtensionHarness> {
  const buildDir = options.build ?? extensionBuildDir();
  const manifest = readBuiltManifest(buildDir);
  const profileDir = mkdtempSync(join(tmpdir(), 'prospect-lens-profile-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: chromiumPath(),
      headless: options.headless ?? true,
      // Playwright passes --disable-extensions by default; the allow-list below needs it gone.
      ignoreDefaultArgs: ['--disable-extensions'],
      args: [
        `--disable-extensions-except=${buildDir}`,
        `--load-extension=${buildDir}`,
        ...CHROMIUM_ARGS,
        ...(options.language ? [`--lang=${options.language}`] : []),
      ],
      ...(options.language ? { env: { ...process.env, LANGUAGE: options.language, LANG: `${options.language}_${options.language.toUpperCase()}.UTF-8` }, locale: options.language } : {}),
    });
    const worker = await waitForServiceWorker(context, 'chrome-extension://').catch((error: Error) => {
      throw new Error(
        `The extension's service worker did not start (build at ${buildDir}); check background.js for errors.`,
        { cause: error },
      );
    });
    const extensionId = new URL(worker.url()).host;
    const browser = context.browser();
    if (!browser) throw new Error('Playwright gave no Browser for the persistent context, so there is no CDP access.');
    // The content script is registered by the worker on install; sites opened before that get none.
    // The CSP collector attaches meanwhile (it replays what targets reported before it attached).
    const session = browser.newBrowserCDPSession();
    const [, cdp, csp] = await Promise.all([registeredMatches(worker), session, session.then((s) => CspCollector.start(s))]);
    return harness({ context, cdp, csp, extensionId, buildDir, manifest, profileDir });
  } catch (error) {
    await context?.close().catch(() => {});
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }
}

interface Parts {
  context: BrowserContext;
  cdp: CDPSession;
  csp: CspCollector;
  extensionId: string;
  buildDir: string;
  manifest: BuiltManifest;
  profileDir: string;
}

/** The extension-origin page that messages are sent from; its manifest.json runs no app code. */
const MESSENGER_PATH = 'manifest.json';

interface ExtensionGlobals {
  chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
}

function harness({ context, cdp, csp, extensionId, buildDir, manifest, profileDir }: Parts): ExtensionHarness {
  const extensionOrigin = `chrome-extension://${extensionId}`;
  let messenger: Promise<Page> | undefined;
  const pageErrors: string[] = [];
  context.on('weberror', (error) => pageErrors.push(`${error.page()?.url() ?? '?'}: ${error.error().message}`));

  const openExtensionPage = async (path: string) => {
    const page = await context.newPage();
    await page.goto(`${extensionOrigin}/${path.replace(/^\//, '')}`);
    return page;
  };

  return {
    context,
    extensionId,
    extensionOrigin,
    buildDir,
    manifest,
    serviceWorker: () => waitForServiceWorker(context, `${extensionOrigin}/`),
    isServiceWorkerRunning: () => isServiceWorkerRunning(cdp, extensionOrigin),
    stopServiceWorker: () => stopServiceWorker(cdp, extensionOrigin),
    openExtensionPage,
    async sendMessage<T>(message: unknown, from?: Page): Promise<T> {
      const page = from ?? (await (messenger ??= openExtensionPage(MESSENGER_PATH)));
      return (await page.evaluate(
        (sent) => (globalThis as unknown as ExtensionGlobals).chrome.runtime.sendMessage(sent),
        message,
      )) as T;
    },
    async routeSite(urlGlob, body) {
      await context.route(urlGlob, (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          body: typeof body === 'string' ? body : body(new URL(route.request().url())),
        }),
      );
    },
    async openPage(url) {
      const page = await context.newPage();
      await page.goto(url);
      return page;
    },
    waitForContentScript: (page, timeoutMs) => waitForContentScript(context, page, extensionOrigin, timeoutMs),
    cspViolations: () => csp.violations(),
    pageErrors: () => [...pageErrors],
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
