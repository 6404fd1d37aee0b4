import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEBIAN_FIREFOX_LANGPACK, findFirefox } from '../../scripts/ensure-browser.mjs';
import { DANA, engagementCsv, type FirefoxHarness, importOnOptionsPage, launchFirefox, openFixture, pageFixture, readCard } from './helpers';
import { sidebar } from './helpers/sidebar';

/**
 * A rep in Germany, in Firefox: with German as the requested locale, `browser.i18n` answers from
 * public/_locales/de — the options page, and the card in the Gmail sidebar (its heat, reasons and
 * relative times worded by the event page) speak German. The Chromium suite's German file covers more
 * of the surfaces; this one shows the Firefox build carries the same locales and reads them.
 *
 * Firefox switches its UI language only to a locale it has a language pack for; Debian ships German's
 * in `firefox-esr-l10n-de`, which scripts/ensure-browser.mjs installs with Firefox.
 */
const card = `[data-testid="prospect-card"][data-prospect-key="${DANA}"]`;

interface I18nGlobals {
  browser: { i18n: { getUILanguage(): string } };
}

describe('Firefox in German', () => {
  let ext: FirefoxHarness;

  beforeAll(async () => {
    if (findFirefox() === '/usr/bin/firefox-esr' && !existsSync(DEBIAN_FIREFOX_LANGPACK)) {
      throw new Error(`Firefox has no German language pack (${DEBIAN_FIREFOX_LANGPACK}): run \`node scripts/ensure-browser.mjs firefox\` as root to install firefox-esr-l10n-de.`);
    }
    ext = await launchFirefox({ prefs: { 'intl.locale.requested': 'de' } });
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('runs with German as the UI language, and the options page speaks it', async () => {
    expect(await ext.inExtension(() => (globalThis as unknown as I18nGlobals).browser.i18n.getUILanguage(), null)).toMatch(/^de\b/);
    const options = await ext.openExtensionPage('options.html');
    try {
      expect(await options.$eval('h1', (e) => e.textContent)).toBe('Prospect Lens – Optionen');
    } finally {
      await options.close();
    }
  });

  it('shows the Gmail card in German: heat, its reasons and how long ago', async () => {
    expect(await importOnOptionsPage(ext, engagementCsv())).not.toBeNull();
    const page = await openFixture(ext, pageFixture('gmail-thread'));
    await readCard(page, DANA, { timeout: 15_000 });
    const bar = sidebar(page);
    const texts = await bar.evaluateOn(card, (e) => ({
      heat: e.querySelector('[data-testid="heat"]')?.textContent ?? '',
      reasons: e.querySelector('.pl-reasons')?.textContent ?? '',
      when: e.querySelector('[data-testid="engagement-event"] time')?.textContent ?? '',
    }));
    expect(texts.heat).toMatch(/Heiß|Warm|Kalt/);
    expect(texts.reasons).toMatch(/^(Heiß|Warm|Kalt) — hat .*(geklickt|aufgerufen|teilgenommen)/);
    expect(texts.when).toBe('vor 1 Tag');
    expect(ext.pageErrors()).toEqual([]);
    await page.close();
  });
});
