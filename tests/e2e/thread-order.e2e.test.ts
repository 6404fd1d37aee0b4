import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionHarness, launchExtension, PROJECT_ROOT, sidebar } from './helpers';
import { openPopup } from './helpers/sync';

/**
 * Issue 14, "Order" (DESIGN.md, Test contract → Ordering), in real Chromium on the German Gmail thread
 * fixture: Tomasz Nowak wrote the first message, the rep the second, Jörg Müller the newest (the last
 * in the thread). Büro Müller (in Cc) has hot history in the store. The sidebar must show Jörg first
 * (newest sender, though unknown), then Büro Müller (by heat), then Tomasz (no data) — not page order
 * (Tomasz, Jörg, Büro) — and the popup opened for the tab pre-fills with Jörg.
 */
const fixture = (name: string) => readFileSync(join(PROJECT_ROOT, 'tests/fixtures/pages', name), 'utf8');
const THREAD = JSON.parse(fixture('gmail-thread-de.expected.json')) as { url: string; candidates: { key: string }[] };
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

const JOERG = 'joerg@müller-bau.example';
const BUERO = 'buero@müller-bau.example';
const TOMASZ = 't.nowak@baufirma-nowak.example';

const CSV = [
  'email,name,company,title,lifecycle_stage,lead_score,event_type,occurred_at,event_title,event_url',
  `${BUERO},Büro Müller,Müller Bau,,opportunity,80,email_click,${daysAgo(1)},Angebot #3,`,
  `${BUERO},,,,,,email_click,${daysAgo(2)},Angebot #2,`,
  `${BUERO},,,,,,page_view,${daysAgo(2)},Preise,https://www.example.com/preise`,
  `${BUERO},,,,,,page_view,${daysAgo(3)},Preise,https://www.example.com/preise`,
  `${BUERO},,,,,,webinar_attended,${daysAgo(5)},Live-Demo,`,
].join('\n');

const CARDS = '[data-testid="prospect-card"]';

describe('thread order: the newest message’s sender first', () => {
  let ext: ExtensionHarness;

  beforeAll(async () => {
    ext = await launchExtension();
    const options = await ext.openExtensionPage('options.html');
    await options.locator('input[type="file"][data-testid="import-file"]').setInputFiles({ name: 'order.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await options.locator('[data-testid="import-summary"]').waitFor({ timeout: 15_000 });
    await options.close();
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('puts the newest sender first, then by heat, unknown last; the popup pre-fills with the first card', async () => {
    // The fixture's page order starts with the first message's sender.
    expect(THREAD.candidates.map((c) => c.key)).toEqual([TOMASZ, JOERG, BUERO]);
    await ext.routeSite('https://mail.google.com/**', fixture('gmail-thread-de.html'));
    const page = await ext.openPage(THREAD.url);
    const bar = sidebar(page);
    await bar.waitFor(`${CARDS}[data-prospect-key="${BUERO}"][data-known="true"]`, { timeout: 15_000 });
    // Tomasz has no data: his card is folded under "1 person with no data" at the end (issue 17).
    await bar.waitFor(`[data-testid="no-data-group"] ${CARDS}[data-prospect-key="${TOMASZ}"]`, { state: 'attached', timeout: 10_000 });
    expect(await bar.text({ within: '[data-testid="no-data-group"]', selector: ':scope > button' })).toContain('1 person with no data');

    expect(await bar.attrs(CARDS, 'data-prospect-key')).toEqual([JOERG, BUERO, TOMASZ]);
    expect(await bar.attr(`${CARDS}[data-prospect-key="${JOERG}"]`, 'data-known')).toBe('false');
    expect(await bar.attr(`${CARDS}[data-prospect-key="${BUERO}"] [data-testid="heat"]`, 'data-value')).toBe('hot');

    const probe = await ext.openExtensionPage('manifest.json');
    const tabId = await probe.evaluate(async () => {
      const { tabs } = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id?: number }[]> } } }).chrome;
      return (await tabs.query({ url: 'https://mail.google.com/*' }))[0]?.id;
    });
    await probe.close();
    const popup = await openPopup(ext, tabId!);
    const picker = popup.locator('select[name="prospect"]');
    await picker.waitFor();
    expect(await picker.inputValue()).toBe(JOERG);
    expect(await picker.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual([JOERG, BUERO, TOMASZ]);
    await popup.close();
    await page.close();
  });

  it('met no Content Security Policy violation in any page, frame or worker it opened', async () => {
    expect(await ext.cspViolations()).toEqual([]);
  });
});
