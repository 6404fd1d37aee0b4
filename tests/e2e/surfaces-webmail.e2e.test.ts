import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionHarness, launchExtension, PROJECT_ROOT, sidebar } from './helpers';

/**
 * Every webmail fixture page, served at its real address in real Chromium: the in-page sidebar shows
 * one card per detected person, minus the people the background must never show (the signed-in user,
 * colleagues on the signed-in domain, automated senders); the 1,000-row inbox shows no sidebar at all (and gets no sidebar script).
 * Then the sidebar as a rep uses it: folding to the slim tab (remembered per site across reloads), and
 * the keyboard (every control reachable by Tab with a visible focus ring, arrow keys between rows).
 * The sidebar's shadow root is closed: everything inside it is read and driven through DevTools
 * (helpers/sidebar.mjs); the keys and clicks are real input events.
 */

const PAGES = join(PROJECT_ROOT, 'tests/fixtures/pages');
const read = (name: string) => readFileSync(join(PAGES, name), 'utf8');

interface Expected {
  url: string;
  selfAddresses: string[];
  candidates: { key: string; email?: string }[];
}
const expectedOf = (name: string) => JSON.parse(read(`${name}.expected.json`)) as Expected;

/** The automated senders each page holds, which the background drops (lib/detect/filter.ts). */
const FIXTURES: { name: string; automated: string[] }[] = [
  { name: 'gmail-thread', automated: [] },
  { name: 'gmail-thread-30', automated: ['calendar-notification@google.com'] },
  { name: 'gmail-thread-de', automated: [] },
  // A list address and a Groups notice: no card at all (lib/identity/filter.ts).
  { name: 'gmail-thread-list', automated: ['noreply-groups@google.com', 'pilot-customers@googlegroups.com'] },
  { name: 'gmail-compose', automated: [] },
  { name: 'gmail-inbox-1000', automated: [] },
  { name: 'outlook-reading-de', automated: [] },
  { name: 'outlook-reading-en', automated: [] },
  { name: 'outlook-reading-text', automated: [] },
  { name: 'outlook-compose', automated: ['alerts@monitoring.example'] },
];

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1);

/**
 * The keys the sidebar must show: the page's candidates without colleagues (the signed-in account's
 * domain, as no own domains are configured and none of these is free-mail) and automated senders.
 */
function visibleKeys({ selfAddresses, candidates }: Expected, automated: string[]): string[] {
  const ownDomains = new Set(selfAddresses.map(domainOf));
  const keys = candidates.filter((c) => !(c.email && ownDomains.has(domainOf(c.email))) && !automated.includes(c.key)).map((c) => c.key);
  // A `+tag` address and its base address are one person, one card: the first the page wrote
  // (lib/background/tab-builder.ts, onePerPerson).
  const base = (key: string) => key.replace(/^([^@+]+)\+[^@]*@/, '$1@');
  return keys.filter((key, i) => keys.findIndex((other) => base(other) === base(key)) === i).sort();
}

const SIDEBAR = 'prospect-lens-sidebar';
const CARDS = '[data-testid="prospect-card"]';
const cardKeys = async (page: Page) => (await sidebar(page).attrs(CARDS, 'data-prospect-key')).map((key) => key ?? '').sort();
/** The sidebar's root says `ready` once the background answered and the cards are drawn. */
const sidebarIn = (page: Page, state: string, options?: { timeout?: number }) => sidebar(page).waitFor(`aside[data-state="${state}"]`, options);

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
/** One known person with linked events, so the expanded card has links in its tab order too. */
const CSV = [
  'email,name,company,title,lifecycle_stage,lead_score,event_type,occurred_at,event_title,event_url',
  `dana.whitfield@northwind.example,Dana Whitfield,Northwind Traders,Head of Procurement,opportunity,87,email_click,${daysAgo(1)},Q4 nurture #3,https://www.example.com/roi`,
  `dana.whitfield@northwind.example,,,,,,page_view,${daysAgo(2)},Pricing,https://www.example.com/pricing`,
].join('\n');

interface TabsGlobals {
  chrome: { tabs: { query(query: object): Promise<{ id?: number; url?: string }[]> } };
}

describe('webmail surfaces', () => {
  let ext: ExtensionHarness;
  let probe: Page;

  /** The background's stored state for the tab showing `page`, once its detection arrived. */
  async function detectedState(page: Page): Promise<{ candidates: unknown[] } | null> {
    const url = page.url();
    const tabs = await probe.evaluate(() => (globalThis as unknown as TabsGlobals).chrome.tabs.query({}));
    const tabId = tabs.find((tab) => tab.url === url)?.id;
    if (tabId === undefined) return null;
    const reply = await ext.sendMessage<{ ok: boolean; data: { url: string; candidates: unknown[] } | null }>({ type: 'tab/get', tabId });
    return reply.ok && reply.data?.url === url ? reply.data : null;
  }

  /** What each origin serves now: the fixture most recently opened there. */
  const served = new Map<string, string>();
  function openFixture(name: string): Promise<Page> {
    const { url } = expectedOf(name);
    served.set(new URL(url).origin, read(`${name}.html`));
    return ext.openPage(url);
  }

  beforeAll(async () => {
    ext = await launchExtension();
    const origins = new Set([...FIXTURES.map(({ name }) => name), 'outlook-reading-named'].map((name) => new URL(expectedOf(name).url).origin));
    for (const origin of origins) await ext.routeSite(`${origin}/**`, (url) => served.get(url.origin) ?? '');
    probe = await ext.openExtensionPage('manifest.json');
    const options = await ext.openExtensionPage('options.html');
    await options.locator('input[type="file"][data-testid="import-file"]').setInputFiles({
      name: 'dana.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV),
    });
    await options.locator('[data-testid="import-summary"][data-imported="2"]').waitFor({ timeout: 15_000 });
    await options.close();
  });

  afterAll(async () => {
    await ext?.close();
  });

  describe.each(FIXTURES)('$name', ({ name, automated }) => {
    const expected = expectedOf(name);
    const keys = visibleKeys(expected, automated);

    it(keys.length > 0 ? `shows exactly ${keys.length} cards` : 'shows no sidebar', async () => {
      const page = await openFixture(name);
      if (keys.length > 0) {
        await sidebarIn(page, 'ready', { timeout: 10_000 });
        expect(await cardKeys(page)).toEqual(keys);
        // Each card says whether the store knows the person; only Dana was imported.
        const known = await sidebar(page).attrs(`${CARDS}[data-known="true"]`, 'data-prospect-key');
        expect(known).toEqual(keys.includes('dana.whitfield@northwind.example') ? ['dana.whitfield@northwind.example'] : []);
      } else {
        // The page was scanned and reported (so this is not "not yet"), and nothing is drawn.
        await expect.poll(() => detectedState(page), { timeout: 10_000 }).toMatchObject({ candidates: [] });
        // Nobody found, so the sidebar script was never asked for: the page holds no host at all, not
        // even a hidden one (docs/architecture.md, "What the content script carries").
        expect(await page.locator(SIDEBAR).count()).toBe(0);
        expect(await sidebar(page).mode()).toBeNull();
      }
      await page.close();
    });
  });

  it('never shows the signed-in user, colleagues or automated senders on any page', () => {
    // Guards the table above: the pages do hold people the background must drop.
    const dropped = FIXTURES.flatMap(({ name, automated }) => {
      const expected = expectedOf(name);
      const shown = new Set(visibleKeys(expected, automated));
      return expected.candidates.map((c) => c.key).filter((key) => !shown.has(key));
    });
    expect(dropped.sort()).toEqual([
      'alerts@monitoring.example',
      'alex.kim@acme.example',
      'alex.kim@acme.example',
      'calendar-notification@google.com',
      'noreply-groups@google.com',
      'pilot-customers@googlegroups.com',
      // Not dropped but merged: one card with priya@fabrikam.example, the address the page wrote first.
      'priya+pilots@fabrikam.example',
    ]);
  });

  describe('sidebar behaviour', () => {
    it('folds to the slim tab, stays folded after a reload, and only on that site', async () => {
      const gmail = await openFixture('gmail-thread');
      const bar = sidebar(gmail);
      await sidebarIn(gmail, 'ready', { timeout: 10_000 });
      expect((await bar.box('aside'))?.width).toBe(320);

      await bar.click({ role: 'button', name: 'Hide the sidebar' });
      const tab = { role: 'button', name: /^Show Prospect Lens\b.*\b4 found\b/ };
      await bar.waitFor(tab);
      expect((await bar.box('aside'))?.width).toBe(28);
      expect(await bar.count(CARDS)).toBe(0);

      await gmail.reload();
      await sidebarIn(gmail, 'collapsed', { timeout: 10_000 });
      await bar.waitFor(tab);

      // Outlook is another site: its sidebar opens unfolded.
      const outlook = await openFixture('outlook-reading-de');
      await sidebarIn(outlook, 'ready', { timeout: 10_000 });
      await outlook.close();

      await bar.click(tab);
      await sidebarIn(gmail, 'ready');
      await gmail.reload();
      await sidebarIn(gmail, 'ready', { timeout: 10_000 });
      expect(await cardKeys(gmail)).toEqual(visibleKeys(expectedOf('gmail-thread'), []));
      await gmail.close();
    });

    it('resolves people Outlook shows by name only: the known one by name, the others say they were not found', async () => {
      const page = await openFixture('outlook-reading-named');
      const bar = sidebar(page);
      await sidebarIn(page, 'ready', { timeout: 10_000 });
      // Dana was imported with her address: the name-only persona is her card, marked as matched by name.
      const dana = `${CARDS}[data-prospect-key="dana.whitfield@northwind.example"]`;
      await bar.waitFor(dana);
      expect(await bar.attr(dana, 'data-match')).toBe('name');
      // Nobody else by those names is stored: their cards keep the name and never invent an address.
      const keys = await cardKeys(page);
      expect(keys).toEqual(['dana.whitfield@northwind.example', 'name:jonas berg', 'name:li wei']);
      expect((await bar.attrs(`${CARDS}:not([data-match="name"])`, 'data-prospect-key')).sort()).toEqual(['name:jonas berg', 'name:li wei']);
      await page.close();
    });

    it('reaches every control with Tab, each with a visible focus ring', async () => {
      const page = await openFixture('gmail-thread');
      const bar = sidebar(page);
      await sidebarIn(page, 'ready', { timeout: 10_000 });

      // The controls a rep can see, in document order; hidden details of compact cards are not in the tab order.
      const controls = await bar.evaluate((root) => {
        // <summary>: the compact card's folded counts table opens from it.
        const all = [...root.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary, [tabindex]')];
        return all.filter((el) => el.tabIndex >= 0 && el.checkVisibility()).map((el) => el.outerHTML.slice(0, 80));
      });
      expect(controls.length).toBeGreaterThan(8);

      // Start from the page's last own control: the sidebar comes next in the page's tab order.
      await page.evaluate((tag) => {
        const focusable = [...document.querySelectorAll<HTMLElement>('a[href], button, input, [tabindex]')].filter(
          (el) => el.tabIndex >= 0 && !el.closest(tag),
        );
        (focusable.at(-1) ?? document.body).focus();
      }, SIDEBAR);

      const visited: { control: string; focusVisible: boolean; outline: string }[] = [];
      for (let step = 0; step < controls.length + 1; step++) {
        await page.keyboard.press('Tab');
        // Focus inside the sidebar: the document's focus is on the host, the root's on the control.
        const focused = await bar.activeElement();
        if (!focused) break;
        visited.push({ control: focused.outerHTML.slice(0, 80), focusVisible: focused.focusVisible, outline: focused.outline });
      }

      expect(visited.map((v) => v.control)).toEqual(controls);
      for (const v of visited) expect(v, v.control).toMatchObject({ focusVisible: true, outline: 'solid 2px' });
      await page.close();
    });

    it('moves between compact rows with the arrow keys, Home and End; Enter opens one', async () => {
      const page = await openFixture('gmail-thread');
      const bar = sidebar(page);
      await sidebarIn(page, 'ready', { timeout: 10_000 });
      // Only Dana was imported: the other three are folded under "3 people with no data" until opened.
      await bar.click({ within: '[data-testid="no-data-group"]', selector: ':scope > button' });
      const rows = '.pl-toggle';
      const focusedRow = () => bar.focusedIndex(rows);
      const count = await bar.count(rows);
      expect(count).toBe(4);

      // Gmail's shortcuts listen on the document: keys typed in the sidebar must not reach them.
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { keysSeen: string[] }).keysSeen = seen;
        document.addEventListener('keydown', (event) => seen.push(event.key));
      });
      await bar.focus({ selector: rows, nth: 0 });
      await page.keyboard.press('ArrowDown');
      expect(await focusedRow()).toBe(1);
      await page.keyboard.press('End');
      expect(await focusedRow()).toBe(count - 1);
      await page.keyboard.press('ArrowDown');
      expect(await focusedRow()).toBe(0);
      await page.keyboard.press('ArrowUp');
      expect(await focusedRow()).toBe(count - 1);
      await page.keyboard.press('Home');
      expect(await focusedRow()).toBe(0);

      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      const expanded = await bar.attrs(CARDS, 'data-expanded');
      expect(expanded).toEqual(['false', 'true', 'false', 'false']);
      expect(await page.evaluate(() => (window as unknown as { keysSeen: string[] }).keysSeen)).toEqual([]);
      await page.close();
    });

    // Last: the ignore list it fills applies to every later page.
    it('mutes a person: the card goes at once and stays gone after a reload', async () => {
      const page = await openFixture('gmail-thread');
      const bar = sidebar(page);
      await sidebarIn(page, 'ready', { timeout: 10_000 });
      const jonas = '[data-prospect-key="jonas.berg@fabrikam.example"]';
      await bar.click({ within: '[data-testid="no-data-group"]', selector: ':scope > button' });
      await bar.click(`${jonas} .pl-toggle`);
      await bar.click({ within: jonas, role: 'button', name: /^Mute Jonas Berg/ });

      const rest = visibleKeys(expectedOf('gmail-thread'), ['jonas.berg@fabrikam.example']);
      await expect.poll(() => cardKeys(page)).toEqual(rest);
      await page.reload();
      await sidebarIn(page, 'ready', { timeout: 10_000 });
      expect(await cardKeys(page)).toEqual(rest);
      await page.close();
    });
  });

  it('met no Content Security Policy violation in any page, frame or worker it opened', async () => {
    expect(await ext.cspViolations()).toEqual([]);
  });
});
