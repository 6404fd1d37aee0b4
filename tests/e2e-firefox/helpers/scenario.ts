import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { PROJECT_ROOT } from '../../e2e/helpers/paths';
import type { FirefoxHarness } from './launch';
import { sidebar } from './sidebar';

/**
 * The steps the Firefox scenarios share, written as a user does them: import a file on the options
 * page, open a site, read the cards, set a destination, log from the popup. The selectors are
 * DESIGN.md's test contract, the same ones the Chromium suite uses.
 */

export interface PageFixture {
  html: string;
  url: string;
}

/** A page fixture with the address it is served at (its `.expected.json`). */
export function pageFixture(name: string): PageFixture {
  const dir = join(PROJECT_ROOT, 'tests/fixtures/pages');
  const expected = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as { url: string };
  return { html: readFileSync(join(dir, `${name}.html`), 'utf8'), url: expected.url };
}

/** Serves the fixture at its real address (the site's origin) and opens it. */
export async function openFixture(ext: FirefoxHarness, fixture: PageFixture): Promise<Page> {
  ext.routeSite(new URL(fixture.url).origin, fixture.html);
  return ext.openPage(fixture.url);
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

export const DANA = 'dana.whitfield@northwind.example';
export const DANA_LINKEDIN = 'linkedin:dana-whitfield-8b2a1c';

/** Engagement for people the Gmail, Outlook and LinkedIn fixtures show; 8 rows. */
export function engagementCsv(): string {
  return [
    'email,linkedin_url,name,company,title,lifecycle_stage,lead_score,event_type,occurred_at,event_title,event_url',
    `${DANA},,Dana Whitfield,Northwind Traders,Head of Procurement,opportunity,87,email_click,${daysAgo(1)},Q4 nurture #3,`,
    `${DANA},,,,,,,email_click,${daysAgo(3)},Q4 nurture #2,`,
    `${DANA},,,,,,,page_view,${daysAgo(2)},Pricing,https://www.example.com/pricing`,
    `${DANA},,,,,,,page_view,${daysAgo(4)},Pricing,https://www.example.com/pricing`,
    `${DANA},,,,,,,webinar_attended,${daysAgo(6)},Procurement automation live,`,
    `li.wei@contoso.example,,Li Wei,Contoso,IT Director,marketingqualifiedlead,54,email_open,${daysAgo(10)},Newsletter,`,
    `ken.ito@tailspin.example,,Ken Ito,Tailspin Toys,Buyer,lead,31,form_submit,${daysAgo(5)},Contact us,`,
    `,https://www.linkedin.com/in/dana-whitfield-8b2a1c,Dana Whitfield,Northwind Traders,VP Marketing,opportunity,87,webinar_registered,${daysAgo(2)},Demand gen live,`,
  ].join('\n');
}

/** Chooses `csv` in the options page's import field and returns how many rows it reports imported. */
export async function importOnOptionsPage(ext: FirefoxHarness, csv: string): Promise<string | null> {
  const dir = mkdtempSync(join(tmpdir(), 'prospect-lens-import-'));
  const file = join(dir, 'engagement.csv');
  writeFileSync(file, csv);
  const options = await ext.openExtensionPage('options.html');
  try {
    const input = (await options.waitForSelector('input[type="file"][data-testid="import-file"]')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    const summary = await options.waitForSelector('[data-testid="import-summary"]', { timeout: 15_000 });
    return await summary!.evaluate((e) => e.getAttribute('data-imported'));
  } finally {
    await options.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const cardSelector = (key: string) => `[data-testid="prospect-card"][data-prospect-key="${key}"]`;

export interface CardFacts {
  known: string | null;
  stage: string | null | undefined;
  score: string | null | undefined;
  heat: string | null | undefined;
  events: (string | null)[];
}

/** What a rep sees on a card. Runs in the browser (the page, or the sidebar's BiDi sandbox). */
function factsOf(e: Element): CardFacts {
  return {
    known: e.getAttribute('data-known'),
    stage: e.querySelector('[data-testid="lifecycle-stage"]')?.getAttribute('data-value'),
    score: e.querySelector('[data-testid="lead-score"]')?.getAttribute('data-value'),
    heat: e.querySelector('[data-testid="heat"]')?.getAttribute('data-value'),
    events: [...e.querySelectorAll('[data-testid="engagement-event"]')].map((x) => x.getAttribute('data-event-type')),
  };
}

/**
 * Waits for `key`'s card and reads what a rep sees on it. In a site's page the card is inside the
 * sidebar's closed shadow root, read through WebDriver BiDi (./sidebar.ts); in the side panel page it
 * is in the document.
 */
export async function readCard(page: Page, key: string, options: { inPage?: boolean; timeout?: number } = {}): Promise<CardFacts> {
  const timeout = options.timeout ?? 10_000;
  if (!(options.inPage ?? true)) {
    const card = await page.waitForSelector(cardSelector(key), { timeout });
    return card!.evaluate(factsOf);
  }
  return sidebar(page).evaluateOn(cardSelector(key), factsOf, { timeout });
}

/** The prospect keys of every card in the page's sidebar (none when there is no sidebar). */
export function sidebarKeys(page: Page): Promise<(string | null)[]> {
  return sidebar(page).attrs('[data-testid="prospect-card"]', 'data-prospect-key');
}

/** Polls `read` until `accept` holds or `timeoutMs` passes; returns the last value either way. */
export async function settle<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

/** Waits until an element matching `selector` has text containing `text`. */
export async function waitForText(page: Page, selector: string, text: string, timeout = 5_000): Promise<void> {
  await page.waitForFunction(
    (sel, wanted) => [...document.querySelectorAll(sel)].some((e) => e.textContent?.includes(wanted)),
    { timeout },
    selector,
    text,
  );
}
