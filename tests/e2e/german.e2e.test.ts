import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionHarness, launchExtension, PROJECT_ROOT, sidebar } from './helpers';
import { openGmailThread, openPopup } from './helpers/sync';

/**
 * A rep in Germany (docs/architecture.md, "Languages"): Chromium runs in German, so `browser.i18n`
 * answers from public/_locales/de — the options page, the Gmail sidebar and the popup speak German,
 * counts take the German plural, and dates and times read the German way.
 *
 * Chromium resolves its UI language only to locales whose .pak it ships; Debian puts all but en-US in
 * `chromium-l10n`, which scripts/ensure-browser.mjs installs with Chromium.
 */
const fixture = (name: string) => readFileSync(join(PROJECT_ROOT, 'tests/fixtures/pages', name), 'utf8');
const THREAD = JSON.parse(fixture('gmail-thread.expected.json')) as { url: string };
const DANA = 'dana.whitfield@northwind.example';
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

const CSV = [
  'email,name,company,title,lifecycle_stage,lead_score,event_type,occurred_at,event_title,event_url',
  `${DANA},Dana Whitfield,Northwind Traders,Head of Procurement,opportunity,87,email_click,${daysAgo(1)},Q4 nurture #3,`,
  `${DANA},,,,,,page_view,${daysAgo(2)},Pricing,https://www.example.com/pricing`,
  `${DANA},,,,,,webinar_attended,${daysAgo(6)},Procurement automation live,`,
].join('\n');

const card = `[data-testid="prospect-card"][data-prospect-key="${DANA}"]`;

describe('the extension in a German browser', () => {
  let ext: ExtensionHarness;

  beforeAll(async () => {
    const paks = '/usr/lib/chromium/locales';
    if (existsSync(paks) && !existsSync(join(paks, 'de.pak'))) {
      throw new Error(`Chromium has no German resources (${paks}/de.pak): run \`node scripts/ensure-browser.mjs\` as root to install chromium-l10n.`);
    }
    ext = await launchExtension({ language: 'de' });
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('runs with German as the UI language', async () => {
    const worker = await ext.serviceWorker();
    const language = await worker.evaluate(() => (globalThis as unknown as { chrome: { i18n: { getUILanguage(): string } } }).chrome.i18n.getUILanguage());
    expect(language).toMatch(/^de\b/);
  });

  it('imports on a German options page and counts in German', async () => {
    const options = await ext.openExtensionPage('options.html');
    expect(await options.locator('h1').first().textContent()).toBe('Prospect Lens – Optionen');
    await options.locator('input[type="file"][data-testid="import-file"]').setInputFiles({ name: 'aktivitaet.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    const summary = options.locator('[data-testid="import-summary"]');
    await summary.waitFor({ timeout: 15_000 });
    expect(await summary.getAttribute('data-imported')).toBe('3');
    expect(await summary.textContent()).toContain('Importiert: 3, übersprungen (bereits gespeichert): 0, abgelehnt: 0, von 3 Datensätzen.');
    await options.close();
  });

  it('shows the Gmail sidebar in German, with German plurals, relative times and dates', async () => {
    const { page, tabId } = await openGmailThread(ext);
    expect(page.url()).toBe(THREAD.url);
    const bar = sidebar(page);
    await bar.waitFor(card, { timeout: 15_000 });

    expect(await bar.attr('aside', 'aria-label')).toBe('Prospect Lens: Personen auf dieser Seite');
    // The thread shows three people (the signed-in user is never one): "3 Personen", not "3 people".
    expect(await bar.text('.pl-count')).toMatch(/^ · \d+ Personen$/);
    expect(await bar.text(`${card} [data-testid="heat"]`)).toMatch(/Heiß|Warm|Kalt/);
    // The heat reasons are worded by the background, in German too.
    expect(await bar.text(`${card} .pl-reasons`)).toMatch(/^(Heiß|Warm|Kalt) — hat .*(geklickt|aufgerufen|teilgenommen)/);

    // The newest event, a day old: "vor 1 Tag", titled with the German date and time ("02.12.2026, 14:03").
    const when = { selector: `${card} [data-testid="engagement-event"] time`, nth: 0 };
    expect(await bar.text(when)).toBe('vor 1 Tag');
    const title = await bar.attr(when, 'title');
    const yesterday = new Date(Date.now() - 86_400_000);
    const date = `${String(yesterday.getDate()).padStart(2, '0')}.${String(yesterday.getMonth() + 1).padStart(2, '0')}.${yesterday.getFullYear()}`;
    expect(title).toMatch(new RegExp(`^${date.replace(/\./g, '\\.')}, \\d{2}:\\d{2}$`));
    expect(await bar.text({ selector: `${card} [data-testid="engagement-event"]`, nth: 0 })).toContain('Klickte in „Q4 nurture #3“');

    // The popup for the tab: German labels around the prospect it opened with.
    const popup = await openPopup(ext, tabId);
    expect(await popup.locator('h1').first().textContent()).toBe('Vertriebsaktivität erfassen');
    expect(await popup.locator('button[type="submit"]').first().textContent()).toBe('Speichern');
    expect(await ext.pageErrors()).toEqual([]);
    await popup.close();
    await page.close();
  });

  it('met no Content Security Policy violation in any page, frame or worker it opened', async () => {
    expect(await ext.cspViolations()).toEqual([]);
  });
});
