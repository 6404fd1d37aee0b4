import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionHarness, launchExtension, PROJECT_ROOT, sidebar } from './helpers';
import { logFromPopup } from './helpers/sync';

/**
 * Issue 17's gaps in real Chromium, on the Gmail thread fixture served at Gmail's address, with no CRM
 * connected: a lead rejected from the popup shows as "Rejected: not a fit" in the sidebar card's
 * header (and its lane row says it stayed in this browser); an unknown person's card offers one
 * action and no quick-action row, empty timeline or empty lane.
 */
const fixture = (name: string) => readFileSync(join(PROJECT_ROOT, 'tests/fixtures/pages', name), 'utf8');
const THREAD = JSON.parse(fixture('gmail-thread.expected.json')) as { url: string };
const DANA = 'dana.whitfield@northwind.example';
const JONAS = 'jonas.berg@fabrikam.example';
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
const CSV = [
  'email,name,company,title,lifecycle_stage,lead_score,event_type,occurred_at,event_title',
  `${DANA},Dana Whitfield,Northwind Traders,Head of Procurement,marketingqualifiedlead,61,webinar_attended,${daysAgo(2)},Procurement live`,
].join('\n');

const card = (key: string) => `[data-testid="prospect-card"][data-prospect-key="${key}"]`;

describe('the verdict in the card header, and the unknown card', () => {
  let ext: ExtensionHarness;

  beforeAll(async () => {
    ext = await launchExtension();
    await ext.routeSite('https://mail.google.com/**', fixture('gmail-thread.html'));
    const options = await ext.openExtensionPage('options.html');
    await options.locator('input[type="file"][data-testid="import-file"]').setInputFiles({ name: 'dana.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await options.locator('[data-testid="import-summary"]').waitFor({ timeout: 20_000 });
    await options.close();
  }, 90_000);
  afterAll(async () => {
    await ext?.close();
  });

  async function openThread(): Promise<Page> {
    const page = await ext.openPage(THREAD.url);
    await page.setViewportSize({ width: 1280, height: 900 });
    return page;
  }

  it('a lead rejected from the popup reads "Rejected: not a fit" in the card header, kept in this browser only', async () => {
    const page = await openThread();
    const bar = sidebar(page);
    await bar.waitFor(`${card(DANA)}[data-known="true"]`, { timeout: 15_000 });
    expect(await bar.count(`${card(DANA)} [data-testid="card-verdict"]`)).toBe(0);

    const popup = await ext.openExtensionPage(`popup.html?prospect=${encodeURIComponent(DANA)}&type=lead_feedback`);
    await popup.locator('form[data-testid="log-form"]').waitFor();
    const { id, status } = await logFromPopup(popup, {
      prospect: DANA,
      type: 'lead_feedback',
      notes: 'Too small for the enterprise plan',
      fields: { feedback: 'rejected', rejectReason: 'not_a_fit' },
    });
    expect(status).toContain('Kept in this browser only');
    // The popup's row says the verdict, not only "Lead feedback".
    const row = popup.locator(`[data-testid="action-row"][data-action-id="${id}"]`);
    expect(await row.textContent()).toContain('Lead feedback · Rejected: not a fit');
    expect(await row.textContent()).toContain('Kept in this browser only');
    await popup.close();

    // The open tab's card follows without a reload: the verdict under the name, outside the folded details.
    const verdict = `${card(DANA)} [data-testid="card-verdict"]`;
    await bar.waitFor(verdict, { timeout: 15_000 });
    expect(await bar.text(verdict)).toBe('Rejected: not a fit');
    expect(await bar.attr(verdict, 'data-verdict')).toBe('rejected');
    const inHeader = await bar.evaluate((root, sel) => {
      const el = root.querySelector(sel)!;
      return { hidden: !!el.closest('[hidden]'), inDetails: !!el.closest('.pl-details'), height: el.getBoundingClientRect().height };
    }, verdict);
    expect(inHeader).toEqual({ hidden: false, inDetails: false, height: expect.any(Number) });
    expect(inHeader.height).toBeGreaterThan(0);
    // Its row in the lane says it never left this browser (not "synced ✓").
    const lane = `${card(DANA)} [data-testid="sales-activity"][data-type="feedback"]`;
    expect(await bar.text(lane)).toContain('kept in this browser only');
    expect(await bar.text(lane)).not.toContain('synced');

    // A fresh tab builds the card with the verdict from the start.
    await page.close();
    const again = await openThread();
    await sidebar(again).waitFor(verdict, { timeout: 15_000 });
    expect(await sidebar(again).text(verdict)).toBe('Rejected: not a fit');
    await again.close();
  });

  it("an unknown person's card shows one primary action, no Call/Note/Task row and no empty timeline", async () => {
    const page = await openThread();
    const bar = sidebar(page);
    await bar.waitFor(`${card(DANA)}[data-known="true"]`, { timeout: 15_000 });
    // Jonas has no data: he waits under "people with no data"; unfold it and open his card.
    await bar.click({ within: '[data-testid="no-data-group"]', role: 'button', name: /people with no data/ });
    await bar.waitFor(`${card(JONAS)}[data-known="false"]`);
    if ((await bar.attr(card(JONAS), 'data-expanded')) !== 'true') await bar.click({ within: card(JONAS), selector: '.pl-toggle' });
    await expect.poll(() => bar.attr(card(JONAS), 'data-expanded')).toBe('true');

    const shown = await bar.evaluate((root, sel) => {
      const el = root.querySelector(sel)!;
      const visible = (e: Element) => !e.closest('[hidden]') && (e as HTMLElement).getBoundingClientRect().height > 0;
      return {
        buttons: [...el.querySelectorAll('.pl-details button')].filter(visible).map((b) => b.textContent?.trim()),
        primary: [...el.querySelectorAll('.pl-btn-primary')].filter(visible).length,
        quick: el.querySelectorAll('.pl-quick').length,
        timeline: el.querySelectorAll('.pl-timeline').length,
        lane: el.querySelectorAll('[data-lane="sales"]').length,
        text: (el as HTMLElement).innerText,
      };
    }, card(JONAS));
    expect(shown.primary).toBe(1);
    expect(shown.buttons).toEqual(['Save this person', 'Mute']);
    expect(shown).toMatchObject({ quick: 0, timeline: 0, lane: 0 });
    expect(shown.text).toContain('No marketing history yet');
    for (const words of ['Log call', 'Log a first touch', 'No engagement events yet', 'Your team', 'local store']) expect(shown.text).not.toContain(words);
    expect(await ext.cspViolations()).toEqual([]);
    expect(ext.pageErrors()).toEqual([]);
    await page.close();
  });
});
