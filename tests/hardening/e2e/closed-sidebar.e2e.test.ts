/**
 * The page learns and reads nothing (issue 12, item 3): Gmail's own scripts try every way we know to
 * read the sidebar's cards, in real Chromium with the built extension, and read 0 of the N cards that
 * DevTools (helpers/sidebar.mjs, the tests' own world) sees drawn.
 *
 * The attacker is the page's main world, armed before any page script and long before the content
 * script (document_idle): `Element.prototype.attachShadow` and the DOM-building methods are wrapped to
 * keep every node they are called on; listeners on `window` keep every event's composedPath; a
 * MutationObserver watches the whole document. Then, with the sidebar drawn and used (trusted clicks,
 * focus moving through it), it tries `host.shadowRoot`, deep queries through open roots, every
 * serialiser (`getHTML` with the roots it caught, `getInnerHTML`, `innerHTML`/`outerHTML`,
 * XMLSerializer), text (`innerText`/`textContent` of the host and the page, selections and ranges),
 * hit testing at each card (`elementsFromPoint`, `caretRangeFromPoint`, `caretPositionFromPoint`), the
 * focused element, and `chrome.dom`. Each known card carries a canary title only the sidebar shows, so a
 * route "reads" a card if it reaches the card's element or its canary.
 *
 * The content script runs in an isolated world: its `attachShadow` and DOM calls go through that world's
 * own prototypes, so the main world's wrappers never see the sidebar's root (the control root the page
 * attaches itself is caught). A second case pre-defines `<prospect-lens-sidebar>` as the page's own
 * custom element with ElementInternals, whose `shadowRoot` returns even a closed root that was attached
 * while the element was already custom.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionHarness, launchExtension, PROJECT_ROOT, sidebar } from '../../e2e/helpers';
import { armPage, attackCounters, CANARIES, CANARY_CSV, cardsRead, leakingRoutes, predefineHost, readEverything, type Routes } from '../support/page-attacks';
import { recordResult } from '../support/results';

const URL_ = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfxzPilotPricingQ1';
const CARD = '[data-testid="prospect-card"]';

interface Outcome {
  visible: string[];
  routes: Routes;
  read: string[];
  findOracle: boolean;
  activeIsHost: boolean;
  attack: { roots: number; touched: number; events: number; pathNodes: number; mutationsSeen: number; mutationNodes: number; internals: number };
}

describe('the page reads nothing from the sidebar', () => {
  let ext: ExtensionHarness;

  beforeAll(async () => {
    ext = await launchExtension();
    const options = await ext.openExtensionPage('options.html');
    await options.locator('input[type="file"][data-testid="import-file"]').setInputFiles({ name: 'canaries.csv', mimeType: 'text/csv', buffer: Buffer.from(CANARY_CSV) });
    await options.locator('[data-testid="import-summary"][data-imported="3"]').waitFor({ timeout: 15_000 });
    await options.close();
    await ext.routeSite('https://mail.google.com/**', readFileSync(join(PROJECT_ROOT, 'tests/fixtures/pages/gmail-thread.html'), 'utf8'));
  });

  afterAll(async () => {
    await ext?.close();
  });

  /** Opens the thread with the page armed, uses the sidebar, then lets the page try everything. */
  async function attackThread(initScripts: (() => void)[]): Promise<Outcome & { page: Page }> {
    const page = await ext.context.newPage();
    for (const script of initScripts) await page.addInitScript(script);
    await page.goto(URL_);
    const bar = sidebar(page);
    await bar.waitFor('aside[data-state="ready"]', { timeout: 15_000 });
    // Every canary is drawn: DevTools reads it, so the page would have something to find.
    await expect.poll(() => bar.evaluate((root) => root.textContent ?? ''), { timeout: 10_000 }).toSatisfy((text: string) => Object.values(CANARIES).every((c) => text.includes(c)));
    const visible = (await bar.attrs(CARD, 'data-prospect-key')).map(String);

    // Use it as a rep does: open each card (trusted clicks), move focus through it.
    for (let i = 0; i < visible.length; i++) await bar.click({ selector: `${CARD} .pl-toggle`, nth: i });
    await bar.focus({ selector: '.pl-toggle', nth: 0 });
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');

    const points: { x: number; y: number }[] = [];
    for (let i = 0; i < visible.length; i++) {
      const box = await bar.box({ selector: `${CARD} .pl-toggle`, nth: i });
      if (box) points.push({ x: box.x + box.width / 2, y: box.y + box.height / 2 });
    }
    const { routes, findOracle, activeIsHost } = await page.evaluate(readEverything, { canaries: Object.values(CANARIES), points });
    const attack = await page.evaluate(attackCounters);
    return { page, visible, routes, read: cardsRead(routes), findOracle, activeIsHost, attack };
  }

  it('reads 0 of the N cards by any route, with hooks armed before the content script ran', async () => {
    const outcome = await attackThread([armPage]);
    const leaking = leakingRoutes(outcome.routes);
    recordResult('e2e-closed-sidebar', {
      cardsVisible: outcome.visible.length,
      cardsRead: outcome.read.length,
      routesTried: Object.keys(outcome.routes).length,
      leakingRoutes: leaking,
      eventsSeenByPage: outcome.attack.events,
      rootsCaughtByHook: outcome.attack.roots,
      findOracle: outcome.findOracle,
    });
    // The cards are there (read through DevTools) ... four people, four cards: priya+pilots@ is
    // shown on priya@'s card (one person).
    expect(outcome.visible.length).toBeGreaterThanOrEqual(4);
    // ... and the page reads none of them, by any route.
    expect(leaking).toEqual([]);
    expect(outcome.read).toEqual([]);

    // Controls: the hooks were live and the page did see the sidebar being added and used.
    expect(outcome.attack.roots).toBe(1); // its own control root; never the sidebar's
    expect(outcome.attack.touched).toBe(0);
    expect(outcome.attack.events).toBeGreaterThan(0); // clicks and focus changes crossed into the page ...
    expect(outcome.attack.pathNodes).toBe(0); // ... with no node inside the shadow tree on their paths
    expect(outcome.attack.mutationsSeen).toBeGreaterThan(0); // the host being appended
    expect(outcome.attack.mutationNodes).toBe(0);
    expect(outcome.activeIsHost).toBe(true); // focus was inside: the page sees only the host
    // And the root DevTools found is a closed one.
    expect(await sidebar(outcome.page).mode()).toBe('closed');
    await outcome.page.close();
  });

  it('reads 0 cards when the page defines <prospect-lens-sidebar> itself first (ElementInternals)', async () => {
    const outcome = await attackThread([armPage, predefineHost]);
    const leaking = leakingRoutes(outcome.routes);
    recordResult('e2e-closed-sidebar-predefined-host', { cardsVisible: outcome.visible.length, cardsRead: outcome.read.length, leakingRoutes: leaking, internals: outcome.attack.internals });
    expect(outcome.visible.length).toBeGreaterThanOrEqual(4);
    // Control: the page's element class did run for the sidebar's host.
    expect(outcome.attack.internals).toBeGreaterThan(0);
    expect(leaking).toEqual([]);
    expect(outcome.read).toEqual([]);
    await outcome.page.close();
  });
});
