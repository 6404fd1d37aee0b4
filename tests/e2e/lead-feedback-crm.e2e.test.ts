import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesAction } from '@/lib/model/action';
import { type HubSpotMock, startHubSpotMock } from '@/lib/sources/hubspot/mock';
import { feedbackNoteSeed } from '@/lib/sources/hubspot/mock-seed';
import { type ExtensionHarness, launchExtension } from './helpers';
import { configureDestination, logAction } from './helpers/sync';

/**
 * Issue 15, item 5's CRM half in real Chromium: a loopback HubSpot holds a rejection a colleague
 * logged in another browser, written exactly as our HubSpot destination writes it (a note with the
 * marker, associated with Dana's contact); the rep logs one feedback here. feedback.html shows both,
 * the colleague's named as from HubSpot and grouped under Dana's first-touch campaign from the demo data.
 */
const DANA = 'dana.whitfield@northwind.example';
const SAMIR = 'samir.haddad@fabrikam.example';

describe('the lead feedback page with HubSpot', () => {
  let ext: ExtensionHarness;
  let hubspot: HubSpotMock;
  const colleagues: SalesAction = {
    id: '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b',
    prospectKey: DANA,
    type: 'lead_feedback',
    feedback: 'rejected',
    rejectReason: 'competitor',
    notes: 'Went with a competitor',
    occurredAt: new Date(Date.now() - 86_400_000).toISOString(),
    createdAt: new Date(Date.now() - 86_400_000).toISOString(),
    sync: { state: 'done', attempts: 1, destination: 'hubspot', updatedAt: new Date().toISOString() },
  };

  beforeAll(async () => {
    ext = await launchExtension();
    hubspot = await startHubSpotMock({ engagements: [feedbackNoteSeed(colleagues, '51', '8800')] });
    const options = await ext.openExtensionPage('options.html');
    await options.getByRole('button', { name: 'Load demo data' }).click();
    await options.getByText('Demo data loaded.').waitFor({ timeout: 60_000 });
    await options.close();
    await configureDestination(ext, { kind: 'hubspot', baseUrl: hubspot.url, token: hubspot.token, useAsSource: false });
  }, 90_000);
  afterAll(async () => {
    await ext?.close();
    await hubspot?.close();
  });

  it("shows a colleague's feedback from HubSpot beside the local one, under the right campaign", async () => {
    await logAction(ext, { prospectKey: SAMIR, type: 'lead_feedback', feedback: 'rejected', rejectReason: 'no_budget', notes: 'Logged here' });
    const feedback = await ext.openExtensionPage('feedback.html');
    const crm = feedback.locator('[data-testid="feedback-crm"]');
    await expect.poll(() => crm.getAttribute('data-state'), { timeout: 20_000 }).toBe('read');

    const read = (selector: string, names: string[]) =>
      feedback.locator(selector).evaluateAll((els, n) => els.map((e) => n.map((a) => e.getAttribute(a))), names);
    const rows = await read('[data-testid="feedback-row"]', ['data-prospect-key', 'data-verdict', 'data-campaign', 'data-source']);
    expect(rows.filter((r) => r[3] === 'hubspot')).toEqual([[DANA, 'rejected', 'Procurement nurture', 'hubspot']]);
    expect(rows).toContainEqual([SAMIR, 'rejected', 'Finance newsletter', 'local']);
    // The demo's Dana acceptance and the colleague's rejection, in one campaign summary.
    // One lead, counted by her newest verdict (the colleague's rejection), as her card and the CRM keep it.
    expect(await read('[data-testid="campaign-summary"][data-campaign="Procurement nurture"]', ['data-accepted', 'data-rejected'])).toEqual([['0', '1']]);
    // Read with the token, over the search the destination's marker makes possible.
    const search = hubspot.requests.find((r) => r.path === '/crm/v3/objects/notes/search');
    expect(search?.headers.authorization).toBe(`Bearer ${hubspot.token}`);
    expect(await ext.cspViolations()).toEqual([]);
    expect(ext.pageErrors()).toEqual([]);
  }, 60_000);
});
