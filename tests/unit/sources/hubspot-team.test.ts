// @vitest-environment node
/**
 * The team's side of a HubSpot contact over real HTTP against the loopback mock: engagements by
 * anyone (with owners as names), the open deals of the contact and its company, and what bad or
 * missing CRM data becomes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import { HubSpotConnection } from '@/lib/sources/hubspot/definition';
import { type HubSpotMock, type HubSpotMockOptions, startHubSpotMock } from '@/lib/sources/hubspot/mock';
import { createHubSpotSource } from '@/lib/sources/hubspot/source';
import { MAX_ACTIVITY, MAX_READ_PER_TYPE, forgetAccountData } from '@/lib/sources/hubspot/team';
import { SourceError } from '@/lib/sources/types';

const NOW = Date.parse('2026-11-19T10:00:00Z');
const DAY = 86_400_000;
let mock: HubSpotMock;
let restoreClock: () => void;

async function start(options: HubSpotMockOptions = {}) {
  mock = await startHubSpotMock({ now: () => NOW, team: true, ...options });
}
beforeEach(() => {
  forgetAccountData();
  restoreClock = setClock(() => NOW);
});
afterEach(async () => {
  restoreClock();
  await mock?.close();
});

const source = () => createHubSpotSource(HubSpotConnection.parse({ baseUrl: mock.url }), { token: mock.token }, undefined, { timeoutMs: 5000 });
const dana = { key: 'dana.whitfield@northwind.example', emails: ['dana.whitfield@northwind.example'] };
const marcus = { key: 'marcus.oyelaran@contoso.example', emails: ['marcus.oyelaran@contoso.example'] };
const priya = { key: 'priya.raman@fabrikam.example', emails: ['priya.raman@fabrikam.example'] };

describe("HubSpot: the team's activity", () => {
  it('lists calls, emails, meetings, notes and tasks by anyone, newest first, with owners as names', async () => {
    await start();
    const [record] = await source().lookup([dana]);
    expect(record!.prospect.owner).toBe('Alex Rivera');
    expect(record!.salesActivity!.map((a) => [a.type, a.author, a.subject])).toEqual([
      ['meeting', 'Alex Rivera', 'Pricing review'],
      ['call', 'Sam Okafor', 'Discovery call — month-end close'],
      ['note', 'Alex Rivera', undefined],
      // A colleague HubSpot has no name for is named by their address…
      ['email', 'deals-desk@prospectlens.example', 'Re: Northwind security questionnaire'],
      // …and an owner who is no longer in the owners list by nobody (the card says "a colleague").
      ['task', undefined, 'Send case study'],
    ]);
    expect(record!.salesActivity![1]!.at).toBe(new Date(NOW - DAY).toISOString());
    expect(record!.crm).toEqual({ leadStatus: 'OPEN' });
  });

  it('never carries a note, call or email body', async () => {
    await start();
    const [record] = await source().lookup([dana]);
    const text = JSON.stringify(record!.salesActivity);
    expect(text).not.toContain('Confidential');
    expect(text).not.toContain('Budget approved');
    expect(text).not.toContain('SOC 2');
    const bodies = mock.requests.filter((r) => r.path.endsWith('/batch/read') && !r.path.includes('contacts')).flatMap((r) => (r.json as { properties: string[] }).properties);
    expect(bodies).not.toEqual(expect.arrayContaining(['hs_note_body']));
    expect(bodies).not.toEqual(expect.arrayContaining(['hs_call_body']));
  });

  it('shows a contact with no owner and no activity as such', async () => {
    await start();
    const [record] = await source().lookup([priya]);
    expect(record!.prospect.name).toBe('Priya Raman');
    expect(record!.prospect.owner).toBeUndefined();
    expect(record!.salesActivity).toBeUndefined();
    expect(record!.deals).toBeUndefined();
  });

  it('caps what it reads and keeps for a contact with thousands of engagements', async () => {
    await start();
    for (let i = 0; i < 3000; i++) {
      mock.records.calls.push({
        id: String(100_000 + i),
        properties: { hs_timestamp: new Date(NOW - 400 * DAY + i * 60_000).toISOString(), hs_call_title: `Call ${i}`, hubspot_owner_id: '9002' },
        associations: [{ to: { id: '51' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 194 }] }],
        createdAt: NOW,
      });
    }
    const [record] = await source().lookup([dana]);
    expect(record!.salesActivity).toHaveLength(MAX_ACTIVITY);
    const callReads = mock.requests.filter((r) => r.path === '/crm/v3/objects/calls/batch/read');
    expect(callReads).toHaveLength(1);
    expect((callReads[0]!.json as { inputs: unknown[] }).inputs.length).toBeLessThanOrEqual(MAX_READ_PER_TYPE);
    expect(mock.requests.filter((r) => r.path.endsWith('/associations/calls'))).toHaveLength(1);
    expect(mock.requests.length).toBeLessThan(25);
  });

  it('still shows the contact when engagements answer in an unexpected shape', async () => {
    await start({ missingScopes: ['sales-email-read'] });
    const [record] = await source().lookup([dana]);
    expect(record!.prospect.name).toBe('Dana Whitfield');
    expect(record!.salesActivity!.map((a) => a.type)).not.toContain('email');
  });

  it('fails the lookup with Retry-After when HubSpot rate-limits the team requests', async () => {
    await start({ rateLimit: { max: 4, retryAfterSeconds: 7 } });
    const error = await source()
      .lookup([dana])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 7000 });
  });

  it('asks for owners and pipelines once for several people and lookups', async () => {
    await start();
    await source().lookup([dana, marcus]);
    await source().lookup([dana]);
    expect(mock.requests.filter((r) => r.path === '/crm/v3/owners')).toHaveLength(1);
    expect(mock.requests.filter((r) => r.path === '/crm/v3/pipelines/deals')).toHaveLength(1);
  });

  it('follows owner pages', async () => {
    const owners = Array.from({ length: 700 }, (_, i) => ({ id: String(20_000 + i), email: `rep${i}@prospectlens.example`, firstName: 'Rep', lastName: String(i), userId: i }));
    owners.push({ id: '9002', email: 'sam.okafor@prospectlens.example', firstName: 'Sam', lastName: 'Okafor', userId: 7002 });
    await start({ owners });
    const [record] = await source().lookup([dana]);
    expect(record!.salesActivity!.find((a) => a.type === 'call')!.author).toBe('Sam Okafor');
    expect(mock.requests.filter((r) => r.path === '/crm/v3/owners').map((r) => r.query.get('after'))).toEqual([null, '500']);
  });
});

describe('HubSpot: the deal', () => {
  it("finds the open deals of the contact's company with stage label, amount, currency, close date and owner; won and deleted deals are not shown", async () => {
    await start();
    const [record] = await source().lookup([dana]);
    expect(record!.deals).toEqual([
      {
        id: 'hubspot:deal:7001',
        source: 'hubspot',
        name: 'Northwind — Close automation',
        stage: 'Presentation Scheduled',
        amount: 24000,
        currency: 'EUR',
        closeDate: new Date(NOW + 30 * DAY).toISOString(),
        owner: 'Sam Okafor',
      },
    ]);
    // The deleted deal (7999) was asked for and answered 207: it is simply absent.
    const dealRead = mock.requests.find((r) => r.path === '/crm/v3/objects/deals/batch/read')!;
    expect((dealRead.json as { inputs: { id: string }[] }).inputs.map((i) => i.id)).toContain('7999');
  });

  it('shows a deal with no amount, currency or owner as it is', async () => {
    await start();
    const [record] = await source().lookup([marcus]);
    expect(record!.deals).toEqual([{ id: 'hubspot:deal:7003', source: 'hubspot', name: 'Contoso — Finance suite', stage: 'Qualified To Buy' }]);
  });

  it('shows the stage id when the pipelines cannot be read', async () => {
    await start({ missingScopes: [] });
    mock.setRateLimit(undefined);
    const [record] = await createHubSpotSource(HubSpotConnection.parse({ baseUrl: mock.url }), { token: mock.token }, async (url, init) => {
      if (String(url).includes('/pipelines/')) return new Response('<html>oops</html>', { status: 502, headers: { 'content-type': 'text/html' } });
      return fetch(url, init);
    }).lookup([marcus]);
    expect(record!.deals![0]!.stage).toBe('qualifiedtobuy');
  });

  it('reads no deals without the deals scope, and still shows the person', async () => {
    await start({ missingScopes: ['crm.objects.deals.read'] });
    const [record] = await source().lookup([dana]);
    expect(record!.deals).toBeUndefined();
    expect(record!.salesActivity!.length).toBeGreaterThan(0);
  });
});
