import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { findChromium } from '../../../scripts/ensure-browser.mjs';
import { launchChromium } from './chromium-flags.mjs';
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

/**
 * Our flags beyond the shared ones (chromium-flags.mjs), which the benchmarks leave out. A site's tabs
 * reuse its renderer process instead of each starting one; site isolation stays on, so sites never share
 * one. The suite on its own used 10% less CPU with it (docs/testing.md, "Session 12").
 */
const CHROMIUM_ARGS = ['--renderer-process-limit=1'];

function chromiumPath(): string {
  const path = findChromium();
  if (path) return path;
  throw new Error(
    'No Chromium found: run `node scripts/ensure-browser.mjs` (installs Debian\'s package as root) or set CHROMIUM_PATH.',
  );
}

/**
 * Launches headless Chromium with the built extension, or installs the extension afresh in this test
 * process's Chromium.
 *
 * A launch costs about 4 s of CPU across Chromium's processes, 30 times a run. So the files of one test
 * process (vitest runs a fork's files one after another) share one Chromium, and each file installs its
 * own copy of the build through DevTools (`Extensions.loadUnpacked`). The copy sits in a folder of its
 * own, so each file's extension has an id of its own: its storage, IndexedDB, granted permissions,
 * alarms and registered content scripts are new, whatever the previous file left (and however late
 * Chromium deletes that file's data after its uninstall). Closing a file uninstalls its copy, closes its
 * pages, drops its routes, cookies and listeners, puts the network back online and clears the data of
 * the web origins it visited; the next install checks that it finds nothing of that (`assertClean`).
 * A file that asks for a language or a headed window still launches a Chromium of its own, as does every
 * file with PROSPECT_LENS_E2E_OWN_BROWSER=1.
 */
export async function launchExtension(options: LaunchOptions = {}): Promise<ExtensionHarness> {
  const buildDir = options.build ?? extensionBuildDir();
  const manifest = readBuiltManifest(buildDir);
  const own = options.language !== undefined || options.headless === false || process.env.PROSPECT_LENS_E2E_OWN_BROWSER === '1';
  return own ? launchOwn(buildDir, manifest, options) : installInShared(buildDir, manifest);
}

/** Chromium with the extension loaded from the command line, in a profile of its own, closed with the harness. */
async function launchOwn(buildDir: string, manifest: BuiltManifest, options: LaunchOptions): Promise<ExtensionHarness> {
  const profileDir = mkdtempSync(join(tmpdir(), 'prospect-lens-profile-'));
  let context: BrowserContext | undefined;
  try {
    context = await launchChromium(profileDir, {
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
      ...(options.language
        ? { env: { LANGUAGE: options.language, LANG: `${options.language}_${options.language.toUpperCase()}.UTF-8` }, locale: options.language }
        : {}),
    });
    const worker = await extensionWorker(context, 'chrome-extension://', buildDir);
    const extensionId = new URL(worker.url()).host;
    const browser = browserOf(context);
    // The content script is registered by the worker on install; sites opened before that get none.
    // The CSP collector attaches meanwhile (it replays what targets reported before it attached).
    const session = browser.newBrowserCDPSession();
    const [, cdp, csp] = await Promise.all([registeredMatches(worker), session, session.then((s) => CspCollector.start(s))]);
    const launched = context;
    const close = async () => {
      await launched.close();
      rmSync(profileDir, { recursive: true, force: true });
    };
    return harness({ context, cdp, csp, extensionId, buildDir, manifest, close });
  } catch (error) {
    await context?.close().catch(() => {});
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }
}

function browserOf(context: BrowserContext): Browser {
  const browser = context.browser();
  if (!browser) throw new Error('Playwright gave no Browser for the persistent context, so there is no CDP access.');
  return browser;
}

/** The extension's service worker (its script URL starts with `urlPrefix`), or an error that names the build. */
function extensionWorker(context: BrowserContext, urlPrefix: string, buildDir: string): Promise<Worker> {
  return waitForServiceWorker(context, urlPrefix).catch((error: Error) => {
    throw new Error(`The extension's service worker did not start (build at ${buildDir}); check background.js for errors.`, { cause: error });
  });
}

interface SharedChromium {
  context: BrowserContext;
  /** The tab Chromium started with: it stays open between files. */
  keeper: Page;
  /** A browser session for the Extensions domain (it needs Playwright's pipe and the unsafe-debugging flag). */
  cdp: CDPSession;
  /** The context's listeners before any file: Playwright's own. */
  listeners: Map<string | symbol, Set<Listener>>;
  /** False from a file's install until its close has put everything back. */
  clean: boolean;
}

let shared: Promise<SharedChromium> | undefined;

function sharedChromium(): Promise<SharedChromium> {
  return (shared ??= startShared().catch((error: unknown) => {
    shared = undefined;
    throw error;
  }));
}

/**
 * This process's Chromium, with no extension yet. Vitest gives a test process no last hook, so the
 * browser is killed, and its profile removed, when the process exits.
 */
async function startShared(): Promise<SharedChromium> {
  const profileDir = mkdtempSync(join(tmpdir(), 'prospect-lens-profile-'));
  try {
    const context = await launchChromium(profileDir, {
      executablePath: chromiumPath(),
      headless: true,
      ignoreDefaultArgs: ['--disable-extensions'],
      args: ['--enable-unsafe-extension-debugging', ...CHROMIUM_ARGS],
    });
    const browser = browserOf(context);
    process.once('exit', () => {
      (browser as unknown as { process?: () => { kill(signal: string): void } | undefined }).process?.()?.kill('SIGKILL');
      // Retried: the killed browser may still hold the folder for a moment.
      rmSync(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    });
    const keeper = context.pages()[0] ?? (await context.newPage());
    return { context, keeper, cdp: await browser.newBrowserCDPSession(), listeners: listenerSnapshot(context), clean: true };
  } catch (error) {
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }
}

/** Throws unless the shared Chromium holds nothing of the previous file: no extension, page, cookie or listener. */
async function assertClean(chromium: SharedChromium): Promise<void> {
  const { extensions } = await chromium.cdp.send('Extensions.getExtensions');
  const pages = chromium.context.pages().filter((page) => page !== chromium.keeper);
  const cookies = await chromium.context.cookies();
  const listeners = listenersSince(chromium.context, chromium.listeners);
  const left = [
    ...extensions.map((extension) => `the extension at ${extension.path}`),
    ...pages.map((page) => `a page at ${page.url()}`),
    ...(cookies.length ? [`${cookies.length} cookies`] : []),
    ...listeners.map(({ event }) => `a listener for ${String(event)}`),
  ];
  if (left.length) throw new Error(`The shared Chromium still holds what the previous file left: ${left.join(', ')}.`);
}

/** Installs a copy of the build in this process's Chromium; the harness's close puts the browser back. */
async function installInShared(buildDir: string, manifest: BuiltManifest): Promise<ExtensionHarness> {
  let browser = await sharedChromium();
  if (!browser.clean) {
    // The previous file's close did not finish, so its extension and pages may still be there: start afresh.
    shared = undefined;
    await browser.context.close().catch(() => {});
    browser = await sharedChromium();
  }
  await assertClean(browser);
  browser.clean = false;
  const { context, keeper } = browser;
  const copyRoot = mkdtempSync(join(tmpdir(), 'prospect-lens-extension-'));
  const copy = join(copyRoot, 'chrome-mv3');
  cpSync(buildDir, copy, { recursive: true });
  // What the file adds to the shared context is taken away again when it closes (assertClean found
  // none but Playwright's own listeners, so those are what stays).
  const origins = new Set<string>();
  context.on('request', (request) => {
    const { protocol, origin } = new URL(request.url());
    if (protocol === 'http:' || protocol === 'https:') origins.add(origin);
  });
  let extensionId: string | undefined;
  let session: CDPSession | undefined;
  let closed: Promise<void> | undefined;
  // Once only: a second close would uninstall an extension that is gone, or another file's.
  const close = () => (closed ??= putBack());
  const putBack = async () => {
    await Promise.all(context.pages().filter((page) => page !== keeper).map((page) => page.close()));
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    await context.setOffline(false);
    await context.clearCookies();
    if (extensionId) await browser.cdp.send('Extensions.uninstall', { id: extensionId });
    if (origins.size) {
      // The browser session has no Storage domain; a page's session clears any origin's data.
      const storage = await context.newCDPSession(keeper);
      for (const origin of origins) await storage.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
      await storage.detach();
    }
    await session?.detach().catch(() => {});
    removeListenersSince(context, browser.listeners);
    rmSync(copyRoot, { recursive: true, force: true });
    browser.clean = true;
  };
  try {
    ({ id: extensionId } = await browser.cdp.send('Extensions.loadUnpacked', { path: copy }));
    const worker = await extensionWorker(context, `chrome-extension://${extensionId}/`, buildDir);
    session = await browserOf(context).newBrowserCDPSession();
    // The content script is registered by the worker on install; sites opened before that get none.
    const [, csp] = await Promise.all([registeredMatches(worker), CspCollector.start(session)]);
    return harness({ context, cdp: session, csp, extensionId, buildDir: copy, manifest, close });
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

type Listener = (...args: unknown[]) => void;

interface EventSource {
  eventNames(): (string | symbol)[];
  listeners(event: string | symbol): Listener[];
  off(event: string | symbol, listener: Listener): unknown;
}

function listenerSnapshot(context: BrowserContext): Map<string | symbol, Set<Listener>> {
  const source = context as unknown as EventSource;
  return new Map(source.eventNames().map((event) => [event, new Set(source.listeners(event))]));
}

/** The listeners added to `context` since `before` was taken. */
function listenersSince(context: BrowserContext, before: Map<string | symbol, Set<Listener>>): { event: string | symbol; listener: Listener }[] {
  const source = context as unknown as EventSource;
  return source.eventNames().flatMap((event) =>
    source.listeners(event).filter((listener) => !before.get(event)?.has(listener)).map((listener) => ({ event, listener })),
  );
}

/** Removes every listener added to `context` since `before` was taken (the file's and the harness's). */
function removeListenersSince(context: BrowserContext, before: Map<string | symbol, Set<Listener>>): void {
  const source = context as unknown as EventSource;
  for (const { event, listener } of listenersSince(context, before)) source.off(event, listener);
}

interface Parts {
  context: BrowserContext;
  cdp: CDPSession;
  csp: CspCollector;
  extensionId: string;
  buildDir: string;
  manifest: BuiltManifest;
  /** Puts the browser back: closes it, or, when shared, uninstalls the file's extension and cleans up. */
  close(): Promise<void>;
}

/** The extension-origin page that messages are sent from; its manifest.json runs no app code. */
const MESSENGER_PATH = 'manifest.json';

interface ExtensionGlobals {
  chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
}

function harness({ context, cdp, csp, extensionId, buildDir, manifest, close }: Parts): ExtensionHarness {
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
    close,
  };
}
