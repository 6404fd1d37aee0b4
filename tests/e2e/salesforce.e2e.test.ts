import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesAction } from '@/lib/model/action';
import type { ProspectView } from '@/lib/model/view';
import { actionMarker } from '@/lib/sources/action-text';
import { type SalesforceMock, startSalesforceMock } from '@/tests/mocks';
import { type ExtensionHarness, launchExtension, openNoDataGroup, sidebar } from './helpers';
import { countByState, destinationForm, logAction, openGmailThread, request, stopWorkerMidRequest, waitForNthRequest, waitUntilSettled } from './helpers/sync';

/**
 * Salesforce in real Chromium against the loopback org: Connect through the extension's own
 * `identity.launchWebAuthFlow` (the org's authorize page redirects at once to the extension's
 * chromiumapp.org URL, which the browser hands back), then a lookup with campaign history, then
 * logged calls that reach Salesforce's Task list exactly once while a request hangs under a stopped
 * worker and another is answered too late, then an unknown person on a Gmail thread added as a Lead,
 * and a colleague's lead feedback read back for the lead feedback page.
 */
const DANA = 'dana.whitfield@northwind.example';
/** On the Gmail thread fixture, and in no source: his card offers "Add to Salesforce". */
const JONAS = 'jonas.berg@fabrikam.example';
const JONAS_CARD = `[data-testid="prospect-card"][data-prospect-key="${JONAS}"]`;
const TASK = /\/services\/data\/v\d+\.0\/sobjects\/Task$/;
/** fetchJson's default timeout (lib/sources/http.ts): an answer later than this is lost. */
const CLIENT_TIMEOUT_MS = 15_000;

const field = (options: Page, name: string) => destinationForm(options).locator(`[name="${name}"]`);
const status = (options: Page) => destinationForm(options).locator('[data-testid="connection-status"]');

describe('Salesforce end to end', () => {
  let ext: ExtensionHarness;
  let org: SalesforceMock;
  let options: Page;

  beforeAll(async () => {
    ext = await launchExtension();
    org = await startSalesforceMock({ callbackUrl: `https://${ext.extensionId}.chromiumapp.org/` });
    options = await ext.openExtensionPage('options.html');
  });
  afterAll(async () => {
    await ext?.close();
    await org?.close();
  });

  it('connects with PKCE through the browser auth window, and shows Connected', async () => {
    await field(options, 'destination').selectOption('salesforce');
    await options.locator('[data-testid="destination-form"][data-destination="salesforce"]').waitFor();
    expect(await destinationForm(options).locator('[data-testid="redirect-url"]').textContent()).toBe(`https://${ext.extensionId}.chromiumapp.org/`);
    await field(options, 'loginHost').fill(org.url);
    await field(options, 'consumerKey').fill(org.consumerKey);
    await field(options, 'connect').click();
    await expect
      .poll(async () => `${await status(options).getAttribute('data-state')}: ${await status(options).textContent()}`, { timeout: 20_000 })
      .toMatch(/^connected: /);
    const authorize = org.requests.find((r) => r.path === '/services/oauth2/authorize')!;
    expect(authorize.query.get('code_challenge_method')).toBe('S256');
    // Loaded by the browser's auth window itself, not by the worker's fetch.
    expect(String(authorize.headers['user-agent'])).toMatch(/Chrome/);
    expect(authorize.headers.accept).toMatch(/text\/html/);
    expect(org.requests.find((r) => r.path === '/services/oauth2/token')?.status).toBe(200);
    expect(await request(ext, { type: 'connection/test', kind: 'salesforce' })).toMatchObject({ ok: true });
  });

  it('looks up a Lead with its campaign history and the team\'s activity', async () => {
    let view: ProspectView | undefined;
    await expect
      .poll(
        async () => {
          [view] = await request<ProspectView[]>(ext, { type: 'lookup', keys: [DANA] });
          return view?.events.filter((e) => e.source === 'salesforce').map((e) => e.type).sort();
        },
        { timeout: 15_000 },
      )
      .toEqual(['email_click', 'webinar_attended']);
    expect(view!.prospect).toMatchObject({ name: 'Dana Whitfield', company: 'Northwind Traders', owner: 'Riley Rep' });
    // The team's Tasks come with the view, with who did them.
    expect(view!.salesActivity).toEqual([expect.objectContaining({ type: 'call', subject: 'Intro call', author: 'Casey Closer' })]);
  });

  it('logs calls into the Task list exactly once under a stopped worker and a lost answer', async () => {
    org.setFault(
      // 1st create: never answers; the worker is stopped while it waits.
      { fault: { type: 'hang' }, method: 'POST', path: TASK, times: 1 },
      // 2nd: created, but answered after the client stopped waiting.
      { fault: { type: 'delay', ms: CLIENT_TIMEOUT_MS + 1_000 }, method: 'POST', path: TASK, times: 1 },
    );
    const before = org.records.Task.length;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await logAction(ext, { prospectKey: DANA, type: 'call', outcome: 'connected', notes: `E2E call ${i}` })).id);

    const hung = await waitForNthRequest(org.requests, (r) => r.method === 'POST' && TASK.test(r.path), 1);
    const hungId = ids.find((id) => hung.body.includes(actionMarker(id)))!;
    await stopWorkerMidRequest(ext, hungId);

    const settled = await waitUntilSettled(ext, ids, { timeoutMs: 150_000 });
    expect(countByState(settled)).toEqual({ done: ids.length });
    const created = org.records.Task.slice(before);
    for (const id of ids) expect(created.filter((t) => String(t.Description).includes(actionMarker(id)))).toHaveLength(1);
    expect(created).toHaveLength(ids.length);
    // The uncertain ones were looked up by their marker before anything was sent again.
    expect(org.requests.filter((r) => r.query.get('q')?.includes('SELECT Id, Description')).length).toBeGreaterThanOrEqual(2);
    expect(created.every((t) => t.WhoId === '00Q000000000001AAA' && t.TaskSubtype === 'Call' && t.Status === 'Completed')).toBe(true);
    expect(await ext.cspViolations()).toEqual([]);
  }, 180_000);

  it('adds an unknown person on a Gmail thread as a Lead, once, and the card becomes the Lead', async () => {
    const { page, tabId } = await openGmailThread(ext);
    const bar = sidebar(page);
    await bar.waitFor(`${JONAS_CARD} button[data-testid="create-in-crm"]`, { timeout: 15_000, state: 'attached' });
    expect(await bar.text(`${JONAS_CARD} button[data-testid="create-in-crm"]`)).toBe('Add to Salesforce');
    await openNoDataGroup(bar);
    if ((await bar.attr(JONAS_CARD, 'data-expanded')) !== 'true') await bar.click(`${JONAS_CARD} .pl-toggle`);

    await bar.click(`${JONAS_CARD} button[data-testid="create-in-crm"]`);
    await bar.waitFor(`${JONAS_CARD}[data-known="true"]`, { timeout: 30_000, state: 'attached' });
    const leads = org.records.Lead.filter((l) => l.Email === JONAS);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ FirstName: 'Jonas', LastName: 'Berg', Status: 'Open - Not Contacted' });
    expect(await bar.text(`${JONAS_CARD} .pl-toggle .pl-name`)).toBe('Jonas Berg');
    expect(await bar.count(`${JONAS_CARD} button[data-testid="create-in-crm"]`)).toBe(0);

    // A second request (another surface, a racing click) adds nothing.
    expect((await request<SalesAction>(ext, { type: 'crm/create', prospectKey: JONAS, tabId })).sync.state).toBe('done');
    await request(ext, { type: 'sync/now' });
    expect(org.records.Lead.filter((l) => l.Email === JONAS)).toHaveLength(1);
    expect(org.requests.filter((r) => r.method === 'POST' && /\/sobjects\/Lead$/.test(r.path))).toHaveLength(1);
    expect(await ext.cspViolations()).toEqual([]);
    await page.close();
  }, 120_000);

  it("lists a colleague's lead feedback from Salesforce on the lead feedback page", async () => {
    // Written as the Salesforce destination writes it in the colleague's browser: a Task on Dana's Lead.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().replace('Z', '+0000');
    const actionId = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b';
    org.records.Task.push({
      Id: '00T000000000900AAA',
      WhoId: '00Q000000000001AAA',
      Subject: 'Lead rejected by sales: competitor',
      Description: ['Lead rejected by sales: competitor', 'Went with a competitor', actionMarker(actionId)].join('\n'),
      Status: 'Completed',
      OwnerId: '005000000000002AAA',
      CreatedDate: yesterday,
    });
    const feedback = await ext.openExtensionPage('feedback.html');
    const crm = feedback.locator('[data-testid="feedback-crm"]');
    await expect.poll(() => crm.getAttribute('data-state'), { timeout: 20_000 }).toBe('read');
    const rows = await feedback
      .locator('[data-testid="feedback-row"][data-source="salesforce"]')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-prospect-key'), e.getAttribute('data-verdict')]));
    expect(rows).toEqual([[DANA, 'rejected']]);
    const query = org.requests.find((r) => r.query.get('q')?.startsWith('SELECT Id, WhoId, Subject, Description, CreatedDate FROM Task WHERE Subject IN'));
    expect(query?.headers.authorization).toMatch(/^Bearer /);
    expect(await ext.cspViolations()).toEqual([]);
    await feedback.close();
  }, 60_000);
});
