import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionHarness, launchExtension, PROJECT_ROOT, sidebar } from './helpers';

/**
 * A rep's day (issue 17) in real Chromium, on the Gmail thread fixture served at Gmail's address:
 * an empty store says "No data yet" once; after an import the people with data come first, the
 * others fold under one line, and priya+pilots@ is the same person as priya@; the expanded card is
 * compact (five events, "Show all", counts folded) — its height at 1280 px is measured both ways;
 * "Others at Fabrikam" links only after a confirmation, and the link is undone from the card and
 * from Options.
 */
const fixture = (name: string) => readFileSync(join(PROJECT_ROOT, 'tests/fixtures/pages', name), 'utf8');
const THREAD = JSON.parse(fixture('gmail-thread.expected.json')) as { url: string };
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
const HEADER = 'email,name,company,title,lifecycle_stage,lead_score,event_type,occurred_at,event_title,event_url';
const DANA = 'dana.whitfield@northwind.example';
const JONAS = 'jonas.berg@fabrikam.example';
const GRETA = 'greta.holm@fabrikam.example';
const TYPES = ['email_open', 'email_click', 'page_view'] as const;
const FIRST = [
  HEADER,
  `${DANA},Dana Whitfield,Northwind Traders,Head of Procurement,opportunity,87,webinar_attended,${daysAgo(0.5)},Procurement live,`,
  ...Array.from({ length: 17 }, (_, i) => `${DANA},,,,,,${TYPES[i % 3]},${daysAgo(i + 1)},Touch ${i + 1},`),
  `li.wei@contoso.example,Li Wei,Contoso,IT Director,marketingqualifiedlead,54,email_open,${daysAgo(10)},Newsletter,`,
].join('\n');
const SECOND = [HEADER, `${GRETA},Greta Holm,Fabrikam,CFO,lead,30,email_open,${daysAgo(4)},Welcome,`].join('\n');

const card = (key: string) => `[data-testid="prospect-card"][data-prospect-key="${key}"]`;

async function importCsv(ext: ExtensionHarness, name: string, csv: string) {
  const options = await ext.openExtensionPage('options.html');
  await options.locator('input[type="file"][data-testid="import-file"]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await options.locator('[data-testid="import-summary"]').waitFor({ timeout: 20_000 });
  await options.close();
}

async function openThread(ext: ExtensionHarness): Promise<Page> {
  const page = await ext.openPage(THREAD.url);
  await page.setViewportSize({ width: 1280, height: 900 });
  return page;
}

/** Cards and events a rep can see: nothing of theirs, nor an ancestor, is hidden. */
const visibleKeys = (page: Page) =>
  sidebar(page).evaluate((root) =>
    [...root.querySelectorAll('[data-testid="prospect-card"]')].filter((c) => !c.closest('[hidden]')).map((c) => c.getAttribute('data-prospect-key')),
  );
const visibleEvents = (page: Page, key: string) =>
  sidebar(page).evaluate(
    (root, k) => [...root.querySelectorAll(`[data-prospect-key="${k}"] [data-testid="engagement-event"]`)].filter((e) => !e.closest('[hidden]')).length,
    key,
  );

describe("a rep's day in the Gmail sidebar", () => {
  let ext: ExtensionHarness;

  beforeAll(async () => {
    ext = await launchExtension();
    await ext.routeSite('https://mail.google.com/**', fixture('gmail-thread.html'));
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('with an empty store says "No data yet" once instead of a card per person', async () => {
    const page = await openThread(ext);
    const bar = sidebar(page);
    await bar.waitFor('[data-testid="no-data-yet"]', { timeout: 15_000 });
    expect(await bar.text('[data-testid="no-data-yet"]')).toContain('No data yet — import or connect a CRM');
    expect(await visibleKeys(page)).toEqual([]);
    // The people are one click away; priya+pilots@ is priya@ (one card).
    await bar.click({ within: '[data-testid="no-data-group"]', role: 'button', name: /people with no data/ });
    expect((await visibleKeys(page)).sort()).toEqual([DANA, JONAS, 'li.wei@contoso.example', 'priya@fabrikam.example']);
    expect(await bar.count(card('priya+pilots@fabrikam.example'))).toBe(0);
    await page.close();
  });

  it('puts people with data first, folds the others under one line, and keeps the open card compact', async () => {
    await importCsv(ext, 'day.csv', FIRST);
    const page = await openThread(ext);
    const bar = sidebar(page);
    await bar.waitFor(`${card(DANA)}[data-known="true"]`, { timeout: 15_000 });
    expect(await visibleKeys(page)).toEqual([DANA, 'li.wei@contoso.example']);
    expect(await bar.attr('[data-testid="no-data-group"]', 'data-count')).toBe('2');
    expect(await bar.text({ within: '[data-testid="no-data-group"]', role: 'button', name: /with no data/ })).toContain('2 people with no data');
    expect(await bar.count('[data-testid="no-data-yet"]')).toBe(0);

    // The compact card: every event in the DOM (the contract), five shown, counts folded.
    expect(await bar.count(`${card(DANA)} [data-testid="engagement-event"]`)).toBe(18);
    expect(await visibleEvents(page, DANA)).toBe(5);
    expect(await bar.attr(`${card(DANA)} details[data-testid="counts-fold"]`, 'open')).toBeNull();
    const compact = (await bar.box(card(DANA)))!.height;

    await bar.click({ within: `${card(DANA)} .pl-timeline`, role: 'button', name: 'Show all 18' });
    await expect.poll(() => visibleEvents(page, DANA)).toBe(18);
    await bar.click(`${card(DANA)} details[data-testid="counts-fold"] > summary`);
    expect(await bar.attr(`${card(DANA)} details[data-testid="counts-fold"]`, 'open')).toBe('');
    const full = (await bar.box(card(DANA)))!.height;
    console.info(`[rep-day] expanded card height at 1280 px: compact ${Math.round(compact)} px, everything unfolded ${Math.round(full)} px`);
    expect(compact).toBeLessThan(full * 0.7);
    await page.close();
  });

  it('"Others at Fabrikam" links only after the rep confirms; the link is undone from the card and from Options', async () => {
    await importCsv(ext, 'greta.csv', SECOND);
    const page = await openThread(ext);
    const bar = sidebar(page);
    // Jonas now has someone to be linked to, so he has a card of his own (not folded).
    await bar.waitFor(`${card(JONAS)}[data-match="domain"]`, { timeout: 15_000 });
    if ((await bar.attr(card(JONAS), 'data-expanded')) !== 'true') await bar.click({ within: card(JONAS), selector: '.pl-toggle' });
    await bar.click({ within: card(JONAS), role: 'button', name: 'Others at Fabrikam' });
    await bar.click({ within: `${card(JONAS)} [data-testid="match-picker"]`, role: 'button', name: /Greta Holm/ });
    const confirm = `${card(JONAS)} [data-testid="link-confirm"]`;
    await bar.waitFor(confirm);
    expect(await bar.text(confirm)).toContain('Show Jonas Berg as Greta Holm?');
    // Nothing happened yet: Jonas is still himself.
    expect(await bar.attr(card(JONAS), 'data-match')).toBe('domain');
    await bar.click({ within: confirm, role: 'button', name: 'Link to Greta Holm' });

    await bar.waitFor(`${card(GRETA)}[data-match="chosen"]`, { timeout: 10_000 });
    expect(await bar.count(card(JONAS))).toBe(0);
    await bar.click({ within: card(GRETA), role: 'button', name: 'Undo link' });
    await bar.waitFor(`${card(JONAS)}[data-match="domain"]`, { timeout: 10_000 });
    expect(await bar.count(`${card(GRETA)}[data-match="chosen"]`)).toBe(0);

    // Jonas's card stayed open through the link and its undo. Link again, then undo from Options.
    expect(await bar.attr(card(JONAS), 'data-expanded')).toBe('true');
    await bar.click({ within: card(JONAS), role: 'button', name: 'Others at Fabrikam' });
    await bar.click({ within: `${card(JONAS)} [data-testid="match-picker"]`, role: 'button', name: /Greta Holm/ });
    await bar.click({ within: confirm, role: 'button', name: 'Link to Greta Holm' });
    await bar.waitFor(`${card(GRETA)}[data-match="chosen"]`, { timeout: 10_000 });
    const options = await ext.openExtensionPage('options.html');
    const row = options.locator(`[data-testid="link-row"][data-detected-key="${JONAS}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain('Greta Holm');
    await row.getByRole('button', { name: `Undo the link of ${JONAS}` }).click();
    await options.getByText('No links.', { exact: false }).waitFor({ timeout: 10_000 });
    await options.close();
    await bar.waitFor(`${card(JONAS)}[data-match="domain"]`, { timeout: 10_000 });
    await page.close();
  });

  it('met no Content Security Policy violation in any page, frame or worker it opened', async () => {
    expect(await ext.cspViolations()).toEqual([]);
  });
});
