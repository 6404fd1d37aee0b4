// @vitest-environment node
/**
 * A logged webmail message ("Log this email", docs/architecture.md) at each destination: HubSpot's
 * email engagement and Mautic's email note over real HTTP against the loopback mocks, the Salesforce
 * Task and the webhook payload as they are built.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import type { SalesAction } from '@/lib/model/action';
import { HubSpotConnection } from '@/lib/sources/hubspot/definition';
import { createHubSpotDestination } from '@/lib/sources/hubspot/destination';
import { type HubSpotMock, startHubSpotMock } from '@/lib/sources/hubspot/mock';
import { MauticConnection } from '@/lib/sources/mautic/definition';
import { createMauticDestination } from '@/lib/sources/mautic/destination';
import { type MauticMock, startMauticMock } from '@/lib/sources/mautic/mock';
import { activityRecord } from '@/lib/sources/salesforce/activity';
import { webhookPayload } from '@/lib/sources/webhook/payload';
import { closeDbForTests } from '@/lib/store/db';
import { context, makeAction } from './helpers';

const DANA = 'dana.whitfield@northwind.example';
const ME = 'sam.carter@acme.example';
const email = (overrides: Partial<SalesAction> = {}) =>
  makeAction({
    type: 'email',
    direction: 'inbound',
    notes: '',
    email: { messageKey: 'gmail:18b8e2c4f0a1daaf', subject: 'Pilot pricing for Q1', from: DANA, to: [ME], cc: ['jonas.berg@fabrikam.example'], bodyIncluded: false },
    ...overrides,
  });

let now = Date.parse('2024-11-19T10:00:00Z');
let restoreClock: () => void;
beforeEach(() => {
  now = Date.parse('2024-11-19T10:00:00Z');
  restoreClock = setClock(() => now);
});
afterEach(() => restoreClock());

describe('HubSpot: an email engagement', () => {
  let mock: HubSpotMock;
  beforeEach(async () => {
    mock = await startHubSpotMock({ now: () => now });
  });
  afterEach(() => mock.close());
  const destination = () =>
    createHubSpotDestination(HubSpotConnection.parse({ baseUrl: mock.url, ownerId: '9001' }), { token: mock.token }, undefined, { timeoutMs: 2000, settleMs: 10_000 });

  it('with subject, direction, headers naming the people, associated to the contact (198), and no body unless included', async () => {
    const action = email();
    const outcome = await destination().deliver(action, context());
    const [record] = mock.records.emails;
    expect(outcome).toEqual({ kind: 'delivered', remoteId: record!.id });
    expect(mock.records.notes).toEqual([]);
    expect(record!.associations).toEqual([{ to: { id: '51' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 198 }] }]);
    expect(record!.properties).toMatchObject({
      hs_timestamp: action.occurredAt,
      hs_email_direction: 'INCOMING_EMAIL',
      hs_email_status: 'SENT',
      hs_email_subject: 'Pilot pricing for Q1',
      hubspot_owner_id: '9001',
      hs_email_text: `[prospect-lens:${action.id}]`,
    });
    expect(JSON.parse(record!.properties.hs_email_headers!)).toEqual({ from: { email: DANA }, to: [{ email: ME }], cc: [{ email: 'jonas.berg@fabrikam.example' }], bcc: [] });
  });

  it('a sent email with its body, as the rep included it', async () => {
    await destination().deliver(email({ direction: 'outbound', notes: 'Our <offer> is attached.', email: { ...email().email!, from: ME, to: [DANA], cc: [], bodyIncluded: true } }), context());
    expect(mock.records.emails[0]!.properties).toMatchObject({ hs_email_direction: 'EMAIL', hs_email_text: expect.stringMatching(/^Our <offer> is attached\.\n\n\[prospect-lens:/) });
  });

  it('is found again after a lost answer, so it is recorded once', async () => {
    mock.setFault({ method: 'POST', path: '/crm/v3/objects/emails', times: 1, fault: { type: 'reset', after: true } });
    const action = email();
    expect((await destination().deliver(action, context())).kind).toBe('uncertain');
    now += 11_000;
    const uncertain = { ...action, sync: { ...action.sync, uncertainSince: new Date(now - 11_000).toISOString() } };
    expect(await destination().findExisting!(uncertain, context())).toEqual({ found: true, remoteId: mock.records.emails[0]!.id });
    expect(mock.records.emails).toHaveLength(1);
  });

  it('the mock refuses what HubSpot refuses: a direction it does not know, headers that are not JSON', async () => {
    const post = (properties: Record<string, string>) =>
      fetch(`${mock.url}/crm/v3/objects/emails`, { method: 'POST', headers: { authorization: `Bearer ${mock.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ properties: { hs_timestamp: '2024-11-19T10:00:00Z', ...properties } }) });
    expect((await post({ hs_email_direction: 'INBOUND' })).status).toBe(400);
    expect((await post({ hs_email_headers: 'from dana' })).status).toBe(400);
    expect((await post({ hs_email_subject: 'ok' })).status).toBe(201);
  });
});

describe('Mautic: an email note', () => {
  let mock: MauticMock;
  const basic = { username: 'api-user', password: 's3cret!' };
  beforeEach(async () => {
    await closeDbForTests();
    mock = await startMauticMock({ basic, now: () => now });
  });
  afterEach(() => mock.close());

  it('says received or sent, the subject and the people', async () => {
    const action = email({ sync: { ...email().sync, destination: 'mautic' } });
    await createMauticDestination(MauticConnection.parse({ baseUrl: mock.url }), basic).deliver(action, context());
    expect(mock.notes[0]).toMatchObject({ lead: 47, type: 'email' });
    expect(mock.notes[0]!.text).toContain('Email received: Pilot pricing for Q1<br>From: dana.whitfield@northwind.example<br>To: sam.carter@acme.example<br>Cc: jonas.berg@fabrikam.example');
  });
});

describe('Salesforce and webhook', () => {
  it('Salesforce: a completed Task of subtype Email whose subject is the message subject', () => {
    const { object, body } = activityRecord(email({ direction: 'outbound' }), '00Q000000000001');
    expect(object).toBe('Task');
    expect(body).toMatchObject({ TaskSubtype: 'Email', Status: 'Completed', Subject: 'Email sent: Pilot pricing for Q1' });
    expect(body.Description).toContain('From: dana.whitfield@northwind.example\nTo: sam.carter@acme.example');
  });

  it('webhook: the message details travel with the action', () => {
    expect(webhookPayload(email(), undefined)).toMatchObject({ type: 'email', direction: 'inbound', email: { subject: 'Pilot pricing for Q1', from: DANA, bodyIncluded: false } });
  });
});
