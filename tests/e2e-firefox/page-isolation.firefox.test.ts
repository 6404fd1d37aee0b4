import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostilePage, type HostileWindow, naming } from '../e2e/helpers/hostile-page';
import { type FirefoxHarness, launchFirefox, pageFixture, registeredMatches, settle, waitForText } from './helpers';

/**
 * The page attacks of tests/e2e/page-isolation.e2e.test.ts, in real Firefox: a Gmail page records
 * every window message and WXT-named event from load, tries to stop the content script with WXT's
 * start-up event, and fires 200 `online` events, fake navigation events and messages. The event page
 * cannot be reached over BiDi, so `detected` reports are counted where they show: each one makes the
 * background push the tab's cards (`push/tab`) to extension pages, and a listener in one counts them.
 * With Gmail switched off in Options, no content script runs on Gmail.
 */

const GMAIL_MATCH = 'https://mail.google.com/*';

interface PageGlobals {
  __updates?: number[];
  browser: {
    runtime: {
      onMessage: { addListener(listener: (message: unknown) => void): void };
      sendMessage(message: unknown): Promise<{ ok: boolean; data: { candidates: { key: string }[] } | null }>;
    };
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Firefox: a hostile page cannot learn of, stop or flood the content script', () => {
  let ext: FirefoxHarness;
  let ids: string[];
  let page: Page;
  let tabId: number;
  const thread = pageFixture('gmail-thread');

  /** How many times the background announced `tab` since the counter started. */
  const updates = (tab: number) =>
    ext.inExtension((id) => ((globalThis as unknown as PageGlobals).__updates ?? []).filter((t) => t === id).length, tab);
  /** The keys the background holds for `tab`: what its content script last reported. */
  const detectedKeys = (tab: number) =>
    ext.inExtension(async (id) => {
      const reply = await (globalThis as unknown as PageGlobals).browser.runtime.sendMessage({ type: 'tab/get', tabId: id });
      return reply.ok ? (reply.data?.candidates ?? []).map((c) => c.key) : [];
    }, tab);

  /** Waits until `tab` has been announced at least `count` times and then not again for `quietMs`. */
  async function settledCount(tab: number, count: number, quietMs = 1_500): Promise<number> {
    let last = await settle(() => updates(tab), (n) => n >= count, 10_000);
    for (;;) {
      await sleep(quietMs);
      const now = await updates(tab);
      if (now === last) return now;
      last = now;
    }
  }

  const setGmail = async (on: boolean) => {
    const options = await ext.openExtensionPage('options.html');
    const box = await options.waitForSelector('[data-testid="sites-form"] input[name="gmail"]');
    if ((await box!.evaluate((e) => (e as HTMLInputElement).checked)) !== on) await box!.click();
    await options.click('[data-testid="sites-form"] button[type="submit"]');
    await waitForText(options, '[data-testid="sites-form"] [role="status"]', 'Saved.');
    await options.close();
  };

  beforeAll(async () => {
    ext = await launchFirefox();
    ids = [ext.manifest.browser_specific_settings?.gecko?.id ?? '', new URL(ext.extensionOrigin).host];
    await ext.inExtension(() => {
      const global = globalThis as unknown as PageGlobals;
      global.__updates = [];
      global.browser.runtime.onMessage.addListener((message) => {
        const m = message as { type?: string; tabId?: number };
        if (m?.type === 'push/tab' && typeof m.tabId === 'number') global.__updates!.push(m.tabId);
      });
    }, null);
    ext.routeSite(new URL(thread.url).origin, hostilePage(thread.html, ids));
    page = await ext.openPage(thread.url);
    tabId = await ext.tabId(GMAIL_MATCH);
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('a page recording every message and WXT event from load hears nothing naming the extension, and reads no card', async () => {
    await settledCount(tabId, 1);
    await page.evaluate(() => (window as unknown as HostileWindow).__hostile.control());
    await sleep(200);
    const heard = await page.evaluate(() => (window as unknown as HostileWindow).__hostile.heard);
    expect(new Set(heard.filter((h) => h.text.includes('"control":true')).map((h) => h.kind))).toEqual(new Set(['event', 'message']));
    expect(naming(heard, ids)).toEqual([]);
    expect(heard.filter((h) => !h.text.includes('"control":true'))).toEqual([]);

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

    // Detection still follows the page: a real change is reported.
    await page.evaluate(() => {
      const main = document.querySelector('[role="main"]') ?? document.body;
      main.replaceChildren();
      const message = document.createElement('div');
      message.className = 'adn ads';
      const from = document.createElement('span');
      from.className = 'gD';
      from.setAttribute('email', 'tomasz@newcorp.example');
      from.textContent = 'Tomasz Nowak';
      message.append(from);
      main.append(message);
      history.pushState({}, '', '#inbox/FMfcgzNewThread');
    });
    expect((await settledCount(tabId, before + 1)) - before).toBe(1);
    // Read once the report has landed: a `tab/get` racing a `detected` can store the older detection back.
    expect(await detectedKeys(tabId)).toEqual(['tomasz@newcorp.example']);
    expect(naming(await page.evaluate(() => (window as unknown as HostileWindow).__hostile.heard), ids)).toEqual([]);
    await page.close();
  });

  it('with Gmail switched off in Options no content script runs on Gmail; switched on, the open tab gets it', async () => {
    await setGmail(false);
    const matches = await registeredMatches(ext, (m) => m !== null && !m.includes(GMAIL_MATCH));
    expect(matches).toContain('https://outlook.cloud.microsoft/*');

    ext.routeSite(new URL(thread.url).origin, thread.html);
    const gmail = await ext.openPage(thread.url);
    const gmailTab = await ext.tabId(GMAIL_MATCH);
    await sleep(3_000);
    expect(await updates(gmailTab)).toBe(0);
    expect(await gmail.$('prospect-lens-sidebar')).toBeNull();
    // The control: a site still on does get it.
    const outlookFixture = pageFixture('outlook-compose');
    ext.routeSite(new URL(outlookFixture.url).origin, outlookFixture.html);
    const outlook = await ext.openPage(outlookFixture.url);
    await outlook.waitForSelector('prospect-lens-sidebar', { timeout: 10_000 });

    // Switched back on: the Gmail tab already open is given the script, no reload needed.
    await setGmail(true);
    await registeredMatches(ext, (m) => m?.includes(GMAIL_MATCH) ?? false);
    await gmail.waitForSelector('prospect-lens-sidebar', { timeout: 10_000 });
    expect(await settle(() => updates(gmailTab), (n) => n > 0)).toBeGreaterThan(0);
    await gmail.close();
    await outlook.close();
  });
});
