// @vitest-environment node
/**
 * "Add to HubSpot" end to end below the UI: the queued `crm_create` item, drained through the real
 * outbox into the HubSpot destination, over HTTP against the loopback mock. Exactly one contact and
 * one company, associated, whatever fails on the way (offline, 429, a lost answer, a 409).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SalesAction } from '@/lib/model/action';
import { HubSpotConnection } from '@/lib/sources/hubspot/definition';
import { createHubSpotDestination } from '@/lib/sources/hubspot/destination';
import { type HubSpotMock, startHubSpotMock } from '@/lib/sources/hubspot/mock';
import type { FetchImpl } from '@/lib/sources/http';
import { getAction, updateAction } from '@/lib/store/outbox';
import { queueCreate, recordOf } from '@/lib/sync/create';
import { type DrainOptions, drainOutbox, recoverInterrupted } from '@/lib/sync/drain';
import { DestinationGate } from '@/lib/sync/rate-limit';
import { fakeClock, freshDatabasePerTest } from './helpers';

freshDatabasePerTest();
const clock = fakeClock();
let mock: HubSpotMock;

beforeEach(async () => {
  mock = await startHubSpotMock({ now: clock.now });
});
afterEach(async () => {
  await mock.close();
});

const KEY = 'ines.moreau@lumen-analytics.example';
const ines = recordOf({ emails: [KEY], name: 'Inès Moreau de la Tour', company: 'Lumen Analytics', title: 'Head of Data' })!;

function drainWith(fetchImpl?: FetchImpl, online = () => true): DrainOptions {
  const destination = createHubSpotDestination(HubSpotConnection.parse({ baseUrl: mock.url }), { token: mock.token }, fetchImpl, { timeoutMs: 2000, settleMs: 10_000 });
  return {
    resolveDestination: (kind) => (kind === 'hubspot' ? destination : undefined),
    getProspect: () => undefined,
    now: clock.now,
    sleep: clock.sleep,
    gate: new DestinationGate(),
    policy: { random: () => 0.5 },
    isOnline: online,
  };
}

const contactsWith = (email: string) => mock.records.contacts.filter((c) => c.properties.email === email);
const companiesAt = (domain: string) => mock.records.companies.filter((c) => c.properties.domain === domain);
const linkedCompanies = (contactId: string) => mock.records.contacts.find((c) => c.id === contactId)!.associations.filter((a) => a.toObjectType === 'companies').map((a) => a.to.id);

/** Until the item is done or dead, moving the clock past each backoff. */
async function drainUntilSettled(options: DrainOptions): Promise<SalesAction> {
  for (let i = 0; i < 20; i++) {
    await drainOutbox(options);
    const rows = await import('@/lib/store/outbox').then((m) => m.recentActions(10, KEY));
    const item = rows.find((a) => a.type === 'crm_create')!;
    if (item.sync.state === 'done' || item.sync.state === 'dead') return item;
    clock.advance(15 * 60_000);
  }
  throw new Error('never settled');
}

describe('recordOf', () => {
  it('splits the display name at its first space and keeps only what the page gave', () => {
    expect(ines).toEqual({ email: KEY, firstName: 'Inès', lastName: 'Moreau de la Tour', company: 'Lumen Analytics', title: 'Head of Data' });
    expect(recordOf({ emails: ['x@y.example'], name: undefined })).toEqual({ email: 'x@y.example' });
    expect(recordOf({ emails: [], name: 'No Address' })).toBeUndefined();
  });
});

describe('queueCreate', () => {
  it('makes one outbox item however often it is asked, and refuses when no CRM is connected', async () => {
    const first = await queueCreate(KEY, ines, 'hubspot');
    const [again, atOnce] = await Promise.all([queueCreate(KEY, ines, 'hubspot'), queueCreate(KEY, ines, 'hubspot')]);
    expect(first.queued).toBe(true);
    expect(again).toEqual({ action: first.action, queued: false });
    expect(atOnce.action.id).toBe(first.action.id);
    await expect(queueCreate(KEY, ines, 'local')).rejects.toThrow(/connect one in Options/);
  });
});

describe('creating a person in HubSpot through the outbox', () => {
  it('creates the contact with the page’s names and the company of the email’s domain, associated', async () => {
    const { action } = await queueCreate(KEY, ines, 'hubspot');
    expect(await drainOutbox(drainWith())).toMatchObject({ delivered: 1 });
    const [contact] = contactsWith(KEY);
    expect(contact!.properties).toEqual({ email: KEY, firstname: 'Inès', lastname: 'Moreau de la Tour', company: 'Lumen Analytics', jobtitle: 'Head of Data' });
    const [company] = companiesAt('lumen-analytics.example');
    expect(company!.properties).toEqual({ domain: 'lumen-analytics.example', name: 'Lumen Analytics' });
    expect(linkedCompanies(contact!.id)).toEqual([company!.id]);
    expect((await getAction(action.id))!.sync).toMatchObject({ state: 'done', remoteId: contact!.id });
    // The association is HubSpot's default label, sent as v4's PUT.
    expect(mock.requests.find((r) => r.method === 'PUT')!.path).toBe(`/crm/v4/objects/contacts/${contact!.id}/associations/default/companies/${company!.id}`);
  });

  it('uses the company HubSpot already has for the domain instead of creating one', async () => {
    await mock.close();
    mock = await startHubSpotMock({ now: clock.now, companies: [{ id: '7100', properties: { domain: 'lumen-analytics.example', name: 'Lumen' }, contactIds: [] }] });
    await queueCreate(KEY, ines, 'hubspot');
    await drainOutbox(drainWith());
    expect(mock.records.companies).toHaveLength(1);
    expect(linkedCompanies(contactsWith(KEY)[0]!.id)).toEqual(['7100']);
  });

  it('never makes a company of a free-mail domain', async () => {
    const record = recordOf({ emails: ['ines.moreau@gmail.com'], name: 'Inès Moreau' })!;
    await queueCreate('ines.moreau@gmail.com', record, 'hubspot');
    expect(await drainOutbox(drainWith())).toMatchObject({ delivered: 1 });
    expect(contactsWith('ines.moreau@gmail.com')).toHaveLength(1);
    expect(mock.records.companies).toHaveLength(0);
    expect(mock.requests.some((r) => r.path.includes('companies'))).toBe(false);
  });

  it('takes an existing contact by email: no second contact, and the company is linked to it', async () => {
    await mock.close();
    mock = await startHubSpotMock({ now: clock.now, contacts: [{ id: '501', properties: { email: KEY, firstname: 'Ines', lastname: 'Moreau' } }] });
    const { action } = await queueCreate(KEY, ines, 'hubspot');
    await drainOutbox(drainWith());
    expect(contactsWith(KEY)).toHaveLength(1);
    expect(mock.requests.some((r) => r.method === 'POST' && r.path === '/crm/v3/objects/contacts')).toBe(false);
    expect((await getAction(action.id))!.sync.remoteId).toBe(contactsWith(KEY)[0]!.id);
    expect(linkedCompanies(contactsWith(KEY)[0]!.id)).toHaveLength(1);
  });

  it('leaves a contact that already has a company with it: no search, no second company', async () => {
    await mock.close();
    mock = await startHubSpotMock({ now: clock.now, contacts: [{ id: '502', properties: { email: KEY } }], companies: [{ id: '7200', properties: { domain: 'lumen.example', name: 'Lumen' }, contactIds: ['502'] }] });
    await queueCreate(KEY, ines, 'hubspot');
    expect(await drainOutbox(drainWith())).toMatchObject({ delivered: 1 });
    expect(mock.records.companies).toHaveLength(1);
    expect(mock.requests.some((r) => r.path.startsWith('/crm/v3/objects/companies'))).toBe(false);
  });

  it('treats HubSpot’s 409 “Contact already exists” as the contact, with its id', async () => {
    // A colleague adds her between our read and our create: the batch read misses, the create conflicts.
    let colleagueAdded = false;
    const racing: FetchImpl = async (url, init) => {
      if (!colleagueAdded && init?.method === 'POST' && url.endsWith('/crm/v3/objects/contacts')) {
        colleagueAdded = true;
        mock.records.contacts.push({ id: '777', properties: { email: KEY }, associations: [], createdAt: clock.now() });
      }
      return fetch(url, init);
    };
    const { action } = await queueCreate(KEY, ines, 'hubspot');
    await drainOutbox(drainWith(racing));
    expect(mock.requests.filter((r) => r.path === '/crm/v3/objects/contacts').length).toBe(1);
    expect(contactsWith(KEY)).toHaveLength(1);
    expect((await getAction(action.id))!.sync).toMatchObject({ state: 'done', remoteId: '777' });
    expect(linkedCompanies('777')).toHaveLength(1);
  });

  it('waits offline without using an attempt, then creates once', async () => {
    let online = false;
    const { action } = await queueCreate(KEY, ines, 'hubspot');
    await drainOutbox(drainWith(undefined, () => online));
    expect(mock.requests).toHaveLength(0);
    expect((await getAction(action.id))!.sync).toMatchObject({ state: 'pending', attempts: 0 });
    online = true;
    await drainOutbox(drainWith(undefined, () => online));
    expect(contactsWith(KEY)).toHaveLength(1);
    expect(companiesAt('lumen-analytics.example')).toHaveLength(1);
  });

  it('retries through 429s and answers lost after each write without a duplicate', async () => {
    // Each write's answer is lost once (HubSpot acted, we never heard), and the first search is rate limited.
    const lostOnce = new Set<string>();
    let limited = false;
    const flaky: FetchImpl = async (url, init) => {
      const step = `${init?.method} ${new URL(url).pathname.replace(/\/\d+/g, '/n')}`;
      if (!limited && step === 'POST /crm/v3/objects/companies/search') {
        limited = true;
        mock.setRateLimit({ max: 0, retryAfterSeconds: 5 });
        const answer = await fetch(url, init);
        mock.setRateLimit(undefined);
        return answer;
      }
      const response = await fetch(url, init);
      if (init?.method !== 'GET' && !step.endsWith('/search') && !step.endsWith('/batch/read') && !lostOnce.has(step)) {
        lostOnce.add(step);
        throw new TypeError('Failed to fetch: connection reset');
      }
      return response;
    };
    await queueCreate(KEY, ines, 'hubspot');
    const settled = await drainUntilSettled(drainWith(flaky));
    expect(settled.sync.state).toBe('done');
    expect(lostOnce).toEqual(new Set(['POST /crm/v3/objects/contacts', 'POST /crm/v3/objects/companies', 'PUT /crm/v4/objects/contacts/n/associations/default/companies/n']));
    expect(limited).toBe(true);
    expect(contactsWith(KEY)).toHaveLength(1);
    expect(companiesAt('lumen-analytics.example')).toHaveLength(1);
    expect(linkedCompanies(contactsWith(KEY)[0]!.id)).toEqual([companiesAt('lumen-analytics.example')[0]!.id]);
  });

  it.each([
    ['a 503', { type: 'status', status: 503 }],
    ['a 429', { type: 'status', status: 429, body: { status: 'error', message: 'Too many', policyName: 'TEN_SECONDLY_ROLLING' }, headers: { 'retry-after': '1' } }],
  ] as const)('links the company it made when the link first fails with %s, without a second company while search lags', async (_, fault) => {
    // HubSpot's search shows a new company only seconds later: a retry that searched at once would make another.
    mock.setSearchDelay(5_000);
    mock.setFault({ method: 'PUT', path: /associations\/default\/companies/, times: 1, fault });
    const { action } = await queueCreate(KEY, ines, 'hubspot');
    const options = drainWith();
    await drainOutbox(options);
    expect(companiesAt('lumen-analytics.example')).toHaveLength(1);
    expect((await getAction(action.id))!.sync.state).toBe('pending');
    // A 429's Retry-After holds every request to HubSpot, though the item itself is now uncertain.
    expect(options.gate!.blockedUntil('hubspot', clock.now())).toBe(fault.status === 429 ? clock.now() + 1000 : undefined);
    clock.advance(2_000);
    await drainOutbox(options);
    const settled = await drainUntilSettled(options);
    expect(settled.sync.state).toBe('done');
    expect(companiesAt('lumen-analytics.example')).toHaveLength(1);
    expect(linkedCompanies(contactsWith(KEY)[0]!.id)).toEqual([companiesAt('lumen-analytics.example')[0]!.id]);
  });

  it('finishes after a worker died mid-request, without a second contact', async () => {
    const { action } = await queueCreate(KEY, ines, 'hubspot');
    // The contact went out, then the worker died: the row is left inflight.
    mock.records.contacts.push({ id: '901', properties: { email: KEY }, associations: [], createdAt: clock.now() });
    await updateAction(action.id, (a) => ({ ...a, sync: { ...a.sync, state: 'inflight', attempts: 1 } }));
    expect(await recoverInterrupted(clock.now())).toBe(1);
    const settled = await drainUntilSettled(drainWith());
    expect(settled.sync).toMatchObject({ state: 'done', remoteId: '901' });
    expect(contactsWith(KEY)).toHaveLength(1);
    expect(linkedCompanies('901')).toHaveLength(1);
  });

  it('names the cause when HubSpot refuses: a missing scope goes dead with words the rep can act on', async () => {
    await mock.close();
    mock = await startHubSpotMock({ now: clock.now, missingScopes: ['crm.objects.contacts.write'] });
    const { action } = await queueCreate(KEY, ines, 'hubspot');
    await drainOutbox(drainWith());
    expect((await getAction(action.id))!.sync).toMatchObject({ state: 'dead', lastError: expect.stringMatching(/missing a scope/) });
    expect(contactsWith(KEY)).toHaveLength(0);
  });
});
