import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionHarness, launchExtension, PROJECT_ROOT, sidebar } from './helpers';

/**
 * axe-core in real Chromium over every surface a rep sees, filled with the demo data set: the in-page
 * sidebar (inside its shadow root: expanded, compact and unknown cards, folded to its tab), the side
 * panel, the popup, the options and welcome pages — in light and dark. No serious or critical violation
 * is allowed; moderate and minor ones are printed so they can be triaged.
 *
 * The sidebar's shadow root is closed, and axe walks shadow trees through `element.shadowRoot`. So for
 * the sidebar axe runs in the tests' own DevTools world (helpers/sidebar.mjs), never the page's: there,
 * for the length of one scan, the `shadowRoot` getter answers for the sidebar's host with the root
 * DevTools resolved. The page's world is untouched (its `host.shadowRoot` stays null throughout).
 */

const AXE = readFileSync(join(PROJECT_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const GMAIL_URL = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfxzPilotPricingQ1';
const LINKEDIN_URL = 'https://www.linkedin.com/in/prospect-lens.demo.marta-oliveira/';
const SIDEBAR = 'prospect-lens-sidebar';

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

interface AxeGlobals {
  axe: {
    run(
      context: unknown,
      options: unknown,
    ): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
  };
}

/**
 * Runs axe on a whole page (an extension page). DevTools evaluation is exempt from the pages' CSP, so
 * axe runs in extension pages too without an inline script.
 */
async function scan(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const { axe } = globalThis as unknown as AxeGlobals;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
}

/**
 * The same scan over the sidebar (its host and shadow tree), run in the tests' DevTools world with the
 * closed root lent to axe for the duration of the scan.
 */
async function scanSidebar(page: Page): Promise<Violation[]> {
  const bar = sidebar(page);
  if (!(await bar.evaluate(() => 'axe' in globalThis))) await bar.evaluateScript(AXE);
  return bar.evaluate(async (root, selector) => {
    const { axe } = globalThis as unknown as AxeGlobals;
    const getter = Object.getOwnPropertyDescriptor(Element.prototype, 'shadowRoot')!;
    Object.defineProperty(Element.prototype, 'shadowRoot', {
      configurable: true,
      get(this: Element) {
        return this === root.host ? root : getter.get!.call(this);
      },
    });
    try {
      const { violations } = await axe.run({ include: [[selector]] }, { resultTypes: ['violations'] });
      return violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
    } finally {
      Object.defineProperty(Element.prototype, 'shadowRoot', getter);
    }
  }, SIDEBAR);
}

const moderate = new Set<string>();

/** Fails on serious or critical findings; keeps the rest for the summary. */
function expectNoSerious(where: string, violations: Violation[]) {
  for (const v of violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') moderate.add(`${where}: ${v.impact} ${v.id} — ${v.help} (${v.targets.join(', ')})`);
  }
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.targets.join(', ')}`), where).toEqual([]);
}

interface TabsGlobals {
  chrome: { tabs: { query(query: object): Promise<{ id?: number; url?: string }[]> } };
}

describe('accessibility (axe-core)', () => {
  let ext: ExtensionHarness;
  let gmail: Page;
  let gmailTab: number;

  async function tabIdOf(url: string): Promise<number> {
    const probe = await ext.openExtensionPage('manifest.json');
    const tabs = await probe.evaluate(() => (globalThis as unknown as TabsGlobals).chrome.tabs.query({}));
    await probe.close();
    const id = tabs.find((tab) => tab.url === url)?.id;
    if (id === undefined) throw new Error(`No tab shows ${url}`);
    return id;
  }

  beforeAll(async () => {
    ext = await launchExtension();
    await ext.routeSite('https://mail.google.com/**', readFileSync(join(PROJECT_ROOT, 'tests/fixtures/pages/gmail-thread.html'), 'utf8'));
    await ext.routeSite('https://www.linkedin.com/**', readFileSync(join(PROJECT_ROOT, 'demo/linkedin.html'), 'utf8'));
    const options = await ext.openExtensionPage('options.html#import');
    await options.getByRole('button', { name: 'Load demo data' }).click();
    await options.getByRole('status').filter({ hasText: 'Demo data loaded.' }).waitFor({ timeout: 30_000 });
    await options.close();
    gmail = await ext.openPage(GMAIL_URL);
    await sidebar(gmail).waitFor('aside[data-state="ready"]', { timeout: 10_000 });
    gmailTab = await tabIdOf(GMAIL_URL);
  });

  afterAll(async () => {
    await ext?.close();
    if (moderate.size > 0) console.log(`Moderate and minor axe findings:\n${[...moderate].join('\n')}`);
  });

  describe.each(['light', 'dark'] as const)('%s', (colorScheme) => {
    it('the sidebar: an expanded known card, compact rows, an unknown card', async () => {
      // Loaded in that scheme, so no colour is caught mid-transition, and with the first card open.
      await gmail.emulateMedia({ colorScheme });
      await gmail.reload();
      const bar = sidebar(gmail);
      await bar.waitFor('aside[data-state="ready"]', { timeout: 10_000 });
      expect(await bar.count('[data-testid="prospect-card"]')).toBeGreaterThan(2);
      expectNoSerious(`sidebar (${colorScheme}, first card open)`, await scanSidebar(gmail));

      // Open an unknown person's card: its "no history yet" state and buttons.
      await bar.click({ selector: '[data-known="false"] .pl-toggle', nth: 0 });
      expectNoSerious(`sidebar (${colorScheme}, unknown card open)`, await scanSidebar(gmail));
    });

    it('the sidebar folded to its tab', async () => {
      const bar = sidebar(gmail);
      await bar.click({ role: 'button', name: 'Hide the sidebar' });
      await bar.waitFor('aside[data-state="collapsed"]');
      try {
        expectNoSerious(`folded sidebar (${colorScheme})`, await scanSidebar(gmail));
      } finally {
        // Unfolded again (the state is remembered for Gmail), whatever the scan found.
        await bar.click('.pl-tab');
        await bar.waitFor('aside[data-state="ready"]');
      }
    });

    it('the side panel for a Gmail tab and for a LinkedIn tab', async () => {
      const linkedin = await ext.openPage(LINKEDIN_URL);
      const linkedinTab = await tabIdOf(LINKEDIN_URL);
      for (const [site, tabId] of [['Gmail', gmailTab], ['LinkedIn', linkedinTab]] as const) {
        const panel = await ext.context.newPage();
        await panel.emulateMedia({ colorScheme });
        await panel.setViewportSize({ width: 360, height: 800 });
        await panel.goto(`${ext.extensionOrigin}/sidepanel.html?tab=${tabId}`);
        // The panel refreshes when the tab's detection arrives.
        await panel.locator('[data-testid="prospect-card"]').first().waitFor({ timeout: 10_000 });
        expectNoSerious(`side panel, ${site} tab (${colorScheme})`, await scan(panel));
        await panel.close();
      }
      await linkedin.close();
    });

    it.each(['popup.html?tab=', 'options.html', 'welcome.html'])('%s', async (path) => {
      const page = await ext.context.newPage();
      await page.emulateMedia({ colorScheme });
      const url = path.endsWith('=') ? `${path}${gmailTab}` : path;
      await page.goto(`${ext.extensionOrigin}/${url}`);
      await page.locator('main, form, h1').first().waitFor({ timeout: 10_000 });
      if (path.startsWith('popup')) await page.locator('form[data-testid="log-form"]').waitFor({ timeout: 10_000 });
      expectNoSerious(`${path} (${colorScheme})`, await scan(page));
      await page.close();
    });
  });

  it('axe sees inside the shadow root (so a clean scan means something)', async () => {
    // A control with no accessible name, planted in the sidebar's shadow tree, must be reported.
    await sidebar(gmail).evaluate((root) => {
      const unnamed = document.createElement('button');
      root.querySelector('aside')!.append(unnamed);
    });
    const violations = await scanSidebar(gmail);
    expect(violations.map((v) => v.id)).toContain('button-name');
    // The scan lent the root to axe in the tests' own world only: the page still sees no root.
    expect(await gmail.evaluate(() => document.querySelector('prospect-lens-sidebar')?.shadowRoot === null)).toBe(true);
  });

  it('met no Content Security Policy violation in any page, frame or worker it opened', async () => {
    expect(await ext.cspViolations()).toEqual([]);
  });
});
