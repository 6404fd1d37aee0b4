// @vitest-environment node
/** The HubSpot source and destination over real HTTP against the loopback HubSpot mock. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import type { SalesAction } from '@/lib/model/action';
import { HubSpotConnection } from '@/lib/sources/hubspot/definition';
import { createHubSpotDestination } from '@/lib/sources/hubspot/destination';
import { createHubSpotSource } from '@/lib/sources/hubspot/source';
import { SourceError } from '@/lib/sources/types';
import { type HubSpotMock, startHubSpotMock } from '@/lib/sources/hubspot/mock';
import { context, makeAction } from './helpers';

let now = Date.parse('2024-11-19T10:00:00Z');
let mock: HubSpotMock;
let restoreClock: () => void;

beforeEach(async () => {
  now = Date.parse('2024-11-19T10:00:00Z');
  restoreClock = setClock(() => now);
  mock = await startHubSpotMock({ now: () => now });
});

afterEach(async () => {
  restoreClock();
  await mock.close();
});

const connection = (extra: Record<string, unknown> = {}) => HubSpotConnection.parse({ baseUrl: mock.url, ownerId: '9001', ...extra });
const source = (token = mock.token) => createHubSpotSource(connection(), { token }, undefined, { timeoutMs: 2000 });
const destination = (extra: Record<string, unknown> = {}, token = mock.token) =>
  createHubSpotDestination(connection(extra), { token }, undefined, { timeoutMs: 2000, settleMs: 10_000 });
const dana = { key: 'dana.whitfield@northwind.example', emails: ['dana.whitfield@northwind.example'] };

async function rejection(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

describe('HubSpot source against the mock', () => {
  it('tests the connection with an owners request', async () => {
    expect(await source().test()).toBe('Connected');
    expect(mock.requests.at(-1)).toMatchObject({ method: 'GET', path: '/crm/v3/owners' });
  });

  it('is refused with a wrong token, in words the rep can act on', async () => {
    const error = await rejection(source('pat-na1-wrong').lookup([dana]));
    expect(error.kind).toBe('auth');
    expect(error.message).toBe('HubSpot rejected the token (401) — check it in Options');
  });

  it('finds Dana with her totals, dated facts and webinar participations', async () => {
    const [record] = await source().lookup([dana]);
    expect(record!.prospect).toMatchObject({ name: 'Dana Whitfield', company: 'Northwind Traders', lifecycleStage: 'marketingqualifiedlead', leadScore: 72 });
    expect(record!.allTime).toMatchObject({ emailOpens: 14, pageViews: 23 });
    const types = record!.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['webinar_registered', 'webinar_attended', 'form_submit', 'email_click']));
    expect(mock.requests.map((r) => r.path).slice(0, 3)).toEqual([
      '/crm/v3/objects/contacts/batch/read',
      '/crm/v3/owners',
      '/marketing/v3/marketing-events/participations/contacts/51/breakdown',
    ]);
  });

  it('reads a registration nobody attended, which HubSpot sends with its duration and percentage null', async () => {
    // Marcus registered and did not come (NO_SHOW); Dana registered (REGISTERED) before attending.
    const [danaRecord, marcusRecord] = await source().lookup([dana, { key: 'marcus.oyelaran@contoso.example', emails: ['marcus.oyelaran@contoso.example'] }]);
    const answered = await fetch(`${mock.url}/marketing/v3/marketing-events/participations/contacts/52/breakdown`, { headers: { authorization: `Bearer ${mock.token}` } });
    expect(((await answered.json()) as { results: { properties: unknown }[] }).results[0]!.properties).toMatchObject({
      attendanceState: 'NO_SHOW',
      attendanceDurationSeconds: null,
      attendancePercentage: null,
    });
    expect(marcusRecord!.events.filter((e) => e.type === 'webinar_registered').map((e) => e.title)).toEqual(['Live demo: Automating month-end close']);
    expect(danaRecord!.events.map((e) => e.type)).toEqual(expect.arrayContaining(['webinar_registered', 'webinar_attended']));
  });

  it('returns the same event ids on a second lookup', async () => {
    const first = (await source().lookup([dana]))[0]!.events.map((e) => e.id);
    const second = (await source().lookup([dana]))[0]!.events.map((e) => e.id);
    expect(second).toEqual(first);
  });

  it('finds a LinkedIn-only prospect through the profile URL, whatever its trailing slash', async () => {
    const [record] = await source().lookup([{ key: 'linkedin:priyaraman', emails: [], linkedinUrl: 'https://www.linkedin.com/in/priyaraman' }]);
    expect(record).toMatchObject({ key: 'linkedin:priyaraman', prospect: { name: 'Priya Raman' } });
  });

  it('answers nothing for people HubSpot does not know', async () => {
    expect(await source().lookup([{ key: 'nobody@nowhere.example', emails: ['nobody@nowhere.example'] }])).toEqual([]);
  });

  it('honours Retry-After on 429 as retryAfterMs', async () => {
    mock.setRateLimit({ max: 1, retryAfterSeconds: 3 });
    await source().test();
    const error = await rejection(source().lookup([dana]));
    expect(error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 3000 });
  });

  it('gives up on a hanging HubSpot with a plain message', async () => {
    mock.setFault({ fault: { type: 'hang' } });
    const slow = createHubSpotSource(connection(), { token: mock.token }, undefined, { timeoutMs: 100 });
    expect(await rejection(slow.lookup([dana]))).toMatchObject({ kind: 'unavailable', message: 'HubSpot did not answer in time' });
  });

  it('lists owners for the picker, narrowed by email', async () => {
    const owners = await source().listOwners('alex.rivera@prospectlens.example');
    expect(owners.map((o) => o.id)).toEqual(['9001']);
  });
});

describe('HubSpot destination against the mock', () => {
  it.each([
    ['note', {}, 'notes', 202],
    ['call', { direction: 'inbound', durationMinutes: 12, outcome: 'Connected' }, 'calls', 194],
    ['meeting', { durationMinutes: 45, outcome: 'no show' }, 'meetings', 200],
    ['task', { dueAt: '2024-11-22T09:00:00.000Z', priority: 'high', notes: 'Send the pricing deck' }, 'tasks', 204],
    ['email', { outcome: 'Replied' }, 'notes', 202],
    ['stage_change', { stage: 'salesqualifiedlead' }, 'notes', 202],
    ['lead_feedback', { feedback: 'rejected', rejectReason: 'no_budget' }, 'notes', 202],
  ] as const)('records a %s as HubSpot %s associated with type %i', async (type, fields, objectType, typeId) => {
    const action = makeAction({ type, ...(fields as Partial<SalesAction>) });
    const outcome = await destination().deliver(action, context());
    const [record] = mock.records[objectType];
    expect(outcome).toEqual({ kind: 'delivered', remoteId: record!.id });
    expect(record!.associations).toEqual([{ to: { id: '51' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }] }]);
    expect(record!.properties.hubspot_owner_id).toBe('9001');
    expect(Object.values(record!.properties).join('\n')).toContain(`[prospect-lens:${action.id}]`);
  });

  it('writes the call, meeting and task details HubSpot expects', async () => {
    await destination().deliver(makeAction({ type: 'call', direction: 'inbound', durationMinutes: 12 }), context());
    await destination().deliver(makeAction({ type: 'meeting', durationMinutes: 45, outcome: 'no show' }), context());
    await destination().deliver(makeAction({ type: 'task', dueAt: '2024-11-22T09:00:00.000Z', priority: 'high', notes: 'Send the pricing deck' }), context());
    expect(mock.records.calls[0]!.properties).toMatchObject({ hs_call_direction: 'INBOUND', hs_call_duration: '720000', hs_call_status: 'COMPLETED' });
    expect(mock.records.meetings[0]!.properties).toMatchObject({
      hs_meeting_outcome: 'NO_SHOW',
      hs_meeting_start_time: '2024-11-19T10:00:00.000Z',
      hs_meeting_end_time: '2024-11-19T10:45:00.000Z',
    });
    expect(mock.records.tasks[0]!.properties).toMatchObject({
      hs_timestamp: '2024-11-22T09:00:00.000Z',
      hs_task_subject: 'Send the pricing deck',
      hs_task_priority: 'HIGH',
      hs_task_status: 'NOT_STARTED',
    });
  });

  it("writes lead feedback in clear words, and the rep's markup as text", async () => {
    const action = makeAction({ type: 'lead_feedback', feedback: 'rejected', rejectReason: 'no_budget', notes: 'Budget <frozen> until Q2' });
    await destination().deliver(action, context());
    expect(mock.records.notes[0]!.properties.hs_note_body).toBe(`Lead rejected by sales: no budget<br>Budget &lt;frozen&gt; until Q2<br>[prospect-lens:${action.id}]`);
  });

  describe('a person with two contacts (one per address)', () => {
    // Marcus's stored record also has Dana's address: HubSpot keeps a contact per address (51 Dana's, 52 Marcus's).
    const both = { key: 'marcus.oyelaran@contoso.example', emails: ['marcus.oyelaran@contoso.example', 'dana.whitfield@northwind.example'], refs: [] };
    const noteOn = (target?: SalesAction['target']) => makeAction({ prospectKey: both.key, ...(target ? { target } : {}) });
    const associatedWith = () => mock.records.notes.map((n) => n.associations[0]!.to.id);

    it('attaches the note to the contact the card showed (the target), not the first one found by address', async () => {
      await destination().deliver(noteOn(), context({ prospect: both }));
      await destination().deliver(noteOn({ source: 'hubspot', externalId: '51' }), context({ prospect: both }));
      expect(associatedWith()).toEqual(['52', '51']);
    });

    it('never attaches it to a target without one of the person\'s addresses, a deleted one, or what is no HubSpot id', async () => {
      const forged = [
        { source: 'hubspot' as const, externalId: '53' },
        { source: 'hubspot' as const, externalId: '99999' },
        { source: 'salesforce' as const, externalId: '51' },
        { source: 'hubspot' as const, externalId: '51/../53' },
      ];
      for (const target of forged) expect(await destination().deliver(noteOn(target), context({ prospect: both }))).toMatchObject({ kind: 'delivered' });
      expect(associatedWith()).toEqual(['52', '52', '52', '52']);
      expect(mock.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/crm/v3/objects/contacts/')).map((r) => r.path)).toEqual([
        '/crm/v3/objects/contacts/53',
        '/crm/v3/objects/contacts/99999',
      ]);
    });
  });

  describe('a person the card showed without an address (keyed by LinkedIn profile or by name)', () => {
    const shownBy = async (query: { key: string; emails: string[]; linkedinUrl?: string; name?: string }) => {
      const [record] = await source().lookup([query]);
      const ref = record!.prospect.refs!.find((r) => r.source === 'hubspot')!;
      return { source: 'hubspot' as const, externalId: ref.externalId };
    };
    const associatedWith = () => mock.records.notes.map((n) => n.associations[0]!.to.id);

    it('writes to the contact the card found by the profile, while its hs_linkedin_url is still that profile', async () => {
      const priya = { key: 'linkedin:priyaraman', emails: [], linkedinUrl: 'https://www.linkedin.com/in/priyaraman' };
      const target = await shownBy(priya);
      expect(await destination().deliver(makeAction({ prospectKey: priya.key, target }), context())).toMatchObject({ kind: 'delivered' });
      expect(associatedWith()).toEqual(['53']);

      // Another profile now on the contact, or another contact named as the target: refused as before.
      mock.records.contacts.find((c) => c.id === '53')!.properties.hs_linkedin_url = 'https://www.linkedin.com/in/someone-else';
      expect(await destination().deliver(makeAction({ prospectKey: priya.key, target }), context())).toEqual({ kind: 'fatal', error: 'No HubSpot contact for linkedin:priyaraman' });
      expect(await destination().deliver(makeAction({ prospectKey: priya.key, target: { source: 'hubspot', externalId: '51' } }), context())).toMatchObject({ kind: 'fatal' });
      expect(associatedWith()).toEqual(['53']);
    });

    it('writes to the contact the card found by the name, while its first and last name are still that name', async () => {
      const marcus = { key: 'name:marcus oyelaran', emails: [], name: 'Marcus Oyelaran' };
      const target = await shownBy(marcus);
      expect(target.externalId).toBe('52');
      expect(await destination().deliver(makeAction({ prospectKey: marcus.key, target }), context())).toMatchObject({ kind: 'delivered' });
      expect(await destination().deliver(makeAction({ prospectKey: marcus.key, target: { source: 'hubspot', externalId: '51' } }), context())).toEqual({
        kind: 'fatal',
        error: 'No HubSpot contact for name:marcus oyelaran',
      });
      expect(associatedWith()).toEqual(['52']);
    });
  });

  it('refuses to invent a contact unless allowed', async () => {
    const action = makeAction({ prospectKey: 'new.person@startup.example' });
    expect(await destination().deliver(action, context())).toEqual({ kind: 'fatal', error: 'No HubSpot contact for new.person@startup.example' });
    expect(mock.records.notes).toHaveLength(0);
  });

  it('creates the contact first when the rep allowed it', async () => {
    const action = makeAction({ prospectKey: 'new.person@startup.example' });
    const prospect = { key: action.prospectKey, emails: [action.prospectKey], name: 'New Person', company: 'Startup', refs: [] };
    const outcome = await destination({ createContacts: true }).deliver(action, context({ prospect }));
    expect(outcome.kind).toBe('delivered');
    const created = mock.records.contacts.find((c) => c.properties.email === 'new.person@startup.example')!;
    expect(created.properties).toMatchObject({ firstname: 'New', lastname: 'Person', company: 'Startup' });
    expect(mock.records.notes[0]!.associations[0]!.to.id).toBe(created.id);
  });

  it('turns a 429 with Retry-After into a retry that waits that long', async () => {
    mock.setFault({ method: 'POST', path: '/crm/v3/objects/notes', fault: { type: 'status', status: 429, headers: { 'retry-after': '7' }, body: { status: 'error', policyName: 'TEN_SECONDLY_ROLLING' } } });
    expect(await destination().deliver(makeAction(), context())).toMatchObject({ kind: 'retry', retryAfterMs: 7000 });
  });

  it('retries a 503 and a 423 (after at least 2 s); a 500 leaves the note uncertain', async () => {
    mock.setFault(
      { path: '/crm/v3/objects/notes', times: 1, fault: { type: 'status', status: 503 } },
      { path: '/crm/v3/objects/notes', times: 1, fault: { type: 'status', status: 500 } },
      { path: '/crm/v3/objects/notes', fault: { type: 'status', status: 423 } },
    );
    expect((await destination().deliver(makeAction(), context())).kind).toBe('retry');
    expect((await destination().deliver(makeAction(), context())).kind).toBe('uncertain');
    expect(await destination().deliver(makeAction(), context())).toMatchObject({ kind: 'retry', retryAfterMs: 2000 });
  });

  it('records an action exactly once when HubSpot stored its note and then answered 500', async () => {
    mock.setFault({ method: 'POST', path: '/crm/v3/objects/notes', times: 1, fault: { type: 'status', status: 500, after: true, body: { status: 'error', category: 'INTERNAL' } } });
    const hubspot = destination();
    const action = makeAction();

    expect(await hubspot.deliver(action, context())).toMatchObject({ kind: 'uncertain' });
    expect(mock.records.notes).toHaveLength(1);
    // The outbox looks before sending again (lib/sync/attempt.ts), once HubSpot's search has settled.
    const uncertain = { ...action, sync: { ...action.sync, attempts: 1, uncertainSince: new Date(now).toISOString() } };
    now += 11_000;
    expect(await hubspot.findExisting!(uncertain, context())).toEqual({ found: true, remoteId: mock.records.notes[0]!.id });
    expect(mock.records.notes).toHaveLength(1);
  });

  it('gives up on what HubSpot will never accept: a bad owner id, a wrong token', async () => {
    const badOwner = await destination({ ownerId: '123' }).deliver(makeAction(), context());
    expect(badOwner.kind).toBe('fatal');
    expect(badOwner.kind === 'fatal' && badOwner.error).toContain('INVALID_OWNER_ID');
    expect(await destination({}, 'pat-na1-wrong').deliver(makeAction(), context())).toEqual({
      kind: 'fatal',
      error: 'HubSpot rejected the token (401) — check it in Options',
    });
  });

  it('records an action exactly once when the answer to its create was lost', async () => {
    mock.setSearchDelay(5_000);
    mock.setFault({ method: 'POST', path: '/crm/v3/objects/notes', times: 1, fault: { type: 'reset', after: true } });
    const hubspot = destination();
    const action = makeAction();

    const first = await hubspot.deliver(action, context());
    expect(first.kind).toBe('uncertain');
    expect(mock.records.notes).toHaveLength(1);
    const uncertain = { ...action, sync: { ...action.sync, attempts: 1, uncertainSince: new Date(now).toISOString() } };

    // Search is eventually consistent: right after the failure, the only safe answer is "not yet known".
    const searchesBefore = mock.requests.filter((r) => r.path.endsWith('/search')).length;
    expect(await hubspot.findExisting!(uncertain, context())).toHaveProperty('unknown');
    expect(mock.requests.filter((r) => r.path.endsWith('/search')).length).toBe(searchesBefore);

    now += 11_000;
    expect(await hubspot.findExisting!(uncertain, context())).toEqual({ found: true, remoteId: mock.records.notes[0]!.id });
    expect(mock.records.notes).toHaveLength(1);
  });

  it('finds nothing for an action that never reached HubSpot, so the outbox sends it', async () => {
    const action = makeAction({ sync: { ...makeAction().sync, uncertainSince: new Date(now - 60_000).toISOString() } });
    expect(await destination().findExisting!(action, context())).toEqual({ found: false });
  });
});
