import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionHarness, launchExtension } from './helpers';
import { logAction, logFromPopup } from './helpers/sync';

/**
 * Marketing's view, in real Chromium: the demo data gives the people their marketing touches (and six
 * feedbacks of its own), the rep
 * logs feedback from the popup and through messages, and feedback.html — opened from the popup's link —
 * shows each one with its first-touch campaign, the per-campaign counts, follows new feedback without
 * a reload, and exports a CSV.
 */
const DANA = 'dana.whitfield@northwind.example';
const SAMIR = 'samir.haddad@fabrikam.example';
const LI = 'li.wei@contoso.example';

describe('the lead feedback page', () => {
  let ext: ExtensionHarness;
  let feedback: Page;

  beforeAll(async () => {
    ext = await launchExtension();
    const options = await ext.openExtensionPage('options.html');
    await options.getByRole('button', { name: 'Load demo data' }).click();
    await options.getByText('Demo data loaded.').waitFor({ timeout: 60_000 });
    await options.close();
  }, 90_000);
  afterAll(async () => {
    await ext?.close();
  });

  it('shows feedback logged from the popup and through messages, by first-touch campaign', async () => {
    const popup = await ext.openExtensionPage(`popup.html?prospect=${encodeURIComponent(DANA)}&type=lead_feedback`);
    await popup.locator('form[data-testid="log-form"]').waitFor();
    const { status } = await logFromPopup(popup, { prospect: DANA, type: 'lead_feedback', notes: 'Budget approved', fields: { feedback: 'accepted' } });
    expect(status).toContain('Kept in this browser only');
    await logAction(ext, { prospectKey: SAMIR, type: 'lead_feedback', feedback: 'rejected', rejectReason: 'no_budget', notes: '=1+1' });

    // The popup's link opens the page in a tab of its own.
    const opened = ext.context.waitForEvent('page');
    await popup.getByRole('link', { name: 'Lead feedback' }).click();
    feedback = await opened;
    await feedback.waitForLoadState();
    expect(feedback.url()).toBe(`${ext.extensionOrigin}/feedback.html`);

    // The demo's six, and the two just logged, newest first.
    const rows = feedback.locator('[data-testid="feedback-row"]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(8);
    const read = (selector: string, names: string[]) =>
      feedback.locator(selector).evaluateAll((els, n) => els.map((e) => n.map((a) => e.getAttribute(a))), names);
    expect((await read('[data-testid="feedback-row"]', ['data-prospect-key', 'data-verdict', 'data-campaign'])).slice(0, 2)).toEqual([
      [SAMIR, 'rejected', 'Finance newsletter'],
      [DANA, 'accepted', 'Procurement nurture'],
    ]);
    const summaries = await read('[data-testid="campaign-summary"]', ['data-campaign', 'data-accepted', 'data-rejected']);
    // Leads, each by their newest verdict: Samir (demo, and again now) and Priya (demo); Dana (demo, and again now).
    expect(summaries).toContainEqual(['Finance newsletter', '0', '2']);
    expect(summaries).toContainEqual(['Procurement nurture', '1', '0']);
    expect(summaries).toContainEqual(['IT digest', '1', '0']);
  });

  it('follows new feedback and stage changes without a reload', async () => {
    await logAction(ext, { prospectKey: LI, type: 'lead_feedback', feedback: 'accepted' });
    await logAction(ext, { prospectKey: DANA, type: 'stage_change', stage: 'opportunity' });
    // Newest first: the stage change, then Li's acceptance (the demo has one of hers too).
    const rows = feedback.locator('[data-testid="feedback-row"]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(10);
    expect(await rows.nth(0).getAttribute('data-verdict')).toBe('stage');
    expect(await rows.nth(0).getAttribute('data-prospect-key')).toBe(DANA);
    expect(await rows.nth(1).evaluate((e) => [e.getAttribute('data-prospect-key'), e.getAttribute('data-verdict'), e.getAttribute('data-campaign')])).toEqual([LI, 'accepted', 'IT digest']);
    // Li is one lead: her second acceptance is a row, not a second accepted lead.
    const digest = feedback.locator('[data-testid="campaign-summary"][data-campaign="IT digest"]');
    expect(await digest.getAttribute('data-accepted')).toBe('1');
  });

  it('exports what it shows as CSV, formulas neutralised', async () => {
    const download = feedback.waitForEvent('download');
    await feedback.locator('button[data-testid="feedback-export"]').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^prospect-lens-lead-feedback-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync((await file.path())!, 'utf8');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('occurred_at,prospect_key,name,verdict,reject_reason,stage,first_touch,first_touch_at,last_touch,last_touch_at,days_to_acceptance,notes,sync_state,destination,source');
    expect(lines).toHaveLength(11); // the header and ten rows
    expect(text).toContain("'=1+1");
    expect(await ext.cspViolations()).toEqual([]);
    expect(ext.pageErrors()).toEqual([]);
  });
});
