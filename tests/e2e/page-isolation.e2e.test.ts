import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionHarness, launchExtension, PROJECT_ROOT, registeredMatches } from './helpers';
import { hostilePage, type HostileWindow, naming } from './helpers/hostile-page';

/**
 * The page learns nothing and cannot steer detection, in real Chromium: a Gmail page whose own script
 * records every window message and every WXT-named event from the first moment, tries to stop the
 * content script with WXT's start-up event and floods it with 200 `online` events, fake navigation
 * events and messages. Counted at the background: the page causes 0 `detected` reports, detection
 * still follows a real change, and nothing the page heard names the extension. A second copy of the
 * script replaces the first without a word to the page. With Gmail switched off in Options, no content
 * script runs on Gmail at all.
 */

const PAGES = join(PROJECT_ROOT, 'tests/fixtures/pages');
const fixture = (name: string) => readFileSync(join(PAGES, name), 'utf8');
const THREAD = JSON.parse(fixture('gmail-thread.expected.json')) as { url: string };
const OUTLOOK = JSON.parse(fixture('outlook-compose.expected.json')) as { url: string };
const GMAIL_MATCH = 'https://mail.google.com/*';

interface Detected {
  tabId?: number;
  keys: string[];
}

interface WorkerGlobals {
  __detected?: Detected[];
  chrome: {
    runtime: { onMessage: { addListener(listener: (message: unknown, sender: { tab?: { id?: number } }) => void): void } };
    scripting: { executeScript(injection: { target: { tabId: number }; files: string[] }): Promise<unknown> };
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `accept` holds; throws after `timeoutMs`. (Usable in hooks, unlike expect.poll.) */
async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`Still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

describe('a hostile page cannot learn of, stop or flood the content script (Chromium)', () => {
  let ext: ExtensionHarness;
  let worker: Worker;
  let page: Page;
  let tabId: number;

  /** Every `detected` report the background received from `tab` (or from any tab). */
  const detections = (tab?: number) =>
    worker.evaluate((id) => ((globalThis as unknown as WorkerGlobals).__detected ?? []).filter((d) => id === undefined || d.tabId === id), tab);

  /** Waits until `tab` has sent at least `count` reports and then nothing more for `quietMs`. */
  async function settledCount(tab: number, count: number, quietMs = 1_500): Promise<number> {
    let last = (await until(() => detections(tab), (found) => found.length >= count)).length;
    for (;;) {
      await sleep(quietMs);
      const now = (await detections(tab)).length;
      if (now === last) return now;
      last = now;
    }
  }

  /** Gmail swaps the thread in place: a new sender, a new URL. */
  const showAnotherThread = (sender: string) =>
    page.evaluate((email) => {
      const main = document.querySelector('[role="main"]') ?? document.body;
      main.replaceChildren();
      const message = document.createElement('div');
      message.className = 'adn ads';
      const from = document.createElement('span');
      from.className = 'gD';
      from.setAttribute('email', email);
      from.textContent = email;
      message.append(from);
      main.append(message);
      history.pushState({}, '', `#inbox/${email.replace(/\W/g, '')}`);
    }, sender);

  beforeAll(async () => {
    ext = await launchExtension();
    worker = await ext.serviceWorker();
    // A second listener in the worker counts what the content script reports; the real one answers.
    await worker.evaluate(() => {
      const global = globalThis as unknown as WorkerGlobals;
      global.__detected = [];
      global.chrome.runtime.onMessage.addListener((message, sender) => {
        const m = message as { type?: string; candidates?: { key: string }[] };
        if (m?.type === 'detected') global.__detected!.push({ tabId: sender.tab?.id, keys: (m.candidates ?? []).map((c) => c.key) });
      });
    });
    await ext.routeSite('https://mail.google.com/**', hostilePage(fixture('gmail-thread.html'), [ext.extensionId]));
    page = await ext.openPage(THREAD.url);
    tabId = (await until(() => detections(), (found) => found.length > 0))[0]!.tabId!;
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('a page recording every message and WXT event from load hears nothing naming the extension, and reads no card', async () => {
    await settledCount(tabId, 1);
    await page.evaluate(() => (window as unknown as HostileWindow).__hostile.control());
    await sleep(200);
    const heard = await page.evaluate(() => (window as unknown as HostileWindow).__hostile.heard);
    // The control: the recorder does hear an event and a message when there is one.
    expect(new Set(heard.filter((h) => h.text.includes('"control":true')).map((h) => h.kind))).toEqual(new Set(['event', 'message']));
    expect(naming(heard, [ext.extensionId])).toEqual([]);
    expect(heard.filter((h) => !h.text.includes('"control":true'))).toEqual([]);

    // The sidebar is there, and closed to the page.
    const fromPage = await page.evaluate(() => {
      const hosts = document.querySelectorAll('prospect-lens-sidebar');
      return {
        hosts: hosts.length,
        shadowRoots: [...hosts].filter((host) => host.shadowRoot).length,
        cards: document.querySelectorAll('[data-testid="prospect-card"]').length,
      };
    });
    expect(fromPage).toEqual({ hosts: 1, shadowRoots: 0, cards: 0 });
  });

  it('cannot stop or flood detection: WXT’s start-up event, messages and 200 `online` events cause 0 reports', async () => {
    const before = await settledCount(tabId, 1);
    await page.evaluate(() => (window as unknown as HostileWindow).__hostile.attack());
    // Reports would trail the events (each waits for the background): wait for quiet before counting.
    await sleep(2_500);
    expect((await settledCount(tabId, before)) - before).toBe(0);

    // Detection still follows the page: a real change is reported, once.
    await showAnotherThread('tomasz@newcorp.example');
    const after = await settledCount(tabId, before + 1);
    expect(after - before).toBe(1);
    expect((await detections(tabId)).at(-1)?.keys).toEqual(['tomasz@newcorp.example']);
    expect(naming(await page.evaluate(() => (window as unknown as HostileWindow).__hostile.heard), [ext.extensionId])).toEqual([]);
  });

  it('a newer copy of the script stops the older one, through nothing the page can see', async () => {
    const before = await settledCount(tabId, 1);
    await worker.evaluate((id) => (globalThis as unknown as WorkerGlobals).chrome.scripting.executeScript({ target: { tabId: id }, files: ['/content-gmail.js'] }), tabId);
    // The newer copy reports once as it starts; the older one has stopped and taken its sidebar along.
    const started = await settledCount(tabId, before + 1);
    expect(started - before).toBe(1);
    expect(await page.locator('prospect-lens-sidebar').count()).toBe(1);

    await showAnotherThread('ines@otherco.example');
    expect((await settledCount(tabId, started + 1)) - started).toBe(1);
    expect((await detections(tabId)).at(-1)?.keys).toEqual(['ines@otherco.example']);
    expect(naming(await page.evaluate(() => (window as unknown as HostileWindow).__hostile.heard), [ext.extensionId])).toEqual([]);
  });

  it('with Gmail switched off in Options no content script runs on Gmail; switched on, the open tab gets it', async () => {
    const setGmail = async (on: boolean) => {
      const options = await ext.openExtensionPage('options.html');
      const sites = options.locator('form[data-testid="sites-form"]');
      await sites.locator('input[name="gmail"]').setChecked(on);
      await sites.locator('button[type="submit"]').click();
      await sites.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 5_000 });
      await options.close();
    };

    await setGmail(false);
    const matches = await registeredMatches(worker, (m) => m !== null && !m.includes(GMAIL_MATCH));
    expect(matches).toContain('https://outlook.cloud.microsoft/*');

    const gmail = await ext.openPage(THREAD.url);
    await expect(ext.waitForContentScript(gmail, 3_000)).rejects.toThrow(/No content script/);
    expect(await gmail.locator('prospect-lens-sidebar').count()).toBe(0);
    // The control: a site still on does get it.
    await ext.routeSite('https://outlook.cloud.microsoft/**', fixture('outlook-compose.html'));
    const outlook = await ext.openPage(OUTLOOK.url);
    await ext.waitForContentScript(outlook);

    // Switched back on: the Gmail tab already open is given the script, no reload needed.
    await setGmail(true);
    await registeredMatches(worker, (m) => m?.includes(GMAIL_MATCH) ?? false);
    await ext.waitForContentScript(gmail);
    await gmail.locator('prospect-lens-sidebar').waitFor({ state: 'attached', timeout: 10_000 });
    await gmail.close();
    await outlook.close();
  });

  it('met no Content Security Policy violation in any page, frame or worker it opened', async () => {
    expect(await ext.cspViolations()).toEqual([]);
  });
});
