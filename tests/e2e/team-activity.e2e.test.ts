import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubSpotMock, startHubSpotMock } from '@/lib/sources/hubspot/mock';
import { type ExtensionHarness, launchExtension, PROJECT_ROOT, sidebar } from './helpers';
import { configureDestination } from './helpers/sync';

/**
 * Issue 15, items 1 and 2 in real Chromium: a loopback HubSpot holds a colleague's call with Dana
 * and an open deal of her company; the Gmail thread's sidebar card shows the owner, the call in the
 * sales lane with its author, who last contacted her, and the deal with stage, amount and currency.
 */
const fixture = (name: string) => readFileSync(join(PROJECT_ROOT, 'tests/fixtures/pages', name), 'utf8');
const THREAD = JSON.parse(fixture('gmail-thread.expected.json')) as { url: string };
const DANA = '[data-testid="prospect-card"][data-prospect-key="dana.whitfield@northwind.example"]';

describe("the team's activity and the deal on the Gmail card", () => {
  let ext: ExtensionHarness;
  let hubspot: HubSpotMock;

  beforeAll(async () => {
    ext = await launchExtension();
    hubspot = await startHubSpotMock({ team: true });
    await configureDestination(ext, { kind: 'hubspot', baseUrl: hubspot.url, token: hubspot.token, useAsSource: true });
  });
  afterAll(async () => {
    await ext?.close();
    await hubspot?.close();
  });

  it("shows a colleague's call and an open deal from HubSpot", async () => {
    await ext.routeSite('https://mail.google.com/**', fixture('gmail-thread.html'));
    const page = await ext.openPage(THREAD.url);
    const bar = sidebar(page);
    await bar.waitFor(`${DANA} [data-testid="deal"]`, { timeout: 30_000, state: 'attached' });

    expect(await bar.attr(`${DANA} [data-testid="owner"]`, 'data-value')).toBe('Alex Rivera');
    const types = await bar.attrs(`${DANA} [data-testid="sales-activity"]`, 'data-type');
    const authors = await bar.attrs(`${DANA} [data-testid="sales-activity"]`, 'data-author');
    expect(types[authors.indexOf('Sam Okafor')]).toBe('call');
    expect(await bar.attr(`${DANA} [data-testid="last-contacted"]`, 'data-by')).toBe('Sam Okafor');
    expect(await bar.attr(`${DANA} [data-testid="deal"]`, 'data-stage')).toBe('Presentation Scheduled');
    expect(await bar.attr(`${DANA} [data-testid="deal"]`, 'data-amount')).toBe('24000');
    expect(await bar.attr(`${DANA} [data-testid="deal"]`, 'data-currency')).toBe('EUR');
    // The contact, engagements, owners and deals were read with the token, over the documented endpoints.
    const paths = hubspot.requests.map((r) => r.path);
    expect(paths).toEqual(expect.arrayContaining(['/crm/v4/objects/contacts/51/associations/calls', '/crm/v3/pipelines/deals', '/crm/v3/owners']));
    expect(hubspot.requests.every((r) => r.headers.authorization === `Bearer ${hubspot.token}`)).toBe(true);
    expect(await ext.cspViolations()).toEqual([]);
    await page.close();
  }, 90_000);
});
