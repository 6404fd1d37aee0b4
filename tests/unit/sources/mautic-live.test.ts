// @vitest-environment node
/** The Mautic source and destination over real HTTP against the loopback Mautic mock. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import { MauticConnection } from '@/lib/sources/mautic/definition';
import { TOKEN_SECRET_ID } from '@/lib/sources/mautic/auth';
import { createMauticDestination } from '@/lib/sources/mautic/destination';
import { createMauticSource } from '@/lib/sources/mautic/source';
import { SourceError } from '@/lib/sources/types';
import { closeDbForTests } from '@/lib/store/db';
import { getSecret, secretOrigin } from '@/lib/store/secrets';
import { type MauticMock, startMauticMock } from '@/lib/sources/mautic/mock';
import { context, makeAction } from './helpers';

const basic = { username: 'api-user', password: 's3cret!' };
const oauth = { clientId: '1_abc', clientSecret: 'shh' };
const dana = { key: 'dana.whitfield@northwind.example', emails: ['dana.whitfield@northwind.example'] };

let now = Date.parse('2024-11-19T10:00:00Z');
let mock: MauticMock;
let restoreClock: () => void;

beforeEach(async () => {
  // A fresh IndexedDB per test, so no OAuth token cached by an earlier test (and mock) is reused.
  await closeDbForTests();
  now = Date.parse('2024-11-19T10:00:00Z');
  restoreClock = setClock(() => now);
  mock = await startMauticMock({ basic, oauth, now: () => now });
});

afterEach(async () => {
  restoreClock();
  await mock.close();
});

const config = (extra: Record<string, unknown> = {}) => MauticConnection.parse({ baseUrl: mock.url, ...extra });

async function rejection(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

describe('the Mautic mock behaves like Mautic', () => {
  it('fails a where filter without expr with a 500', async () => {
    const auth = `Basic ${Buffer.from('api-user:s3cret!').toString('base64')}`;
    const response = await fetch(`${mock.url}/api/contacts?where[0][col]=email&where[0][val]=dana.whitfield@northwind.example`, { headers: { authorization: auth } });
    expect(response.status).toBe(500);
  });

  it('accepts no negative points delta', async () => {
    const auth = `Basic ${Buffer.from('api-user:s3cret!').toString('base64')}`;
    const response = await fetch(`${mock.url}/api/contacts/47/points/plus/-5`, { method: 'POST', headers: { authorization: auth } });
    expect(response.status).toBe(400);
  });
});

describe('Mautic source with Basic auth', () => {
  it('looks Dana up by exact email and reads her activity', async () => {
    const [record] = await createMauticSource(config(), basic).lookup([dana]);
    expect(record!.prospect).toMatchObject({ name: 'Dana Whitfield', leadScore: 85, lifecycleStage: 'mql' });
    expect(record!.prospect.refs).toEqual([{ source: 'mautic', externalId: '47', url: `${mock.url}/s/contacts/view/47` }]);
    expect(record!.events.filter((e) => e.type === 'page_view')).toHaveLength(2);
    const [lookup, activity] = mock.requests;
    expect(lookup!.query.get('where[0][col]')).toBe('email');
    expect(lookup!.query.get('where[0][expr]')).toBe('eq');
    expect(lookup!.query.get('where[0][val]')).toBe('dana.whitfield@northwind.example');
    expect(activity!.path).toBe('/api/contacts/47/activity');
  });

  it('answers nothing for an unknown address (Mautic sends contacts: [])', async () => {
    expect(await createMauticSource(config(), basic).lookup([{ key: 'x@nowhere.example', emails: ['x@nowhere.example'] }])).toEqual([]);
  });

  it('is refused with a wrong password', async () => {
    const error = await rejection(createMauticSource(config(), { ...basic, password: 'nope' }).test());
    expect(error.kind).toBe('auth');
  });

  it('reports the hourly rate limit with a wait', async () => {
    await mock.close();
    mock = await startMauticMock({ basic, now: () => now, rateLimitPerHour: 1 });
    const source = createMauticSource(config(), basic);
    await source.test();
    expect(await rejection(source.lookup([dana]))).toMatchObject({ kind: 'rate-limited', retryAfterMs: 60_000 });
  });

  it('says which credentials are missing when the method and the secrets disagree', async () => {
    expect((await rejection(createMauticSource(config({ authMethod: 'oauth2' }), basic).test())).kind).toBe('not-configured');
  });
});

describe('Mautic source with OAuth2 client credentials', () => {
  const source = () => createMauticSource(config({ authMethod: 'oauth2' }), oauth);

  it('fetches one token, caches it in the secrets store until a minute before expiry, and reuses it', async () => {
    await source().lookup([dana]);
    await source().lookup([dana]);
    expect(mock.issuedTokens).toHaveLength(1);
    const cached = await getSecret(TOKEN_SECRET_ID, await secretOrigin(TOKEN_SECRET_ID));
    expect(cached).toMatchObject({ accessToken: mock.issuedTokens[0], clientId: '1_abc', expiresAt: String(now + 3_540_000) });
    const tokenRequest = mock.requests.find((r) => r.path === '/oauth/v2/token')!;
    expect(Object.fromEntries(new URLSearchParams(tokenRequest.body))).toEqual({ grant_type: 'client_credentials', client_id: '1_abc', client_secret: 'shh' });
  });

  it('asks for a new token once the cached one is about to expire', async () => {
    await source().test();
    now += 3_541_000;
    await source().test();
    expect(mock.issuedTokens).toHaveLength(2);
  });

  it('refreshes once when Mautic refuses a token it issued', async () => {
    await source().test();
    mock.expireTokens();
    expect(await source().test()).toBe('Connected');
    expect(mock.issuedTokens).toHaveLength(2);
    expect(mock.requests.map((r) => r.status)).toEqual([200, 200, 401, 200, 200]);
  });

  it('reports a wrong client secret as an auth problem', async () => {
    const error = await rejection(createMauticSource(config({ authMethod: 'oauth2' }), { ...oauth, clientSecret: 'wrong' }).test());
    expect(error.kind).toBe('auth');
  });
});

describe('Mautic destination', () => {
  const destination = (extra: Record<string, unknown> = {}) => createMauticDestination(config(extra), basic);

  it.each([
    ['call', 'call'],
    ['meeting', 'meeting'],
    ['email', 'email'],
    ['note', 'general'],
    ['stage_change', 'general'],
  ] as const)('writes a %s as a %s note on the contact, marked with the action id', async (type, noteType) => {
    const action = makeAction({ type, stage: 'sql', sync: { ...makeAction().sync, destination: 'mautic' } });
    const outcome = await destination().deliver(action, context());
    expect(outcome).toEqual({ kind: 'delivered', remoteId: '1' });
    // Sent as Mautic's form takes it (`yyyy-MM-dd HH:mm`, UTC): the strict mock drops any other key.
    expect(mock.notes[0]).toMatchObject({ lead: 47, type: noteType, dateTime: `${action.occurredAt.slice(0, 16)}:00+00:00` });
    expect(mock.notes[0]!.text).toContain(`[prospect-lens:${action.id}]`);
  });

  it('writes a task with its due time under its title, and the note dated when it was logged', async () => {
    // Mautic has no tasks: without the line the team could not tell when it is due (r8 #8).
    const task = makeAction({ type: 'task', notes: 'Send the proposal', dueAt: '2024-11-22T09:00:00.000Z', sync: { ...makeAction().sync, destination: 'mautic' } });
    expect((await destination().deliver(task, context())).kind).toBe('delivered');
    expect(mock.notes[0]!.text).toBe(`Send the proposal<br>Due: 2024-11-22 09:00 UTC<br>Send the proposal<br>[prospect-lens:${task.id}]`);
    expect(mock.notes[0]).toMatchObject({ type: 'general', dateTime: `${task.occurredAt.slice(0, 16)}:00+00:00` });
  });

  it('says so when the contact is not in Mautic', async () => {
    expect(await destination().deliver(makeAction({ prospectKey: 'x@nowhere.example' }), context())).toEqual({ kind: 'fatal', error: 'No Mautic contact for x@nowhere.example' });
  });

  it('writes for a person shown by name to the contact the card showed, while it still has that name', async () => {
    const mauticAction = (prospectKey: string, externalId: string) => makeAction({ prospectKey, target: { source: 'mautic', externalId }, sync: { ...makeAction().sync, destination: 'mautic' } });
    const [record] = await createMauticSource(config({ authMethod: 'basic' }), basic).lookup([{ key: 'name:dana whitfield', emails: [], name: 'Dana Whitfield' }]);
    const shown = record!.prospect.refs!.find((r) => r.source === 'mautic')!.externalId;
    expect(await destination().deliver(mauticAction('name:dana whitfield', shown), context())).toMatchObject({ kind: 'delivered' });
    expect(mock.notes.map((n) => n.lead)).toEqual([47]);
    expect(mock.requests.some((r) => r.method === 'GET' && r.path === '/api/contacts/47')).toBe(true);

    // Marcus is not Dana, and a contact renamed since is no longer the person the card showed.
    expect(await destination().deliver(mauticAction('name:dana whitfield', '48'), context())).toEqual({ kind: 'fatal', error: 'No Mautic contact for name:dana whitfield' });
    mock.contacts.find((c) => c.id === 47)!.fields.lastname = 'Whitfield-Okafor';
    expect((await destination().deliver(mauticAction('name:dana whitfield', shown), context())).kind).toBe('fatal');
    expect(mock.notes).toHaveLength(1);
  });

  it('writes for a person shown by LinkedIn profile to the target while its linkedin field is that profile', async () => {
    const mauticAction = (externalId: string) => makeAction({ prospectKey: 'linkedin:dana-whitfield', target: { source: 'mautic', externalId }, sync: { ...makeAction().sync, destination: 'mautic' } });
    expect(await destination().deliver(mauticAction('47'), context())).toMatchObject({ kind: 'delivered' });
    expect(await destination().deliver(mauticAction('48'), context())).toEqual({ kind: 'fatal', error: 'No Mautic contact for linkedin:dana-whitfield' });
    expect(await destination().deliver(mauticAction('999'), context())).toMatchObject({ kind: 'fatal' });
    expect(mock.notes.map((n) => n.lead)).toEqual([47]);
  });

  it('moves points up for an accepted lead and down (by the minus path) for a rejected one', async () => {
    await destination({ feedbackAs: 'points' }).deliver(makeAction({ type: 'lead_feedback', feedback: 'accepted' }), context());
    await destination({ feedbackAs: 'points' }).deliver(makeAction({ type: 'lead_feedback', feedback: 'rejected', rejectReason: 'competitor' }), context());
    expect(mock.pointChanges).toEqual([
      { contactId: 47, delta: 10 },
      { contactId: 47, delta: -10 },
    ]);
    expect(mock.requests.some((r) => r.path === '/api/contacts/47/points/minus/10')).toBe(true);
    expect(mock.notes).toHaveLength(2);
  });

  it('tags a rejected lead with the reason when feedback goes as tags', async () => {
    await destination({ feedbackAs: 'tags' }).deliver(makeAction({ type: 'lead_feedback', feedback: 'rejected', rejectReason: 'no_budget' }), context());
    expect(mock.contacts.find((c) => c.id === 47)!.tags).toEqual(expect.arrayContaining(['sales-rejected', 'sales-rejected-no_budget']));
  });

  it('replaces the earlier verdict’s tags when the rep changes it, and keeps the contact’s other tags', async () => {
    const contact = () => mock.contacts.find((c) => c.id === 47)!;
    const own = [...contact().tags];
    expect(own.length).toBeGreaterThan(0);
    const tagsNow = () => contact().tags.filter((tag) => !own.includes(tag)).sort();
    await destination({ feedbackAs: 'tags' }).deliver(makeAction({ type: 'lead_feedback', feedback: 'rejected', rejectReason: 'no_budget' }), context());
    await destination({ feedbackAs: 'tags' }).deliver(makeAction({ type: 'lead_feedback', feedback: 'accepted' }), context());
    expect(tagsNow()).toEqual(['sales-accepted']);
    await destination({ feedbackAs: 'tags' }).deliver(makeAction({ type: 'lead_feedback', feedback: 'rejected', rejectReason: 'competitor' }), context());
    expect(tagsNow()).toEqual(['sales-rejected', 'sales-rejected-competitor']);
    expect(contact().tags).toEqual(expect.arrayContaining(own));
  });

  it('a points step that failed after the note leaves it uncertain; the look finds the note and finishes the points', async () => {
    mock.setFault({ path: /\/points\//, times: 2, fault: { type: 'status', status: 503 } });
    const mautic = destination({ feedbackAs: 'points' });
    const action = makeAction({ type: 'lead_feedback', feedback: 'accepted' });
    // The note is in Mautic: however definite the 503, part of the action arrived.
    expect((await mautic.deliver(action, context())).kind).toBe('uncertain');
    expect(await mautic.findExisting!(action, context())).toMatchObject({ unknown: expect.stringContaining('503') });
    expect(await mautic.findExisting!(action, context())).toEqual({ found: true, remoteId: '1' });
    expect(mock.notes).toHaveLength(1);
    expect(mock.pointChanges).toEqual([{ contactId: 47, delta: 10 }]);
    expect(await mautic.findExisting!(makeAction({ type: 'lead_feedback', feedback: 'accepted' }), context())).toEqual({ found: false });
  });

  it('refuses a note date that is not in the form format, as Mautic does', async () => {
    const answer = await fetch(`${mock.url}/api/notes/new`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${basic.username}:${basic.password}`)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ lead: 47, text: 'x', type: 'call', dateTime: '2024-11-18T09:30:00.000Z' }),
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ errors: [{ code: 400, message: 'dateTime: This value is not valid.', type: null }] });
  });

  it('finds the note of an uncertain attempt, so it is recorded once', async () => {
    mock.setFault({ path: '/api/notes/new', times: 1, fault: { type: 'reset', after: true } });
    const mautic = destination();
    const action = makeAction();
    expect((await mautic.deliver(action, context())).kind).toBe('uncertain');
    expect(await mautic.findExisting!(action, context())).toEqual({ found: true, remoteId: '1' });
    expect(await mautic.findExisting!(makeAction(), context())).toEqual({ found: false });
    expect(mock.notes).toHaveLength(1);
  });
});
