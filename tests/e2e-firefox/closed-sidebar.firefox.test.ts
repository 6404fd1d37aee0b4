import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  armPage,
  attackCounters,
  CANARIES,
  CANARY_CSV,
  cardsRead,
  leakingRoutes,
  predefineHost,
  readEverything,
} from '../hardening/support/page-attacks';
import { type FirefoxHarness, importOnOptionsPage, launchFirefox, pageFixture } from './helpers';
import { sidebar } from './helpers/sidebar';

/**
 * The page attack of tests/hardening/e2e/closed-sidebar.e2e.test.ts in Firefox ESR: Gmail's own
 * scripts, armed before any page script (puppeteer's evaluateOnNewDocument, a BiDi preload script in
 * the page's realm), try every route to the sidebar's cards and read 0 of the N that WebDriver BiDi
 * (helpers/sidebar.ts, a sandbox realm) sees drawn. The second case is the page that defines
 * `<prospect-lens-sidebar>` itself, to get the root through ElementInternals.
 */
const CARD = '[data-testid="prospect-card"]';
const THREAD = pageFixture('gmail-thread');

describe('Firefox: the page reads nothing from the sidebar', () => {
  let ext: FirefoxHarness;
  let imported: string | null = null;

  beforeAll(async () => {
    ext = await launchFirefox();
    imported = await importOnOptionsPage(ext, CANARY_CSV);
    ext.routeSite(new URL(THREAD.url).origin, THREAD.html);
  });

  afterAll(async () => {
    await ext?.close();
  });

  async function attackThread(initScripts: (() => void)[]) {
    const page: Page = await ext.openPage(THREAD.url, {
      beforeLoad: async (p) => {
        for (const script of initScripts) await p.evaluateOnNewDocument(script);
      },
    });
    const bar = sidebar(page);
    await bar.waitFor('aside[data-state="ready"]', { timeout: 15_000 });
    // Every canary is drawn (read through BiDi), so the page would have something to find.
    const deadline = Date.now() + 10_000;
    let text = '';
    while (Date.now() < deadline && !Object.values(CANARIES).every((c) => text.includes(c))) {
      text = await bar.evaluate((root) => root.textContent ?? '');
      if (!Object.values(CANARIES).every((c) => text.includes(c))) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(Object.values(CANARIES).filter((c) => !text.includes(c))).toEqual([]);
    const visible = (await bar.attrs(CARD, 'data-prospect-key')).map(String);

    for (let i = 0; i < visible.length; i++) await bar.click({ selector: `${CARD} .pl-toggle`, nth: i });
    await bar.focus({ selector: '.pl-toggle', nth: 0 });
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');

    const points: { x: number; y: number }[] = [];
    for (let i = 0; i < visible.length; i++) {
      const box = await bar.box({ selector: `${CARD} .pl-toggle`, nth: i });
      if (box) points.push({ x: box.x + box.width / 2, y: box.y + box.height / 2 });
    }
    const { routes, findOracle, activeIsHost } = await page.evaluate(readEverything, { canaries: Object.values(CANARIES), points });
    const attack = await page.evaluate(attackCounters);
    return { page, bar, visible, routes, read: cardsRead(routes), leaking: leakingRoutes(routes), findOracle, activeIsHost, attack };
  }

  it('reads 0 of the N cards by any route, with hooks armed before the content script ran', async () => {
    expect(imported).toBe('3');
    const outcome = await attackThread([armPage]);
    console.log(`firefox-closed-sidebar ${JSON.stringify({ cardsVisible: outcome.visible.length, cardsRead: outcome.read.length, leaking: outcome.leaking, events: outcome.attack.events, findOracle: outcome.findOracle })}`);
    // Four people, four cards: priya+pilots@ is shown on priya@'s card (one person).
    expect(outcome.visible.length).toBeGreaterThanOrEqual(4);
    expect(outcome.leaking).toEqual([]);
    expect(outcome.read).toEqual([]);
    // Controls: the hooks were live, and the page saw the sidebar being added and used.
    expect(outcome.attack.roots).toBe(1);
    expect(outcome.attack.touched).toBe(0);
    expect(outcome.attack.events).toBeGreaterThan(0);
    expect(outcome.attack.pathNodes).toBe(0);
    expect(outcome.attack.mutationsSeen).toBeGreaterThan(0);
    expect(outcome.attack.mutationNodes).toBe(0);
    expect(outcome.activeIsHost).toBe(true);
    expect(await outcome.bar.mode()).toBe('closed');
    await outcome.page.close();
  });

  it('reads 0 cards when the page defines <prospect-lens-sidebar> itself first (ElementInternals)', async () => {
    const outcome = await attackThread([armPage, predefineHost]);
    console.log(`firefox-closed-sidebar-predefined-host ${JSON.stringify({ cardsVisible: outcome.visible.length, cardsRead: outcome.read.length, leaking: outcome.leaking, internals: outcome.attack.internals })}`);
    // Four people, four cards: priya+pilots@ is shown on priya@'s card (one person).
    expect(outcome.visible.length).toBeGreaterThanOrEqual(4);
    expect(outcome.attack.internals).toBeGreaterThan(0);
    expect(outcome.leaking).toEqual([]);
    expect(outcome.read).toEqual([]);
    await outcome.page.close();
  });

  it('raised no uncaught error in any page', () => {
    expect(ext.pageErrors()).toEqual([]);
  });
});
