import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionHarness, launchExtension, PROJECT_ROOT, sidebar, tabIdOf } from './helpers';

/**
 * LinkedIn in real Chromium. LinkedIn's terms target overlays, so by default the extension only reads:
 * not one node or attribute of the page changes, the toolbar badge counts the known people, and the
 * side panel (`sidepanel.html?tab=<id>`) shows their cards. The in-page sidebar appears only once the
 * rep opts in on the options page.
 */

const read = (path: string) => readFileSync(join(PROJECT_ROOT, path), 'utf8');
const fixtureUrl = (name: string) => (JSON.parse(read(`tests/fixtures/pages/${name}.expected.json`)) as { url: string }).url;

interface Case {
  name: string;
  html: string;
  url: string;
  key: string;
  known: boolean;
  /** The toolbar badge: how many known people the tab shows. */
  badge: string;
}

const fixture = (name: string, key: string, known: boolean): Case => ({
  name,
  html: read(`tests/fixtures/pages/${name}.html`),
  url: fixtureUrl(name),
  key,
  known,
  badge: known ? '1' : '',
});

const CASES: Case[] = [
  fixture('linkedin-profile', 'linkedin:dana-whitfield-8b2a1c', true),
  fixture('linkedin-public', 'linkedin:jörg-müller-7a3b', true),
  // A Sales Navigator lead has no public profile link to match on: shown, but unknown.
  fixture('linkedin-sales-lead', 'linkedin-sales:ACwAAAB3xYz0BqT9kLmN4pQrStUvWxYz1a2b3c4', false),
  fixture('linkedin-messaging', 'linkedin:jonas-berg-11', true),
  // The demo page's person is in the demo data set, known by her profile URL only.
  { name: 'demo page', html: read('demo/linkedin.html'), url: 'https://www.linkedin.com/in/prospect-lens.demo.marta-oliveira/', key: 'linkedin:prospect-lens.demo.marta-oliveira', known: true, badge: '1' },
];

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
/** The fixtures' people, known by profile URL (the public one percent-encoded, on a country host). */
const CSV = [
  'name,company,title,linkedin_url,lifecycle_stage,lead_score,event_type,occurred_at,event_title',
  `Dana Whitfield,Northwind Traders,VP Marketing,https://www.linkedin.com/in/dana-whitfield-8b2a1c/,salesqualifiedlead,64,webinar_attended,${daysAgo(3)},Demand gen live`,
  `Jörg Müller,Müller Bau GmbH,Geschäftsführer,https://de.linkedin.com/in/j%C3%B6rg-m%C3%BCller-7a3b,lead,22,page_view,${daysAgo(5)},Pricing`,
  `Jonas Berg,Fabrikam,Procurement,https://www.linkedin.com/in/jonas-berg-11,marketingqualifiedlead,40,email_click,${daysAgo(2)},Q4 nurture #3`,
].join('\n');

interface MutationLog {
  mutations: string[];
  parsed: string;
}

/**
 * Runs in the page before its HTML is parsed: once parsing is done (the fixtures have no scripts of
 * their own, and the content script runs later, at document_idle), every change to the DOM is logged.
 */
function recordMutations() {
  const log: MutationLog = { mutations: [], parsed: '' };
  (window as unknown as { mutationLog: MutationLog }).mutationLog = log;
  document.addEventListener('readystatechange', () => {
    if (document.readyState !== 'interactive') return;
    log.parsed = document.documentElement.outerHTML;
    new MutationObserver((records) => {
      for (const r of records) log.mutations.push(`${r.type} ${(r.target as Element).nodeName ?? ''} ${r.attributeName ?? ''}`);
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

interface ChromeGlobals {
  chrome: {
    action: { getBadgeText(details: { tabId: number }): Promise<string> };
    sidePanel: { getOptions(details: { tabId: number }): Promise<{ path?: string }> };
  };
}

describe('LinkedIn surfaces', () => {
  let ext: ExtensionHarness;
  /** An extension page to call chrome.* from. */
  let probe: Page;
  const served = new Map<string, string>();

  async function openCase({ url, html }: Case): Promise<Page> {
    served.set(new URL(url).origin, html);
    const page = await ext.context.newPage();
    await page.addInitScript(recordMutations);
    await page.goto(url);
    return page;
  }


  /** The keys the background holds for the tab, once the content script reported them. */
  async function detectedKeys(tabId: number, url: string): Promise<string[] | null> {
    const reply = await ext.sendMessage<{ ok: boolean; data: { url: string; views: { key: string }[] } | null }>({ type: 'tab/get', tabId });
    return reply.ok && reply.data?.url === url ? reply.data.views.map((v) => v.key) : null;
  }

  beforeAll(async () => {
    ext = await launchExtension();
    for (const origin of ['https://www.linkedin.com', 'https://de.linkedin.com']) {
      await ext.routeSite(`${origin}/**`, (url) => served.get(url.origin) ?? '');
    }
    probe = await ext.openExtensionPage('manifest.json');

    const options = await ext.openExtensionPage('options.html#import');
    await options.getByRole('button', { name: 'Load demo data' }).click();
    await options.getByRole('status').filter({ hasText: 'Demo data loaded.' }).waitFor({ timeout: 30_000 });
    await options.locator('input[type="file"][data-testid="import-file"]').setInputFiles({
      name: 'linkedin.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV),
    });
    await options.locator('[data-testid="import-summary"][data-imported="3"]').waitFor({ timeout: 15_000 });
    await options.close();
  });

  afterAll(async () => {
    await ext?.close();
  });

  describe.each(CASES)('$name', (c) => {
    it('reads the page without changing it; badge and side panel show the person', async () => {
      const page = await openCase(c);
      const tabId = await tabIdOf(probe, page);
      await expect.poll(() => detectedKeys(tabId, page.url()), { timeout: 10_000 }).toEqual([c.key]);

      const log = await page.evaluate(() => (window as unknown as { mutationLog: MutationLog }).mutationLog);
      expect(log.parsed).not.toBe('');
      expect(log.mutations).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(log.parsed);
      expect(await page.locator('prospect-lens-sidebar').count()).toBe(0);

      const chrome = await probe.evaluate(
        async (id) => {
          const { action, sidePanel } = (globalThis as unknown as ChromeGlobals).chrome;
          return { badge: await action.getBadgeText({ tabId: id }), panel: (await sidePanel.getOptions({ tabId: id })).path };
        },
        tabId,
      );
      expect(chrome).toEqual({ badge: c.badge, panel: `sidepanel.html?tab=${tabId}` });

      const panel = await ext.openExtensionPage(`sidepanel.html?tab=${tabId}`);
      const card = panel.locator(`[data-testid="prospect-card"][data-prospect-key="${c.key}"]`);
      await card.waitFor({ timeout: 10_000 });
      expect(await panel.locator('[data-testid="prospect-card"]').count()).toBe(1);
      expect(await card.getAttribute('data-known')).toBe(String(c.known));
      await panel.close();
      await page.close();
    });
  });

  it('says nothing was detected for a tab it knows nothing about', async () => {
    const panel = await ext.openExtensionPage('sidepanel.html?tab=987654');
    await panel.locator('aside[data-state="empty"]').waitFor({ timeout: 10_000 });
    expect(await panel.getByText('Nothing detected on this page.').isVisible()).toBe(true);
    expect(await panel.locator('[data-testid="prospect-card"]').count()).toBe(0);
    await panel.close();
  });

  it('draws the in-page sidebar once the rep opts in', async () => {
    const options = await ext.openExtensionPage('options.html');
    const sites = options.locator('form[data-testid="sites-form"]');
    await sites.locator('input[name="linkedinOverlay"]').check();
    await sites.locator('button[type="submit"]').click();
    await sites.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ timeout: 5_000 });
    await options.close();

    const [profile] = CASES;
    const page = await openCase(profile!);
    // Inside the sidebar's closed shadow root, read through DevTools (helpers/sidebar.mjs).
    const card = `[data-testid="prospect-card"][data-prospect-key="${profile!.key}"]`;
    await sidebar(page).waitFor(card, { timeout: 10_000 });
    expect(await sidebar(page).attr(card, 'data-known')).toBe('true');
    // The same recorder that saw no change above sees this one.
    const log = await page.evaluate(() => (window as unknown as { mutationLog: MutationLog }).mutationLog);
    expect(log.mutations).toContain('childList HTML '); // the sidebar's host, after <body>
    await page.close();
  });

  it('met no Content Security Policy violation in any page, frame or worker it opened', async () => {
    expect(await ext.cspViolations()).toEqual([]);
  });
});
