import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionHarness, launchExtension, PROJECT_ROOT, sidebar } from './helpers';
import { openPopup } from './helpers/sync';

/**
 * A rep in France and one in Spain (docs/architecture.md, "Languages"), as german.e2e.test.ts does for
 * German: Chromium runs in the language (`launchExtension({ language })`: LANGUAGE and `--lang`), so
 * `browser.i18n` answers from public/_locales/fr or /es. Each language gets its own browser.
 *
 * - French, on a French LinkedIn guest profile: the side panel's card (heat word, reasons with French
 *   plurals, dates through Intl), the popup and the options page, with French typography (a no-break
 *   space before `:` `;` `?` `!`).
 * - Spanish, on an Outlook message (an English page: the UI language is the browser's): the in-page
 *   sidebar, its count of people, the popup, and numbers the Spanish way.
 *
 * A key a locale lacks falls back to English silently, so most assertions are on exact words.
 */
const fixture = (name: string) => readFileSync(join(PROJECT_ROOT, 'tests/fixtures/pages', name), 'utf8');
const expected = (name: string) => JSON.parse(fixture(`${name}.expected.json`)) as { url: string; candidates: { key: string }[] };
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
/** A no-break space, which French puts before a colon. */
const NBSP = '\u00a0';
const HEADER = 'email,name,company,title,linkedin_url,lifecycle_stage,lead_score,event_type,occurred_at,event_title,event_url';
/** A row the import refuses, so the options page shows a reason with a number in it (`event_url`'s limit, 2000). */
const tooLongRow = (email: string) => `${email},,,,,,,page_view,${daysAgo(1)},Long,https://www.example.com/${'x'.repeat(2100)}`;

function assertLocale(language: string): void {
  const paks = '/usr/lib/chromium/locales';
  if (existsSync(paks) && !existsSync(join(paks, `${language}.pak`))) {
    throw new Error(`Chromium has no ${language} resources (${paks}/${language}.pak): run \`node scripts/ensure-browser.mjs\` as root to install chromium-l10n.`);
  }
}

async function uiLanguage(ext: ExtensionHarness): Promise<string> {
  const worker = await ext.serviceWorker();
  return worker.evaluate(() => (globalThis as unknown as { chrome: { i18n: { getUILanguage(): string } } }).chrome.i18n.getUILanguage());
}

/** Imports `csv` on the options page and returns the page, left open on the summary. */
async function importCsv(ext: ExtensionHarness, csv: string, imported: number): Promise<Page> {
  const options = await ext.openExtensionPage('options.html');
  await options.locator('input[type="file"][data-testid="import-file"]').setInputFiles({ name: 'activity.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await options.locator(`[data-testid="import-summary"][data-imported="${imported}"]`).waitFor({ timeout: 20_000 });
  return options;
}

async function tabIdOf(ext: ExtensionHarness, url: string): Promise<number> {
  const probe = await ext.openExtensionPage('manifest.json');
  try {
    const tabs = await probe.evaluate((u) => (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> } } }).chrome.tabs.query({ url: u }), url);
    const id = tabs[0]?.id;
    if (id === undefined) throw new Error(`No tab shows ${url}`);
    return id;
  } finally {
    await probe.close();
  }
}

/** French medium dates ("2 déc. 2026, 14:03"): the month's abbreviation, as Intl writes it in French. */
const FRENCH_MONTHS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
const SPANISH_MONTHS = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sept', 'oct', 'nov', 'dic'];
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the extension in a French browser, on LinkedIn', () => {
  const PROFILE = expected('linkedin-guest-grouped');
  const CAMILLE = PROFILE.candidates[0]!.key; // linkedin:camille-durand-5b
  const CSV = [
    HEADER,
    // Three email clicks and one open this week: "3 e-mails" (other) and "1 e-mail" (one).
    `,Camille Durand,Wingtip Toys,Directrice commerciale,https://www.linkedin.com/in/camille-durand-5b,opportunity,80,email_click,${daysAgo(1)},Offre d’automne,`,
    `,,,,https://www.linkedin.com/in/camille-durand-5b,,,email_click,${daysAgo(2)},Offre d’automne,`,
    `,,,,https://www.linkedin.com/in/camille-durand-5b,,,email_click,${daysAgo(3)},Offre d’automne,`,
    `,,,,https://www.linkedin.com/in/camille-durand-5b,,,email_open,${daysAgo(4)},Offre d’automne,`,
    tooLongRow('someone@example.com'),
  ].join('\n');
  let ext: ExtensionHarness;

  beforeAll(async () => {
    assertLocale('fr');
    ext = await launchExtension({ language: 'fr' });
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('runs with French as the UI language', async () => {
    expect(await uiLanguage(ext)).toMatch(/^fr\b/);
  });

  it('imports on a French options page: labels, the summary with a no-break space before each colon, numbers grouped the French way', async () => {
    const options = await importCsv(ext, CSV, 4);
    expect(await options.getByText('Envoyer les actions enregistrées à', { exact: true }).count()).toBeGreaterThan(0);
    expect(await options.locator('h2', { hasText: 'Lignes refusées' }).count() + (await options.locator('caption', { hasText: 'Lignes refusées' }).count())).toBe(1);
    const summary = (await options.locator('[data-testid="import-summary"]').textContent()) ?? '';
    expect(summary).toContain(`Importés${NBSP}: 4, ignorés (déjà présents)${NBSP}: 0, refusés${NBSP}: 1, sur 5 enregistrements.`);
    // 2000 in French is "2 000", grouped with a narrow no-break space (English: "2,000").
    expect(await options.locator('[data-testid="rejected-row"]').first().textContent()).toContain('event_url dépasse 2\u202f000 caractères');
    await options.close();
  });

  it('shows the card in the side panel in French: heat, reasons with French plurals, French dates', async () => {
    await ext.routeSite('https://fr.linkedin.com/**', fixture('linkedin-guest-grouped.html'));
    const page = await ext.openPage(PROFILE.url);
    const tabId = await tabIdOf(ext, 'https://fr.linkedin.com/*');
    const panel = await ext.openExtensionPage(`sidepanel.html?tab=${tabId}`);
    const card = panel.locator(`[data-testid="prospect-card"][data-prospect-key="${CAMILLE}"]`);
    await card.waitFor({ timeout: 15_000 });
    expect(await card.getAttribute('data-known')).toBe('true');

    expect(await panel.locator('aside').first().getAttribute('aria-label')).toBe(`Prospect Lens${NBSP}: personnes sur cette page`);
    expect(await card.locator('[data-testid="heat"]').first().textContent()).toMatch(/^(Chaud|Tiède|Froid)$/);
    // Worded by the background in French: the count's plural form follows French rules.
    expect(await card.locator('.pl-reasons').textContent()).toMatch(/^(Chaud|Tiède|Froid) — a cliqué dans 3 e-mails en 7 jours\u00a0; a ouvert 1 e-mail en 7 jours$/u);

    const event = card.locator('[data-testid="engagement-event"]').first();
    expect(await event.textContent()).toContain('A cliqué dans');
    const time = event.locator('time').first();
    // French relative times are Intl's short style (its narrow style reads "-1 j"): relativeTimeStyle in fr/messages.json.
    expect(await time.textContent()).toMatch(/^il y a 1\sj$/);
    const yesterday = new Date(Date.now() - 86_400_000);
    const date = `${yesterday.getDate()} ${FRENCH_MONTHS[yesterday.getMonth()]} ${yesterday.getFullYear()}`;
    expect(await time.getAttribute('title')).toMatch(new RegExp(`^${escape(date)}(,| à) \\d{2}:\\d{2}$`));

    // The popup for the tab: the side panel first (LinkedIn), French labels.
    const popup = await openPopup(ext, tabId);
    expect(await popup.locator('h1').first().textContent()).toBe('Enregistrer une action commerciale');
    expect(await popup.getByRole('button', { name: 'Ouvrir le panneau du navigateur' }).count()).toBe(1);
    expect(await popup.getByText('Les personnes de cette page LinkedIn se trouvent dans le panneau du navigateur').count()).toBe(1);
    expect(await popup.locator('button[type="submit"]').first().textContent()).toBe('Enregistrer');
    expect(await ext.pageErrors()).toEqual([]);
    await popup.close();
    await panel.close();
    await page.close();
  });

  it('met no Content Security Policy violation in any page, frame or worker it opened', async () => {
    expect(await ext.cspViolations()).toEqual([]);
  });
});

describe('the extension in a Spanish browser, on Outlook', () => {
  const MESSAGE = expected('outlook-reading-en');
  const PRIYA = 'priya@fabrikam.example';
  const CSV = [
    HEADER,
    `${PRIYA},Priya Raman,Fabrikam,VP Sales,,opportunity,80,email_click,${daysAgo(1)},Q4 nurture #3,`,
    `${PRIYA},,,,,,,email_click,${daysAgo(2)},Q4 nurture #3,`,
    `${PRIYA},,,,,,,email_open,${daysAgo(3)},Q4 nurture #3,`,
    tooLongRow('someone@example.com'),
  ].join('\n');
  let ext: ExtensionHarness;

  beforeAll(async () => {
    assertLocale('es');
    ext = await launchExtension({ language: 'es' });
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('runs with Spanish as the UI language', async () => {
    expect(await uiLanguage(ext)).toMatch(/^es\b/);
  });

  it('imports on a Spanish options page; 2000 is written without grouping, as Spanish does', async () => {
    const options = await importCsv(ext, CSV, 3);
    expect(await options.getByText('Enviar las acciones registradas a', { exact: true }).count()).toBeGreaterThan(0);
    expect(await options.locator('[data-testid="import-summary"]').textContent()).toContain('Importados: 3; omitidos (ya guardados): 0; rechazados: 1; de 4 registros.');
    // Spanish groups only from five digits: "2000", where English writes "2,000" and French "2 000".
    expect(await options.locator('[data-testid="rejected-row"]').first().textContent()).toContain('event_url supera los 2000 caracteres');
    // The plural forms past `other`: the browser serves Spanish `_many` ("1.000.000 de personas"),
    // which lib/i18n's plural() picks for a million; the sidebar below shows `_other`.
    const many = await options.evaluate(() => {
      const { i18n } = (globalThis as unknown as { chrome: { i18n: { getMessage(key: string, subs: string[]): string } } }).chrome;
      return { category: new Intl.PluralRules('es').select(1_000_000), message: i18n.getMessage('people_many', [new Intl.NumberFormat('es').format(1_000_000)]) };
    });
    expect(many).toEqual({ category: 'many', message: '1.000.000 de personas' });
    await options.close();
  });

  it('shows the Outlook sidebar and the popup in Spanish, counting people in Spanish', async () => {
    await ext.routeSite('https://outlook.office365.com/**', fixture('outlook-reading-en.html'));
    const page = await ext.openPage(MESSAGE.url);
    const bar = sidebar(page);
    const card = `[data-testid="prospect-card"][data-prospect-key="${PRIYA}"]`;
    await bar.waitFor(card, { timeout: 15_000 });

    expect(await bar.attr('aside', 'aria-label')).toBe('Prospect Lens: personas en esta página');
    // Four people on the message (the signed-in user is never one): "4 personas", the `_other` form.
    expect(await bar.text('.pl-count')).toBe(` · ${MESSAGE.candidates.length} personas`);
    expect(await bar.text(`${card} [data-testid="heat"]`)).toMatch(/^(Caliente|Tibio|Frío)$/);
    expect(await bar.text(`${card} .pl-reasons`)).toMatch(/^(Caliente|Tibio|Frío) — hizo clic en 2 correos en 7 días; abrió 1 correo en 7 días$/);

    const when = { selector: `${card} [data-testid="engagement-event"] time`, nth: 0 };
    expect(await bar.text(when)).toMatch(/^hace 1\s?d(ía)?$/);
    const yesterday = new Date(Date.now() - 86_400_000);
    const date = `${yesterday.getDate()} ${SPANISH_MONTHS[yesterday.getMonth()]} ${yesterday.getFullYear()}`;
    expect(await bar.attr(when, 'title')).toMatch(new RegExp(`^${escape(date)}, \\d{1,2}:\\d{2}$`));
    expect(await bar.text({ selector: `${card} [data-testid="engagement-event"]`, nth: 0 })).toContain('Hizo clic en');

    const popup = await openPopup(ext, await tabIdOf(ext, 'https://outlook.office365.com/*'));
    expect(await popup.locator('h1').first().textContent()).toBe('Registrar una acción comercial');
    expect(await popup.locator('button[type="submit"]').first().textContent()).toBe('Guardar');
    expect(await ext.pageErrors()).toEqual([]);
    await popup.close();
    await page.close();
  });

  it('met no Content Security Policy violation in any page, frame or worker it opened', async () => {
    expect(await ext.cspViolations()).toEqual([]);
  });
});
