import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionHarness, launchExtension, PROJECT_ROOT, sidebar } from './helpers';

/**
 * Hostile data from both ends: a Gmail page whose names are markup, bidi and zero-width tricks
 * (tests/fixtures/pages/gmail-hostile.html), and an imported CRM file whose names, titles, event titles
 * and URLs are script payloads. Every payload would set `window.plPwned` or open a dialog if it ran.
 * Nothing runs, every text shows verbatim, no `javascript:`/`data:` URL becomes a link, and no page,
 * frame or worker reports a CSP violation.
 */

const PAGES = join(PROJECT_ROOT, 'tests/fixtures/pages');
const EXPECTED = JSON.parse(readFileSync(join(PAGES, 'gmail-hostile.expected.json'), 'utf8')) as {
  url: string;
  candidates: { key: string; name?: string }[];
};
/** The page's person the import makes known, with hostile CRM data. */
const KNOWN = 'script@hostile.example';

const PAYLOAD = {
  name: `<img src=x onerror="window.plPwned='name'">`,
  company: `<svg onload=alert('company')>`,
  title: `<script>window.plPwned='title'</script>`,
  eventTitle: `<img src=x onerror=alert('event')>`,
  campaign: `"><img src=x onerror=alert('campaign')>`,
  linkTitle: `Pricing <a href="javascript:alert(2)">x</a>`,
  rejectedType: `<img src=x onerror=alert('type')>`,
};
/** Each URL is kept as data but must never be a link — except the one https control. */
const URLS = {
  javascript: `javascript:alert('url')`,
  mixedCase: `JaVaScRiPt:window.plPwned='url'`,
  data: `data:text/html,<script>alert(3)</script>`,
  https: 'https://www.example.com/ok',
};

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
const row = (cells: string[]) => cells.map(csvCell).join(',');
const CSV = [
  'email,name,company,title,lifecycle_stage,lead_score,event_type,occurred_at,event_title,event_url,campaign',
  row([KNOWN, PAYLOAD.name, PAYLOAD.company, PAYLOAD.title, 'opportunity', '90', 'email_click', daysAgo(1), PAYLOAD.eventTitle, URLS.javascript, PAYLOAD.campaign]),
  row([KNOWN, '', '', '', '', '', 'page_view', daysAgo(2), PAYLOAD.linkTitle, URLS.mixedCase, '']),
  row([KNOWN, '', '', '', '', '', 'form_submit', daysAgo(3), 'Data URL', URLS.data, '']),
  row([KNOWN, '', '', '', '', '', 'webinar_attended', daysAgo(4), 'Safe link', URLS.https, '']),
  row([KNOWN, '', '', '', '', '', PAYLOAD.rejectedType, daysAgo(5), 'Rejected', '', '']),
].join('\n');

interface Findings {
  /** Elements that could run or load something: img, script, iframe, object, embed, and any on* attribute. */
  active: string[];
  hrefs: string[];
  text: string;
  pwned: unknown;
}

/**
 * What an attacker would need in the DOM: looks in the document, or in the sidebar's shadow root when
 * given one. With the root it runs in the tests' own DevTools world (the root is closed; see
 * helpers/sidebar.mjs), where the page's globals are not visible: `pwned` is then read from the page.
 */
function findingsIn(shadow: ShadowRoot | null): Findings {
  const root: ParentNode = shadow ?? document;
  const elements = [...root.querySelectorAll('*')];
  // An extension page's own bundle is the one script allowed (its path is inside the extension).
  const ownBundle = (el: Element) => el.tagName === 'SCRIPT' && /^\/chunks\/[\w.-]+\.js$/.test(el.getAttribute('src') ?? '');
  const active = elements
    .filter((el) => /^(img|script|iframe|object|embed|frame)$/i.test(el.tagName) || [...el.attributes].some((a) => /^on/i.test(a.name)))
    .filter((el) => !ownBundle(el))
    .map((el) => el.outerHTML.slice(0, 120));
  const hrefs = [...root.querySelectorAll('a[href], area[href], [xlink\\:href]')].map((el) => el.getAttribute('href') ?? '');
  const text = shadow ? (shadow.textContent ?? '') : document.body.innerText;
  return { active, hrefs, text, pwned: (window as unknown as { plPwned?: unknown }).plPwned };
}

interface TabsGlobals {
  chrome: { tabs: { query(query: object): Promise<{ id?: number; url?: string }[]> } };
}

describe('hostile page and CRM data', () => {
  let ext: ExtensionHarness;
  let gmail: Page;
  let tabId: number;

  /** findingsIn over the sidebar's shadow root, with `pwned` as the page's main world sees it. */
  async function sidebarFindings(): Promise<Findings> {
    const found = await sidebar(gmail).evaluate(findingsIn);
    return { ...found, pwned: await gmail.evaluate(() => (window as unknown as { plPwned?: unknown }).plPwned) };
  }
  const dialogs: string[] = [];

  beforeAll(async () => {
    ext = await launchExtension();
    ext.context.on('dialog', (dialog) => {
      dialogs.push(`${dialog.page()?.url()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    const options = await ext.openExtensionPage('options.html#import');
    await options.locator('input[type="file"][data-testid="import-file"]').setInputFiles({
      name: 'hostile.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV),
    });
    await options.locator('[data-testid="import-summary"]').waitFor({ timeout: 15_000 });
    await options.close();

    await ext.routeSite('https://mail.google.com/**', readFileSync(join(PAGES, 'gmail-hostile.html'), 'utf8'));
    gmail = await ext.openPage(EXPECTED.url);
    await sidebar(gmail).waitFor('aside[data-state="ready"]', { timeout: 10_000 });
    const probe = await ext.openExtensionPage('manifest.json');
    const tabs = await probe.evaluate(() => (globalThis as unknown as TabsGlobals).chrome.tabs.query({}));
    await probe.close();
    tabId = tabs.find((tab) => tab.url === EXPECTED.url)!.id!;
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('reports the rejected row with its payload as plain text', async () => {
    const options = await ext.openExtensionPage('options.html#import');
    await options.locator('input[type="file"][data-testid="import-file"]').setInputFiles({
      name: 'hostile.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV),
    });
    // The second import of the same file: everything skipped, the bad row rejected again.
    const summary = options.locator('[data-testid="import-summary"]');
    await summary.waitFor({ timeout: 15_000 });
    expect(await summary.getAttribute('data-rejected')).toBe('1');
    const reason = await options.locator('[data-testid="rejected-row"][data-line="6"]').innerText();
    expect(reason).toContain(`'${PAYLOAD.rejectedType}'`);
    const found = await options.evaluate(findingsIn, null);
    expect(found.active).toEqual([]);
    expect(found.pwned).toBeUndefined();
    await options.close();
  });

  it('shows the page names and CRM values verbatim in the sidebar, and nothing runs', async () => {
    const bar = sidebar(gmail);
    const keys = await bar.attrs('[data-testid="prospect-card"]', 'data-prospect-key');
    expect(keys).toEqual(EXPECTED.candidates.map((c) => c.key));

    // Unknown people: the name exactly as the page had it (the over-long one clipped, not broken).
    for (const candidate of EXPECTED.candidates.filter((c) => c.key !== KNOWN)) {
      const name = `[data-prospect-key="${candidate.key}"] .pl-toggle .pl-name`;
      expect(await bar.text(name), candidate.key).toBe(candidate.name ?? candidate.key);
    }

    // The known person: the CRM's values, also as text.
    const card = `[data-prospect-key="${KNOWN}"]`;
    expect(await bar.attr(card, 'data-known')).toBe('true');
    expect(await bar.text(`${card} .pl-toggle .pl-name`)).toBe(PAYLOAD.name);
    expect(await bar.text(`${card} .pl-toggle .pl-sub`)).toBe(`${PAYLOAD.title} · ${PAYLOAD.company}`);
    const events = await bar.texts(`${card} [data-testid="engagement-event"]`);
    expect(events.join('\n')).toContain(`“${PAYLOAD.eventTitle}”`);
    expect(events.join('\n')).toContain(`“${PAYLOAD.linkTitle}”`);
    // The campaign shows where the source is named: the title attribute, as text.
    expect(await bar.attr(`${card} [data-event-type="email_click"]`, 'title')).toContain(PAYLOAD.campaign);

    const found = await sidebarFindings();
    expect(found.active).toEqual([]);
    // Only the https event is a link; javascript: (in any case) and data: stay text.
    expect(found.hrefs).toEqual([URLS.https]);
    expect(found.pwned).toBeUndefined();
  });

  it('keeps a hostile page name inert when the rep adds that person to the store', async () => {
    const img = EXPECTED.candidates.find((c) => c.key === 'img@hostile.example')!;
    const bar = sidebar(gmail);
    const card = `[data-prospect-key="${img.key}"]`;
    await bar.click(`${card} .pl-toggle`);
    await bar.click({ within: card, role: 'button', name: 'Save this person' });
    await bar.waitFor(`[data-prospect-key="${img.key}"][data-known="true"]`, { timeout: 10_000 });
    expect(await bar.text(`${card} .pl-toggle .pl-name`)).toBe(img.name);
    const found = await sidebarFindings();
    expect(found.active).toEqual([]);
    expect(found.pwned).toBeUndefined();
  });

  it('shows the same data inertly in the side panel and the popup', async () => {
    const surfaces = [
      { path: `sidepanel.html?tab=${tabId}`, name: `[data-prospect-key="${KNOWN}"] .pl-toggle .pl-name`, text: PAYLOAD.name },
      { path: `popup.html?tab=${tabId}`, name: `select[name="prospect"] option[value="${KNOWN}"]`, text: `${PAYLOAD.name} (${KNOWN})` },
    ];
    for (const { path, name, text } of surfaces) {
      const page = await ext.openExtensionPage(path);
      await page.locator(name).waitFor({ state: 'attached', timeout: 10_000 });
      expect(await page.locator(name).textContent(), path).toBe(text);
      const found = await page.evaluate(findingsIn, null);
      expect(found.active, path).toEqual([]);
      // Links from data are https or mailto only; the popup's own link to the feedback page is the extension's.
      const own = new Set(['/feedback.html']);
      expect(found.hrefs.filter((href) => !/^(https|mailto):/.test(href) && !own.has(href)), path).toEqual([]);
      expect(found.pwned, path).toBeUndefined();
      await page.close();
    }
  });

  it('ran nothing anywhere: no dialog, no error, no CSP violation', async () => {
    // Given the handlers a moment to fire, had any been attached.
    await gmail.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(await gmail.evaluate(() => (window as unknown as { plPwned?: unknown }).plPwned)).toBeUndefined();
    expect(ext.pageErrors()).toEqual([]);
    expect(await ext.cspViolations()).toEqual([]);
  });

  // Last, since it runs the payloads on purpose: proves the checks above could have failed.
  it('would have seen a payload run, had one been parsed as HTML', async () => {
    const found = await gmail.evaluate(
      async ([name, eventTitle]) => {
        const planted = document.createElement('div');
        planted.innerHTML = `${name}${eventTitle}`;
        document.body.append(planted);
        // The payload runs when its broken image fails to load. Wait for that (up to 10 s) rather than a
        // fixed 200 ms, which a loaded machine overran; a payload that never runs still fails below.
        const pwned = () => (window as unknown as { plPwned?: unknown }).plPwned;
        for (const deadline = Date.now() + 10_000; pwned() === undefined && Date.now() < deadline; ) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return pwned();
      },
      [PAYLOAD.name, PAYLOAD.eventTitle],
    );
    expect(found).toBe('name');
    await expect.poll(() => dialogs).toContainEqual(`${EXPECTED.url}: event`);
    const planted = (await gmail.evaluate(findingsIn, null)).active.filter((html) => html.includes('onerror'));
    expect(planted).toHaveLength(2);
  });
});
