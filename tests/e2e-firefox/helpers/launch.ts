import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { findFirefox } from '../../../scripts/ensure-browser.mjs';
import { readBuiltManifest, type BuiltManifest } from '../../e2e/helpers/manifest';
import { firefoxBuildDir } from './paths';
import { registeredMatches } from './registration';

/**
 * Real Firefox (ESR in CI) with the Firefox build installed as a temporary add-on, driven by
 * puppeteer-core over WebDriver BiDi. Playwright cannot load extensions into stock Firefox; puppeteer can.
 *
 * Firefox differences the helpers absorb, so the tests read like the Chromium ones:
 * - The moz-extension:// host is a per-profile random uuid; the `extensions.webextensions.uuids` pref
 *   pins it before launch (it needs the manifest's gecko id).
 * - Extension pages never report a load event to `page.goto`; they are opened with BiDi's
 *   `browsingContext.navigate` and waited for by readiness instead.
 * - There is no context-wide routing: request interception is switched on per page, and the routes
 *   registered so far answer every request of that page. Anything unrouted is aborted, so nothing
 *   leaves the machine.
 *
 * A launch of Firefox costs ~5 s and ~7.6 s of CPU (docs/testing.md, "Session 12"), so the files of one
 * test process share one Firefox, and each file gets a fresh install of the add-on instead: uninstalling
 * it removes its storage, IndexedDB and granted permissions, and closing a file closes its tabs and
 * clears the cookies. `assertFreshInstall` proves it for every file after the first (a canary the
 * previous file left in storage and IndexedDB must be gone, the permissions must be the first install's).
 * A file that sets its own prefs still launches its own Firefox.
 */
export interface FirefoxLaunchOptions {
  /** The unpacked Firefox build; defaults to the one the test run built. */
  build?: string;
  /** Extra Firefox preferences, e.g. a short `extensions.background.idle.timeout`. */
  prefs?: Record<string, string | number | boolean>;
}

/** A page's HTML: fixed, or made from the requested URL. */
export type SiteBody = string | ((url: URL) => string);

export interface FirefoxHarness {
  browser: Browser;
  /** `moz-extension://<uuid>` */
  extensionOrigin: string;
  manifest: FirefoxManifest;
  /** Opens e.g. `options.html`, `popup.html?tab=3` in a new tab and waits until it has loaded. */
  openExtensionPage(path: string): Promise<Page>;
  /** Serves `body` as text/html for every URL starting with `urlPrefix`, in pages opened from now on. */
  routeSite(urlPrefix: string, body: SiteBody): void;
  /** Opens a (routed) URL in a new tab; `beforeLoad` runs on the new page first (e.g. evaluateOnNewDocument). */
  openPage(url: string, options?: { beforeLoad?: (page: Page) => Promise<unknown> }): Promise<Page>;
  /** Runs `browser.*` code in an extension page (same origin as the background, IndexedDB included). */
  inExtension<T, A>(fn: (arg: A) => Promise<T> | T, arg: A): Promise<T>;
  /** The id of the one tab whose URL matches `urlPattern` (a match pattern, e.g. `https://mail.google.com/*`). */
  tabId(urlPattern: string): Promise<number>;
  /** Uncaught errors in the pages this harness opened, as `<page url>: <message>`. */
  pageErrors(): string[];
  close(): Promise<void>;
}

const GECKO_ID_FALLBACK = 'prospect-lens@prospect-lens.dev';

function firefoxPath(): string {
  const path = findFirefox();
  if (path) return path;
  throw new Error('No Firefox found: run `node scripts/ensure-browser.mjs firefox` (installs firefox-esr as root) or set FIREFOX_PATH.');
}

/** Launches headless Firefox in a fresh profile, or reuses this process's, and installs the built add-on. */
export async function launchFirefox(options: FirefoxLaunchOptions = {}): Promise<FirefoxHarness> {
  const buildDir = options.build ?? firefoxBuildDir();
  const manifest: FirefoxManifest = readBuiltManifest(buildDir);
  const geckoId = manifest.browser_specific_settings?.gecko?.id ?? GECKO_ID_FALLBACK;
  if (options.prefs) return launchOwn(buildDir, manifest, geckoId, options.prefs);
  let firefox = await sharedFirefox(geckoId);
  if (!firefox.clean) {
    // The previous file's close did not finish, so its add-on and data may still be there: start afresh.
    shared = undefined;
    await firefox.browser.close().catch(() => {});
    firefox = await sharedFirefox(geckoId);
  }
  firefox.clean = false;
  if (firefox.geckoId !== geckoId) throw new Error(`The shared Firefox pins the uuid of ${firefox.geckoId}, not ${geckoId}`);
  await installAddOn(firefox.browser, buildDir, geckoId);
  const ext = harness(firefox.browser, `moz-extension://${firefox.uuid}`, manifest, async () => {
    await leaveCanary(ext);
    const opened = (await firefox.browser.pages()).filter((page) => !firefox.keep.has(page));
    await Promise.all(opened.map((page) => page.close()));
    await firefox.browser.uninstallExtension(geckoId);
    await firefox.browser.deleteCookie(...(await firefox.browser.cookies()));
    firefox.clean = true;
  });
  try {
    firefox.permissions = await assertFreshInstall(ext, firefox.permissions);
    // The content script is registered by the event page on install; sites opened before that get none.
    await registeredMatches(ext);
  } catch (error) {
    await ext.close().catch(() => {});
    throw error;
  }
  return ext;
}

/** Firefox with `prefs` in a profile of its own, closed with the harness. */
async function launchOwn(buildDir: string, manifest: FirefoxManifest, geckoId: string, prefs: FirefoxLaunchOptions['prefs']): Promise<FirefoxHarness> {
  const uuid = crypto.randomUUID();
  const { browser, profileDir } = await startFirefox(geckoId, uuid, prefs);
  const close = async () => {
    await browser.close().catch(() => {});
    rmSync(profileDir, { recursive: true, force: true });
  };
  try {
    await installAddOn(browser, buildDir, geckoId);
    const ext = harness(browser, `moz-extension://${uuid}`, manifest, close);
    await registeredMatches(ext);
    return ext;
  } catch (error) {
    await close();
    throw error;
  }
}

/** Installs the build as a temporary add-on and checks it got the manifest's id. */
async function installAddOn(browser: Browser, buildDir: string, geckoId: string): Promise<void> {
  const installed = await browser.installExtension(buildDir);
  if (installed !== geckoId) throw new Error(`Installed add-on id ${installed}, expected ${geckoId}`);
}

async function startFirefox(geckoId: string, uuid: string, prefs: FirefoxLaunchOptions['prefs'] = {}): Promise<{ browser: Browser; profileDir: string }> {
  const profileDir = mkdtempSync(join(tmpdir(), 'prospect-lens-firefox-'));
  try {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath(),
      headless: true,
      // The same window as the Chromium suite's (Playwright's 1280 × 720); puppeteer's own default, 800 px
      // wide, is a narrow window, where the in-page sidebar starts folded.
      defaultViewport: { width: 1280, height: 720 },
      // System access is what lets BiDi open moz-extension:// pages.
      args: ['--profile', profileDir, '--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
        ...prefs,
      },
    });
    return { browser, profileDir };
  } catch (error) {
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }
}

interface SharedFirefox {
  browser: Browser;
  /** The blank tab Firefox started with: it stays open between files, so the browser does not quit. */
  keep: Set<Page>;
  geckoId: string;
  uuid: string;
  /** The origins and permissions the first install had; every later install must have the same. */
  permissions?: string;
  /** False from a file's install until its close has removed the add-on. */
  clean: boolean;
}

let shared: Promise<SharedFirefox> | undefined;

function sharedFirefox(geckoId: string): Promise<SharedFirefox> {
  return (shared ??= startShared(geckoId).catch((error: unknown) => {
    shared = undefined;
    throw error;
  }));
}

/**
 * This process's Firefox. The add-on keeps its uuid across installs (the pref below), so the harness
 * knows its origin; uninstalling still removes its data. Vitest gives a test process no last hook, so
 * the browser is killed, and its profile removed, when the process exits.
 */
async function startShared(geckoId: string): Promise<SharedFirefox> {
  const uuid = crypto.randomUUID();
  const { browser, profileDir } = await startFirefox(geckoId, uuid, { 'extensions.webextensions.keepUuidOnUninstall': true });
  process.once('exit', () => {
    browser.process()?.kill('SIGKILL');
    // Retried: the killed browser may still hold the folder for a moment.
    rmSync(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });
  return { browser, keep: new Set(await browser.pages()), geckoId, uuid, clean: true };
}

const CANARY = 'prospect-lens-e2e-previous-file';

interface CanaryGlobals {
  browser: {
    storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } };
    permissions: { getAll(): Promise<{ origins?: string[]; permissions?: string[] }> };
  };
}

/** What the next install must not find: a key in storage.local and a database of its own. */
async function leaveCanary(ext: FirefoxHarness): Promise<void> {
  await ext.inExtension(async (name) => {
    await (globalThis as unknown as CanaryGlobals).browser.storage.local.set({ [name]: true });
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => (request.result.close(), resolve());
      request.onerror = () => reject(request.error);
    });
  }, CANARY);
}

/**
 * Throws unless this install starts with nothing the previous file left: no canary in storage.local or
 * IndexedDB, and the permissions the first install had. Returns the permissions to compare the next with.
 */
async function assertFreshInstall(ext: FirefoxHarness, firstPermissions: string | undefined): Promise<string> {
  const found = await ext.inExtension(async (name) => {
    const globals = globalThis as unknown as CanaryGlobals;
    const stored = name in (await globals.browser.storage.local.get(name));
    const databases = (await indexedDB.databases()).map((db) => db.name);
    const { origins = [], permissions = [] } = await globals.browser.permissions.getAll();
    return { stored, database: databases.includes(name), permissions: JSON.stringify([[...origins].sort(), [...permissions].sort()]) };
  }, CANARY);
  if (found.stored || found.database) {
    throw new Error(`The add-on's data outlived its uninstall (canary in ${found.stored ? 'storage.local' : 'IndexedDB'}): files would share state.`);
  }
  if (firstPermissions !== undefined && found.permissions !== firstPermissions) {
    throw new Error(`The add-on starts with permissions ${found.permissions}, not the first install's ${firstPermissions}.`);
  }
  return found.permissions;
}

/** The Firefox manifest's own keys, besides those the Chromium helpers read. */
export interface FirefoxManifest extends BuiltManifest {
  background?: BuiltManifest['background'] & { scripts?: string[] };
  sidebar_action?: { default_panel?: string; default_title?: string };
  browser_specific_settings?: { gecko?: { id?: string; strict_min_version?: string } };
  commands?: Record<string, { suggested_key?: { default?: string } }>;
}

/** `page.evaluate`'s functions run in an extension page, which has the `browser` global. */
interface ExtensionGlobals {
  browser: { tabs: { query(query: { url: string }): Promise<{ id?: number }[]> } };
}

interface BidiFrame {
  browsingContext: { navigate(url: string, wait: 'none' | 'interactive' | 'complete'): Promise<unknown> };
}

function harness(browser: Browser, extensionOrigin: string, manifest: FirefoxManifest, close: () => Promise<void>): FirefoxHarness {
  const routes: { prefix: string; body: SiteBody }[] = [];
  const errors: string[] = [];
  let helper: Promise<Page> | undefined;

  const watch = (page: Page) => {
    page.on('pageerror', (error) => errors.push(`${page.url()}: ${error instanceof Error ? error.message : String(error)}`));
    return page;
  };

  const openExtensionPage = async (path: string) => {
    const page = watch(await browser.newPage());
    const url = `${extensionOrigin}/${path.replace(/^\//, '')}`;
    await (page.mainFrame() as unknown as BidiFrame).browsingContext.navigate(url, 'complete');
    await page.waitForFunction((expected) => location.href === expected && document.readyState === 'complete', {}, url);
    return page;
  };

  const inExtension = async <T, A>(fn: (arg: A) => Promise<T> | T, arg: A): Promise<T> => {
    // A blank extension-origin page: manifest.json runs no app code.
    const page = await (helper ??= openExtensionPage('manifest.json'));
    return (await page.evaluate(fn as (arg: unknown) => Promise<T>, arg as unknown)) as T;
  };

  const answer = (request: HTTPRequest) => {
    const route = routes.findLast((r) => request.url().startsWith(r.prefix));
    if (!route) return void request.abort('blockedbyclient');
    const body = typeof route.body === 'string' ? route.body : route.body(new URL(request.url()));
    void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body });
  };

  return {
    browser,
    extensionOrigin,
    manifest,
    openExtensionPage,
    routeSite(prefix, body) {
      routes.push({ prefix, body });
    },
    async openPage(url, options) {
      const page = watch(await browser.newPage());
      await page.setRequestInterception(true);
      page.on('request', answer);
      await options?.beforeLoad?.(page);
      await page.goto(url);
      return page;
    },
    inExtension,
    async tabId(urlPattern) {
      const ids = await inExtension(
        async (url) => (await (globalThis as unknown as ExtensionGlobals).browser.tabs.query({ url })).map((tab) => tab.id),
        urlPattern,
      );
      if (ids.length !== 1 || ids[0] === undefined) throw new Error(`Expected one tab at ${urlPattern}, found ${ids.length}`);
      return ids[0];
    },
    pageErrors: () => [...errors],
    close,
  };
}

interface ExtensionGlobals {
  browser: { tabs: { query(query: { url: string }): Promise<{ id?: number }[]> } };
}
