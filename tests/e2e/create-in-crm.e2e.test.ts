import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesAction } from '@/lib/model/action';
import { type HubSpotMock, startHubSpotMock } from '@/lib/sources/hubspot/mock';
import { type ExtensionHarness, launchExtension, openNoDataGroup, sidebar } from './helpers';
import { configureDestination, openGmailThread, request } from './helpers/sync';

/**
 * Issue 15 item 4 in real Chromium: Jonas Berg, on the Gmail thread, is known nowhere; his card
 * offers "Add to HubSpot" (and no empty Stage/Score/Journey grid). One click queues a `crm_create`
 * outbox item; the loopback HubSpot ends up with exactly one contact and one company of his email's
 * domain, associated; and the card turns into the HubSpot record without a reload.
 */
const JONAS = 'jonas.berg@fabrikam.example';
const CARD = `[data-testid="prospect-card"][data-prospect-key="${JONAS}"]`;

describe('Add to HubSpot on an unknown card', () => {
  let ext: ExtensionHarness;
  let hubspot: HubSpotMock;

  beforeAll(async () => {
    ext = await launchExtension();
    hubspot = await startHubSpotMock();
    await configureDestination(ext, { kind: 'hubspot', baseUrl: hubspot.url, token: hubspot.token, useAsSource: true });
  });
  afterAll(async () => {
    await ext?.close();
    await hubspot?.close();
  });

  it('creates the contact and its company once, associated, and the card shows the HubSpot record', async () => {
    const { page, tabId } = await openGmailThread(ext);
    const bar = sidebar(page);
    await bar.waitFor(`${CARD}[data-known="false"]`, { timeout: 15_000, state: 'attached' });
    // HubSpot has been asked and does not know him.
    await bar.waitFor(`${CARD} button[data-testid="create-in-crm"]`, { timeout: 15_000, state: 'attached' });
    await expect.poll(() => hubspot.requests.some((r) => r.path === '/crm/v3/objects/contacts/batch/read' && JSON.stringify(r.json).includes(JONAS)), { timeout: 15_000 }).toBe(true);
    expect(await bar.text(`${CARD} button[data-testid="create-in-crm"]`)).toBe('Add to HubSpot');
    expect(await bar.count(`${CARD} .pl-metrics:not([hidden])`)).toBe(0);
    // Jonas has no data while Dana has: he is folded under "N people with no data" until the rep opens it.
    await openNoDataGroup(bar);
    if ((await bar.attr(CARD, 'data-expanded')) !== 'true') await bar.click(`${CARD} .pl-toggle`);

    await bar.click(`${CARD} button[data-testid="create-in-crm"]`);
    await bar.waitFor(`${CARD}[data-known="true"]`, { timeout: 30_000, state: 'attached' });

    const contacts = hubspot.records.contacts.filter((c) => c.properties.email === JONAS);
    expect(contacts).toHaveLength(1);
    expect(contacts[0]!.properties).toMatchObject({ firstname: 'Jonas', lastname: 'Berg' });
    const companies = hubspot.records.companies.filter((c) => c.properties.domain === 'fabrikam.example');
    expect(companies).toHaveLength(1);
    expect(contacts[0]!.associations).toEqual([expect.objectContaining({ to: { id: companies[0]!.id }, toObjectType: 'companies' })]);
    // The card is the HubSpot record now: HubSpot was asked again after the create and answered with him.
    const paths = hubspot.requests.map((r) => `${r.method} ${r.path}${JSON.stringify(r.json ?? '').includes(JONAS) ? ' jonas' : ''}`);
    expect(paths.lastIndexOf('POST /crm/v3/objects/contacts/batch/read jonas')).toBeGreaterThan(paths.indexOf('POST /crm/v3/objects/contacts jonas'));
    expect(await bar.text(`${CARD} .pl-toggle .pl-name`)).toBe('Jonas Berg');
    expect(await bar.count(`${CARD} button[data-testid="create-in-crm"]`)).toBe(0);
    expect(await bar.attr(`${CARD} [data-testid="action-item"]`, 'data-sync-state')).toBe('done');

    // Asking again (another surface, a second click that raced the first) adds nothing.
    const again = await request<SalesAction>(ext, { type: 'crm/create', prospectKey: JONAS, tabId });
    expect(again.sync.state).toBe('done');
    await request(ext, { type: 'sync/now' });
    expect(hubspot.records.contacts.filter((c) => c.properties.email === JONAS)).toHaveLength(1);
    expect(hubspot.records.companies).toHaveLength(1);
    expect(hubspot.requests.filter((r) => r.method === 'POST' && r.path === '/crm/v3/objects/contacts')).toHaveLength(1);
    expect(hubspot.requests.every((r) => r.headers.authorization === `Bearer ${hubspot.token}`)).toBe(true);
    expect(await ext.cspViolations()).toEqual([]);
    await page.close();
  }, 120_000);
});
