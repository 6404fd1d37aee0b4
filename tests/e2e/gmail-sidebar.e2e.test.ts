import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionHarness, launchExtension, PROJECT_ROOT, sidebar } from './helpers';

/**
 * The whole path in real Chromium: a file imported on the options page lands in IndexedDB; a Gmail
 * thread served at Gmail's address is read by the content script; the background resolves the people
 * against the store; the sidebar in the page's closed shadow root (read through DevTools, see
 * helpers/sidebar.mjs) shows their history — also after the worker was stopped, and as the single-page
 * app moves to another thread or a compose window gains a recipient.
 */
const fixture = (name: string) => readFileSync(join(PROJECT_ROOT, 'tests/fixtures/pages', name), 'utf8');
const THREAD = JSON.parse(fixture('gmail-thread.expected.json')) as { url: string };
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

const CSV = [
  'email,name,company,title,lifecycle_stage,lead_score,event_type,occurred_at,event_title,event_url',
  `dana.whitfield@northwind.example,Dana Whitfield,Northwind Traders,Head of Procurement,opportunity,87,email_click,${daysAgo(1)},Q4 nurture #3,`,
  `dana.whitfield@northwind.example,,,,,,email_click,${daysAgo(3)},Q4 nurture #2,`,
  `dana.whitfield@northwind.example,,,,,,page_view,${daysAgo(2)},Pricing,https://www.example.com/pricing`,
  `dana.whitfield@northwind.example,,,,,,page_view,${daysAgo(4)},Pricing,https://www.example.com/pricing`,
  `dana.whitfield@northwind.example,,,,,,webinar_attended,${daysAgo(6)},Procurement automation live,`,
  `li.wei@contoso.example,Li Wei,Contoso,IT Director,marketingqualifiedlead,54,email_open,${daysAgo(10)},Newsletter,`,
  `tomasz@newcorp.example,Tomasz Nowak,NewCorp,CTO,lead,20,email_open,${daysAgo(30)},Welcome,`,
].join('\n');

const card = (key: string) => `[data-testid="prospect-card"][data-prospect-key="${key}"]`;

describe('Gmail thread → sidebar with imported history', () => {
  let ext: ExtensionHarness;
  let imported: string | null = null;

  beforeAll(async () => {
    ext = await launchExtension();
    const options = await ext.openExtensionPage('options.html');
    await options.locator('input[type="file"][data-testid="import-file"]').setInputFiles({
      name: 'engagement.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV),
    });
    const summary = options.locator('[data-testid="import-summary"]');
    await summary.waitFor({ timeout: 15_000 });
    imported = await summary.getAttribute('data-imported');
    await options.close();
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('shows a known card with stage, score, heat and newest-first events for the sender', async () => {
    expect(imported).toBe('7');
    await ext.routeSite('https://mail.google.com/**', fixture('gmail-thread.html'));
    const page = await ext.openPage(THREAD.url);
    const bar = sidebar(page);
    const dana = card('dana.whitfield@northwind.example');
    await bar.waitFor(dana, { timeout: 10_000 });

    expect(await bar.attr(dana, 'data-known')).toBe('true');
    expect(await bar.attr(`${dana} [data-testid="lifecycle-stage"]`, 'data-value')).toBe('opportunity');
    expect(await bar.attr(`${dana} [data-testid="lead-score"]`, 'data-value')).toBe('87');
    expect(await bar.attr(`${dana} [data-testid="heat"]`, 'data-value')).toBe('hot');
    const types = await bar.attrs(`${dana} [data-testid="engagement-event"]`, 'data-event-type');
    expect(types).toEqual(['email_click', 'page_view', 'email_click', 'page_view', 'webinar_attended']);

    // People the store does not know still get a card, marked unknown; the signed-in user gets none.
    expect(await bar.attr(card('jonas.berg@fabrikam.example'), 'data-known')).toBe('false');
    expect(await bar.count('[data-prospect-key="sam.carter@acme.example"]')).toBe(0);
    expect(await ext.cspViolations()).toEqual([]);
    await page.close();
  });

  it('answers from IndexedDB after the service worker was stopped', async () => {
    await ext.stopServiceWorker();
    expect(await ext.isServiceWorkerRunning()).toBe(false);

    const page = await ext.openPage(THREAD.url);
    await sidebar(page).waitFor(card('li.wei@contoso.example'), { timeout: 10_000 });
    expect(await sidebar(page).attr(`${card('li.wei@contoso.example')} [data-testid="lifecycle-stage"]`, 'data-value')).toBe('marketingqualifiedlead');

    // The tab's detections survive another restart: the side panel for this tab lists the same people.
    await ext.stopServiceWorker();
    const probe = await ext.openExtensionPage('manifest.json');
    const tabId = await probe.evaluate(async () => {
      const { tabs } = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id?: number }[]> } } }).chrome;
      return (await tabs.query({ url: 'https://mail.google.com/*' }))[0]?.id;
    });
    await probe.close();
    const panel = await ext.openExtensionPage(`sidepanel.html?tab=${tabId}`);
    await panel.locator('[data-testid="prospect-card"][data-prospect-key="dana.whitfield@northwind.example"]').waitFor({ timeout: 10_000 });
    await panel.close();
    await page.close();
  });

  it('follows the single-page app to another thread and to a new compose recipient', async () => {
    const page = await ext.openPage(THREAD.url);
    const bar = sidebar(page);
    await bar.waitFor(card('dana.whitfield@northwind.example'), { timeout: 10_000 });

    // Gmail swaps the thread without a page load: the new thread shows another sender.
    await page.evaluate(() => {
      const main = document.querySelector('[role="main"]') ?? document.body;
      main.replaceChildren();
      const message = document.createElement('div');
      message.className = 'adn ads';
      const sender = document.createElement('span');
      sender.className = 'gD';
      sender.setAttribute('email', 'tomasz@newcorp.example');
      sender.setAttribute('name', 'Tomasz Nowak');
      sender.textContent = 'Tomasz Nowak';
      message.append(sender);
      main.append(message);
      history.pushState({}, '', '#inbox/FMfcgzNewThread');
    });
    await bar.waitFor(card('tomasz@newcorp.example'), { timeout: 5_000 });
    await expect.poll(() => bar.count(card('dana.whitfield@northwind.example'))).toBe(0);

    // A compose window gains a recipient chip.
    await page.evaluate(() => {
      const chip = document.createElement('div');
      chip.className = 'afV';
      chip.setAttribute('role', 'option');
      chip.setAttribute('data-hovercard-id', 'li.wei@contoso.example');
      chip.setAttribute('data-name', 'Li Wei');
      const dialog = document.createElement('div');
      dialog.setAttribute('role', 'dialog');
      dialog.append(chip);
      document.body.append(dialog);
    });
    await bar.waitFor(card('li.wei@contoso.example'), { timeout: 5_000 });
    expect(await ext.cspViolations()).toEqual([]);
    await page.close();
  });
});
