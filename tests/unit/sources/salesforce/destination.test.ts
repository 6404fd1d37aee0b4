// @vitest-environment node
/**
 * Salesforce as the sync destination, over real HTTP against the loopback org, alone and through the
 * outbox: logging, adding an unknown person, and reading lead feedback back for the lead feedback page.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import type { NewRecord, SalesAction } from '@/lib/model/action';
import { actionMarker } from '@/lib/sources/action-text';
import { activityDate, activityRecord } from '@/lib/sources/salesforce/activity';
import { createSalesforceDestination } from '@/lib/sources/salesforce/destination';
import { SEED_IDS } from '@/lib/sources/salesforce/mock-seed';
import { createSalesforceSource } from '@/lib/sources/salesforce/source';
import { SourceError } from '@/lib/sources/types';
import { closeDbForTests } from '@/lib/store/db';
import { getAction, updateAction } from '@/lib/store/outbox';
import { logAction } from '@/lib/sync/actions';
import { drainOutbox, recoverInterrupted } from '@/lib/sync/drain';
import { claim } from '@/lib/sync/state';
import { DestinationGate } from '@/lib/sync/rate-limit';
import { context, makeAction } from '../helpers';
import { type Org, restRequests, soqlOf, startOrg } from './helpers';

const START = Date.parse('2026-11-19T10:00:00Z');
const HOUR = 3_600_000;
let now = START;
let org: Org;
let restoreClock: () => void;

beforeEach(async () => {
  await closeDbForTests();
  now = START;
  restoreClock = setClock(() => now);
  org = await startOrg({ now: () => now });
});

afterEach(async () => {
  restoreClock();
  await org.mock.close();
});

const destination = () => createSalesforceDestination(org.client(), org.config);
const about = (prospectKey: string, overrides: Partial<SalesAction> = {}) =>
  makeAction({ prospectKey, sync: { state: 'inflight', attempts: 0, destination: 'salesforce', updatedAt: new Date(now).toISOString() }, ...overrides });
const dana = (overrides: Partial<SalesAction> = {}) => about('dana.whitfield@northwind.example', overrides);
const sam = (overrides: Partial<SalesAction> = {}) => about('sam.okafor@contoso.example', overrides);
const tasksFor = (whoId: string) => org.mock.records.Task.filter((t) => t.WhoId === whoId);

describe('logging', () => {
  it('logs a call as a completed Task on the Lead, with subtype, date, duration, result and the marker', async () => {
    const action = dana({ type: 'call', outcome: 'connected', notes: 'Pricing next week', durationMinutes: 12, direction: 'outbound' });
    const outcome = await destination().deliver(action, context());
    expect(outcome).toMatchObject({ kind: 'delivered', remoteId: expect.stringMatching(/^00T/) });
    const [task] = tasksFor(SEED_IDS.danaLead).filter((t) => t.Id !== '00T000000000001AAA');
    expect(task).toMatchObject({
      WhoId: SEED_IDS.danaLead,
      Subject: 'Call — connected',
      Status: 'Completed',
      TaskSubtype: 'Call',
      ActivityDate: '2024-11-19',
      CallDurationInSeconds: 720,
      CallType: 'Outbound',
      CallDisposition: 'connected',
    });
    expect(String(task!.Description).split('\n')).toEqual(['Call — connected', 'Pricing next week', actionMarker(action.id)]);
  });

  it('logs an email, a note and a task as Tasks with their subtype and status', async () => {
    await destination().deliver(dana({ type: 'email', notes: 'Sent the deck' }), context());
    await destination().deliver(dana({ type: 'note', notes: 'Prefers mornings' }), context());
    await destination().deliver(dana({ type: 'task', notes: 'Send contract', dueAt: '2024-11-25T09:00:00.000Z', priority: 'high' }), context());
    const created = tasksFor(SEED_IDS.danaLead).slice(1);
    expect(created.map((t) => [t.TaskSubtype, t.Status, t.ActivityDate])).toEqual([
      ['Email', 'Completed', '2024-11-19'],
      ['Task', 'Completed', '2024-11-19'],
      ['Task', 'Not Started', '2024-11-25'],
    ]);
    expect(created[2]).toMatchObject({ Subject: 'Send contract', Priority: 'High' });
  });

  it("dates a Task on the rep's own day, not the UTC one", () => {
    const WHO = '00Q000000000001AAA';
    const day = (action: SalesAction, timeZone: string) => activityRecord(action, WHO, timeZone).body.ActivityDate;
    // A call logged at 23:30 in New York is 04:30 the next day in UTC.
    expect(day(dana({ type: 'call', occurredAt: '2024-11-20T04:30:00.000Z' }), 'America/New_York')).toBe('2024-11-19');
    // A task due at 00:30 in Berlin is 23:30 the day before in UTC.
    expect(day(dana({ type: 'task', dueAt: '2024-11-19T23:30:00.000Z' }), 'Europe/Berlin')).toBe('2024-11-20');
    expect(day(dana({ type: 'task', dueAt: '2024-11-19T23:30:00.000Z' }), 'UTC')).toBe('2024-11-19');
  });

  it("takes the browser's zone when none is given", () => {
    const at = new Date('2024-11-20T04:30:00.000Z');
    const local = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
    expect(activityDate(at.toISOString())).toBe(local);
  });

  it('logs a meeting as an Event with start and end', async () => {
    const outcome = await destination().deliver(dana({ type: 'meeting', durationMinutes: 45 }), context());
    expect(outcome).toMatchObject({ kind: 'delivered', remoteId: expect.stringMatching(/^00U/) });
    expect(org.mock.records.Event.at(-1)).toMatchObject({ WhoId: SEED_IDS.danaLead, StartDateTime: '2024-11-19T10:00:00.000Z', EndDateTime: '2024-11-19T10:45:00.000Z' });
  });

  it('sets the Lead Status for a stage change, and creates nothing', async () => {
    const before = org.mock.records.Task.length;
    const outcome = await destination().deliver(dana({ type: 'stage_change', stage: 'Closed - Converted' }), context());
    expect(outcome).toEqual({ kind: 'delivered', remoteId: SEED_IDS.danaLead });
    expect(org.mock.records.Lead.find((l) => l.Id === SEED_IDS.danaLead)!.Status).toBe('Closed - Converted');
    expect(org.mock.records.Task.length).toBe(before);
  });

  it("sets the admin's Contact field for a stage change on a Contact, or logs a Task without one", async () => {
    const samTo = (stage: string) => sam({ type: 'stage_change', stage });
    const before = org.mock.records.Task.length;
    expect(await destination().deliver(samTo('opportunity'), context())).toEqual({ kind: 'delivered', remoteId: expect.stringMatching(/^00T/) });
    expect(tasksFor(SEED_IDS.samContact).at(-1)).toMatchObject({ Subject: 'Stage changed to opportunity' });

    org.config = { ...org.config, contactStageField: 'Lifecycle_Stage__c' };
    expect(await destination().deliver(samTo('customer'), context())).toEqual({ kind: 'delivered', remoteId: SEED_IDS.samContact });
    expect(org.mock.records.Contact[0]!.Lifecycle_Stage__c).toBe('customer');
    expect(org.mock.records.Task.length).toBe(before + 1);

    org.config = { ...org.config, contactStageField: 'Stage__c' };
    expect(await destination().deliver(samTo('customer'), context())).toEqual({
      kind: 'fatal',
      error: "Salesforce refused the record: No such column 'Stage__c' on sobject of type Contact [INVALID_FIELD]",
    });
  });

  it('sends lead feedback as the Lead Status plus a Task', async () => {
    await destination().deliver(dana({ type: 'lead_feedback', feedback: 'rejected', rejectReason: 'no_budget', notes: '' }), context());
    expect(org.mock.records.Lead.find((l) => l.Id === SEED_IDS.danaLead)!.Status).toBe('Closed - Not Converted');
    expect(tasksFor(SEED_IDS.danaLead).at(-1)).toMatchObject({ Subject: 'Lead rejected by sales: no budget' });
  });

  it('logs on the record the card showed (its reference), before any search by email', async () => {
    const action = dana({ prospectKey: 'sam.okafor@contoso.example', type: 'note', notes: 'On the Lead, please' });
    const prospect = { key: 'sam.okafor@contoso.example', emails: ['sam.okafor@contoso.example'], refs: [{ source: 'salesforce' as const, externalId: SEED_IDS.samLead }] };
    await destination().deliver(action, context({ prospect }));
    expect(tasksFor(SEED_IDS.samLead)).toHaveLength(1);
    expect(restRequests(org.mock).filter((r) => r.method === 'GET')).toHaveLength(0);
  });

  it('logs on the record the card showed (the action\'s target), not the Contact a search by email finds first', async () => {
    const accepted = sam({ type: 'lead_feedback', feedback: 'accepted', notes: '', target: { source: 'salesforce', externalId: SEED_IDS.samLead } });
    expect(await destination().deliver(accepted, context())).toMatchObject({ kind: 'delivered', remoteId: expect.stringMatching(/^00T/) });
    expect(org.mock.records.Lead.find((l) => l.Id === SEED_IDS.samLead)!.Status).toBe(org.config.feedbackAcceptedStatus);
    expect(tasksFor(SEED_IDS.samLead)).toHaveLength(1);
    expect(tasksFor(SEED_IDS.samContact)).toHaveLength(0);
    // An uncertain try is looked for on the same record.
    expect(await destination().findExisting!({ ...accepted, sync: { ...accepted.sync, uncertainSince: new Date(now).toISOString() } }, context())).toEqual({
      found: true,
      remoteId: tasksFor(SEED_IDS.samLead)[0]!.Id,
    });
  });

  it('never writes to a target that is not a record of this person, or not an id at all', async () => {
    const forged = [
      // Another person's Lead, a record of another CRM, and what is no Salesforce id.
      { source: 'salesforce' as const, externalId: SEED_IDS.danaLead },
      { source: 'hubspot' as const, externalId: SEED_IDS.samLead },
      { source: 'salesforce' as const, externalId: "00Q' OR Email != '" },
    ];
    for (const target of forged) await destination().deliver(sam({ type: 'note', notes: 'Where does it go?', target }), context());
    // Each went where the search by address goes today: Sam's Contact.
    expect(tasksFor(SEED_IDS.samContact)).toHaveLength(3);
    expect(tasksFor(SEED_IDS.danaLead).filter((t) => t.Id !== '00T000000000001AAA')).toHaveLength(0);
    expect(soqlOf(org.mock).some((q) => q.includes('OR Email'))).toBe(false);
  });

  it('falls back to the search by email once the card\'s Lead was converted', async () => {
    org.mock.records.Lead.find((l) => l.Id === SEED_IDS.samLead)!.IsConverted = true;
    await destination().deliver(sam({ type: 'note', notes: 'After conversion', target: { source: 'salesforce', externalId: SEED_IDS.samLead } }), context());
    expect(tasksFor(SEED_IDS.samLead)).toHaveLength(0);
    expect(tasksFor(SEED_IDS.samContact)).toHaveLength(1);
  });

  it("keeps a hand-assigned Lead's owner when it sets the status, and a new Lead the rep's, past the org's assignment rule", async () => {
    const owner = (id: string) => org.mock.records.Lead.find((l) => l.Id === id)!.OwnerId;
    // The org's active rule (to Casey) runs on a Lead write that does not turn it off, as Salesforce's does.
    org.mock.records.Lead.find((l) => l.Id === SEED_IDS.samLead)!.OwnerId = SEED_IDS.rep;
    const bare = await fetch(`${org.config.instanceUrl}/services/data/v62.0/sobjects/Lead/${SEED_IDS.samLead}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${org.saved.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ Status: 'Working - Contacted' }),
    });
    expect(bare.status).toBe(204);
    expect(owner(SEED_IDS.samLead)).toBe(SEED_IDS.colleague);

    expect(owner(SEED_IDS.danaLead)).toBe(SEED_IDS.rep);
    await destination().deliver(dana({ type: 'lead_feedback', feedback: 'accepted', notes: '' }), context());
    await destination().deliver(dana({ type: 'stage_change', stage: 'Closed - Converted' }), context());
    expect(owner(SEED_IDS.danaLead)).toBe(SEED_IDS.rep);

    const robin = 'robin.baker@fabrikam.example';
    const sync = { state: 'inflight' as const, attempts: 0, destination: 'salesforce' as const, updatedAt: new Date(now).toISOString() };
    const outcome = await destination().deliver(makeAction({ prospectKey: robin, type: 'crm_create', notes: '', record: { email: robin, lastName: 'Baker' }, sync }), context());
    expect(owner((outcome as { remoteId: string }).remoteId)).toBe(SEED_IDS.rep);
    const writes = restRequests(org.mock).filter((r) => r.method !== 'GET').slice(1);
    expect(writes.map((r) => r.headers['sforce-auto-assign'])).toEqual(['FALSE', 'FALSE', 'FALSE', 'FALSE']);
  });

  it('ends as dead with a clear message when no Lead or Contact has the address', async () => {
    const outcome = await destination().deliver(dana({ prospectKey: 'nobody@example.com' }), context());
    expect(outcome).toEqual({ kind: 'fatal', error: 'No Salesforce Lead or Contact for nobody@example.com' });
  });
});

describe("the org's refusals", () => {
  it("ends the action as dead with the org's own validation message", async () => {
    await org.mock.close();
    org = await startOrg({ now: () => now, validationRule: (object) => (object === 'Task' ? 'Calls need a next step before they can be logged' : undefined) });
    const outcome = await destination().deliver(dana({ type: 'call' }), context());
    expect(outcome).toEqual({ kind: 'fatal', error: 'Salesforce refused the record: Calls need a next step before they can be logged [FIELD_CUSTOM_VALIDATION_EXCEPTION]' });
  });

  it('names the field of a picklist error', async () => {
    const outcome = await destination().deliver(dana({ type: 'stage_change', stage: 'Qualified' }), context());
    expect(outcome).toEqual({
      kind: 'fatal',
      error: 'Salesforce refused the record: Lead Status: bad value for restricted picklist field: Qualified (Status) [INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST]',
    });
  });

  it('refreshes an expired session and delivers; a revoked one waits for Reconnect instead of failing', async () => {
    org.mock.expireSessions();
    expect(await destination().deliver(dana({ type: 'note', notes: 'a' }), context())).toMatchObject({ kind: 'delivered' });
    org.mock.revokeRefreshTokens();
    const outcome = await destination().deliver(dana({ type: 'note', notes: 'b' }), context());
    expect(outcome).toEqual({ kind: 'retry', error: expect.stringMatching(/Reconnect in Options$/) });
    expect(org.saved).toEqual({ reconnect: 'invalid_grant' });
  });

  it('tries again after a row lock (UNABLE_TO_LOCK_ROW): Salesforce rolled the request back, nothing was written', async () => {
    const before = org.mock.records.Task.length;
    org.mock.setFault({
      method: 'POST',
      path: /\/sobjects\/Task$/,
      times: 1,
      fault: { type: 'status', status: 400, body: [{ message: 'unable to obtain exclusive access to this record or 1 records: 00Q000000000001AAA', errorCode: 'UNABLE_TO_LOCK_ROW', fields: [] }] },
    });
    const action = dana({ type: 'call' });
    expect(await destination().deliver(action, context())).toEqual({ kind: 'retry', error: 'Salesforce is busy' });
    expect(org.mock.records.Task.length).toBe(before);
    expect(await destination().deliver(action, context())).toMatchObject({ kind: 'delivered' });
  });

  it('waits, with the tokens kept, while Salesforce refuses the refresh only for now (login hours)', async () => {
    const tokens = { ...org.saved };
    org.mock.expireSessions();
    org.mock.setLoginRestricted(true);
    expect(await destination().deliver(dana({ type: 'note', notes: 'after hours' }), context())).toEqual({
      kind: 'retry',
      error: 'Salesforce refused the sign-in: ip restricted or invalid login hours',
      retryAfterMs: 15 * 60_000,
    });
    expect(org.saved).toEqual(tokens);
  });

  it('waits an hour on REQUEST_LIMIT_EXCEEDED and backs off on 503', async () => {
    org.mock.setApiUsage(15_000, 15_000);
    expect(await destination().deliver(dana(), context())).toMatchObject({ kind: 'retry', retryAfterMs: 3_600_000 });
    org.mock.setApiUsage(0);
    org.mock.setFault({ method: 'POST', fault: { type: 'status', status: 503, body: [{ message: 'Unavailable', errorCode: 'SERVER_UNAVAILABLE' }] } });
    // No Retry-After: the outbox's own backoff, and the attempt counts (a wait of ours would not).
    expect(await destination().deliver(dana(), context())).toEqual({ kind: 'retry', error: 'Salesforce is busy (503)' });
    org.mock.setFault({ method: 'POST', fault: { type: 'status', status: 503, body: [{ message: 'Unavailable', errorCode: 'SERVER_UNAVAILABLE' }], headers: { 'retry-after': '120' } } });
    expect(await destination().deliver(dana(), context())).toMatchObject({ kind: 'retry', retryAfterMs: 120_000 });
  });
});

describe('exactly once', () => {
  it('finds a Task whose answer was lost by the marker in its Description, and one that never arrived is not found', async () => {
    const action = dana({ type: 'call' });
    org.mock.setFault({ method: 'POST', path: /\/sobjects\/Task$/, times: 1, fault: { type: 'reset', after: true } });
    expect((await destination().deliver(action, context())).kind).toBe('uncertain');
    const uncertain = { ...action, sync: { ...action.sync, uncertainSince: new Date(now).toISOString() } };
    now += 60_000;
    const found = await destination().findExisting!(uncertain, context());
    expect(found).toEqual({ found: true, remoteId: tasksFor(SEED_IDS.danaLead).at(-1)!.Id });
    const other = dana({ type: 'call', sync: { ...uncertain.sync } });
    expect(await destination().findExisting!(other, context())).toEqual({ found: false });
  });

  it('cannot tell, rather than "not found", when more newer Tasks than its look reads hide the lost one', async () => {
    const action = dana({ type: 'call' });
    org.mock.setFault({ method: 'POST', path: /\/sobjects\/Task$/, times: 1, fault: { type: 'reset', after: true } });
    expect((await destination().deliver(action, context())).kind).toBe('uncertain');
    const uncertain = { ...action, sync: { ...action.sync, uncertainSince: new Date(now).toISOString() } };
    // A busy Lead: 200 Tasks (a sequence, colleagues' calls) created after the lost one.
    for (let i = 0; i < 200; i++) {
      const at = new Date(now + (i + 1) * 1_000).toISOString().replace('Z', '+0000');
      org.mock.records.Task.push({ Id: `00T${String(5000 + i).padStart(12, '0')}AAA`, WhoId: SEED_IDS.danaLead, Subject: 'Sequence email', Description: 'Step 2', CreatedDate: at });
    }
    now += 10 * 60_000;
    expect(await destination().findExisting!(uncertain, context())).toEqual({ unknown: expect.any(String) });
    expect(tasksFor(SEED_IDS.danaLead).filter((t) => String(t.Description).includes(actionMarker(action.id)))).toHaveLength(1);
  });

  it("finds the Task a lost answer created when the rep's clock is 40 minutes fast", async () => {
    // CreatedDate is the org's clock, the action's times the rep's (r8 #4).
    await org.mock.close();
    org = await startOrg({ now: () => now - 40 * 60_000 });
    const action = dana({ type: 'call', createdAt: new Date(now).toISOString() });
    org.mock.setFault({ method: 'POST', path: /\/sobjects\/Task$/, times: 1, fault: { type: 'reset', after: true } });
    expect((await destination().deliver(action, context())).kind).toBe('uncertain');
    const uncertain = { ...action, sync: { ...action.sync, uncertainSince: new Date(now).toISOString() } };
    now += 60_000;
    expect(await destination().findExisting!(uncertain, context())).toEqual({ found: true, remoteId: tasksFor(SEED_IDS.danaLead).at(-1)!.Id });
  });

  it('through the outbox: a lost answer, a dead worker and 503s still leave each action in Salesforce once', async () => {
    const gate = new DestinationGate();
    const drain = () =>
      drainOutbox({
        resolveDestination: (kind) => (kind === 'salesforce' ? destination() : undefined),
        getProspect: () => undefined,
        gate,
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
        policy: { random: () => 0.5 },
      });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await logAction({ prospectKey: 'dana.whitfield@northwind.example', type: 'call', notes: `Call ${i}` }, 'salesforce')).id);
    // The worker stops mid-request: the first action was claimed and its Task created, and nothing was stored after.
    await updateAction(ids[0]!, (a) => claim(a, now));
    await destination().deliver((await getAction(ids[0]!))!, context());
    expect(await recoverInterrupted(now)).toBe(1);
    now += 60_000;
    org.mock.setFault(
      { method: 'POST', path: /\/sobjects\/Task$/, times: 2, fault: { type: 'reset', after: true } },
      { method: 'GET', times: 2, fault: { type: 'status', status: 503, body: [{ message: 'Unavailable', errorCode: 'SERVER_UNAVAILABLE' }] } },
    );
    for (let round = 0; round < 30; round++) {
      await drain();
      now += 5 * 60_000;
      const states = await Promise.all(ids.map(async (id) => (await getAction(id))!.sync.state));
      if (states.every((s) => s === 'done')) break;
    }
    const states = await Promise.all(ids.map(async (id) => (await getAction(id))!.sync.state));
    expect(states).toEqual(ids.map(() => 'done'));
    for (const id of ids) {
      expect(org.mock.records.Task.filter((t) => String(t.Description ?? '').includes(actionMarker(id)))).toHaveLength(1);
    }
    // The interrupted one and the two lost answers were looked up, not sent again.
    expect(restRequests(org.mock).filter((r) => r.method === 'POST').length).toBe(ids.length);
    expect(restRequests(org.mock).filter((r) => r.query.get('q')?.includes('Description')).length).toBeGreaterThanOrEqual(3);
  });
});

describe('an org that keeps answering 503', () => {
  it('without Retry-After: each try counts, and the action ends dead with the reason instead of retrying for ever', async () => {
    const drain = () =>
      drainOutbox({
        resolveDestination: (kind) => (kind === 'salesforce' ? destination() : undefined),
        getProspect: () => undefined,
        gate: new DestinationGate(),
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
        policy: { random: () => 0.5 },
      });
    const { id } = await logAction({ prospectKey: 'dana.whitfield@northwind.example', type: 'call', notes: 'Busy org' }, 'salesforce');
    org.mock.setFault({ fault: { type: 'status', status: 503, body: [{ message: 'Unavailable', errorCode: 'SERVER_UNAVAILABLE' }] } });
    for (let round = 0; round < 40 && (await getAction(id))!.sync.state === 'pending'; round++) {
      await drain();
      now += 60 * 60_000;
    }
    const { sync } = (await getAction(id))!;
    expect(sync).toMatchObject({ state: 'dead', attempts: 8 });
    expect(sync.lastError).toContain('Salesforce is busy (503)');
  });
});

describe('adding an unknown person', () => {
  const robin = 'robin.baker@fabrikam.example';
  const create = (record: Partial<NewRecord> = {}) =>
    makeAction({
      prospectKey: robin,
      type: 'crm_create',
      notes: '',
      record: { email: robin, firstName: 'Robin', lastName: 'Baker', company: 'Fabrikam', title: 'Head of Finance', ...record },
      sync: { state: 'inflight', attempts: 0, destination: 'salesforce', updatedAt: new Date(now).toISOString() },
    });
  const leadsOf = (email: string) => org.mock.records.Lead.filter((l) => l.Email === email);

  it('creates a Lead with what the page showed and the marker, which the next lookup finds', async () => {
    const action = create();
    const outcome = await destination().deliver(action, context());
    expect(outcome).toEqual({ kind: 'delivered', remoteId: expect.stringMatching(/^00Q/) });
    const [lead] = leadsOf(robin);
    expect(lead).toMatchObject({ Id: (outcome as { remoteId: string }).remoteId, FirstName: 'Robin', LastName: 'Baker', Company: 'Fabrikam', Title: 'Head of Finance', Status: 'Open - Not Contacted' });
    expect(String(lead!.Description).split('\n')).toEqual(['Added to the CRM from Prospect Lens', actionMarker(action.id)]);
    const [found] = await createSalesforceSource(org.client(), org.config.instanceUrl!).lookup([{ key: robin, emails: [robin] }]);
    expect(found!.prospect).toMatchObject({ name: 'Robin Baker', company: 'Fabrikam' });
  });

  it('creates nothing for an address Salesforce has, or on a repeat', async () => {
    const action = create();
    const first = await destination().deliver(action, context());
    expect(await destination().findExisting!(action, context())).toEqual({ found: false });
    expect(await destination().deliver(action, context())).toEqual(first);
    expect(leadsOf(robin)).toHaveLength(1);
    // Sam is a Contact (and a Lead): the Contact is the person, and no Lead is added.
    const leads = org.mock.records.Lead.length;
    const addSam = create({ email: 'sam.okafor@contoso.example' });
    expect(await destination().deliver({ ...addSam, prospectKey: 'sam.okafor@contoso.example' }, context())).toEqual({ kind: 'delivered', remoteId: SEED_IDS.samContact });
    expect(org.mock.records.Lead).toHaveLength(leads);
  });

  it('fills the two fields a Lead requires from what there is, and invents nothing else', async () => {
    await destination().deliver(create({ lastName: undefined, company: undefined, title: undefined }), context());
    expect(leadsOf(robin)[0]).toMatchObject({ LastName: 'Robin', Company: '[not provided]' });
    expect(leadsOf(robin)[0]).not.toHaveProperty('FirstName');
    expect(leadsOf(robin)[0]).not.toHaveProperty('Title');
    const nameless = 'ops@tailspin.example';
    await destination().deliver({ ...create({ email: nameless, firstName: undefined, lastName: undefined }), prospectKey: nameless }, context());
    expect(leadsOf(nameless)[0]).toMatchObject({ LastName: '[not provided]', Company: 'Fabrikam' });
  });

  it('says in words what Salesforce refused', async () => {
    await org.mock.close();
    org = await startOrg({ now: () => now, validationRule: (object) => (object === 'Lead' ? 'Leads need a phone number' : undefined) });
    expect(await destination().deliver(create(), context())).toEqual({ kind: 'fatal', error: expect.stringContaining('Leads need a phone number') });
    expect(leadsOf(robin)).toHaveLength(0);
  });

  it("refuses an address longer than a Lead's Email holds (80) in words, before sending anything", async () => {
    const long = `${'r'.repeat(70)}@fabrikam.example`;
    const before = restRequests(org.mock).length;
    expect(await destination().deliver({ ...create({ email: long }), prospectKey: long }, context())).toEqual({
      kind: 'fatal',
      error: "Salesforce keeps at most 80 characters in a Lead's email, and this address is longer: the Lead was not created.",
    });
    expect(restRequests(org.mock).length).toBe(before);
    // Salesforce itself would refuse it, as it refuses each field past its length.
    const post = (body: Record<string, string>) => org.client().call('POST', '/services/data/v62.0/sobjects/Lead', { LastName: 'Baker', Company: 'Fabrikam', ...body }).catch((e: { failure: { body: unknown } }) => e.failure.body);
    expect(await post({ Email: long })).toEqual([expect.objectContaining({ errorCode: 'STRING_TOO_LONG', fields: ['Email'] })]);
    expect(await post({ FirstName: 'R'.repeat(41) })).toEqual([expect.objectContaining({ errorCode: 'STRING_TOO_LONG', fields: ['FirstName'] })]);
    expect(await post({ Title: 'T'.repeat(129) })).toEqual([expect.objectContaining({ errorCode: 'STRING_TOO_LONG', fields: ['Title'] })]);
    expect(await post({ LastName: 'B'.repeat(81) })).toEqual([expect.objectContaining({ errorCode: 'STRING_TOO_LONG', fields: ['LastName'] })]);
    expect(leadsOf(long)).toHaveLength(0);
    // 80 is still an address Salesforce keeps.
    const fits = `${'r'.repeat(63)}@fabrikam.example`;
    expect(await destination().deliver({ ...create({ email: fits }), prospectKey: fits }, context())).toMatchObject({ kind: 'delivered' });
  });

  it('sends a create whose answer was lost again, and it still makes one Lead', async () => {
    const action = create();
    org.mock.setFault({ method: 'POST', path: /\/sobjects\/Lead$/, times: 1, fault: { type: 'reset', after: true } });
    expect((await destination().deliver(action, context())).kind).toBe('uncertain');
    expect(await destination().deliver(action, context())).toEqual({ kind: 'delivered', remoteId: leadsOf(robin)[0]!.Id });
    expect(leadsOf(robin)).toHaveLength(1);
  });
});

/** Delivers each action an hour after the one before, so their CreatedDates are in that order. */
async function deliverHourly(actions: SalesAction[]): Promise<void> {
  for (const action of actions) {
    expect(await destination().deliver(action, context())).toMatchObject({ kind: 'delivered' });
    now += HOUR;
  }
}

describe('Salesforce feedback read-back', () => {
  it('reads back the feedback and stage-change Tasks it wrote, with their person, in the range, newest first', async () => {
    now = START - 60 * 24 * HOUR;
    const old = dana({ type: 'lead_feedback', feedback: 'accepted', notes: '' });
    await deliverHourly([old]);
    now = START;
    const rejected = dana({ type: 'lead_feedback', feedback: 'rejected', rejectReason: 'competitor', notes: "Chose another vendor\nIt's final" });
    // On a Contact with no stage field chosen, a stage change is a Task.
    const stage = sam({ type: 'stage_change', stage: 'Negotiation' });
    const call = dana({ type: 'call', notes: 'Lead accepted by sales' });
    const accepted = sam({ type: 'lead_feedback', feedback: 'accepted', notes: '' });
    await deliverHourly([rejected, stage, call, accepted]);
    // A colleague's own Task with a feedback title but no marker is not Prospect Lens feedback.
    org.mock.records.Task.push({ Id: '00T000000000999AAA', WhoId: SEED_IDS.danaLead, Subject: 'Lead accepted by sales', Description: 'Looks good to me', CreatedDate: new Date(now).toISOString().replace('Z', '+0000') });

    const { records, capped } = await destination().readFeedback!({ from: new Date(START - 24 * HOUR).toISOString() }, 1000);
    expect(capped).toBe(false);
    expect(records).toEqual([
      { actionId: accepted.id, remoteId: expect.stringMatching(/^00T/), email: 'sam.okafor@contoso.example', name: 'Sam Okafor', verdict: 'accepted', notes: '', occurredAt: new Date(START + 3 * HOUR).toISOString() },
      expect.objectContaining({ actionId: stage.id, email: 'sam.okafor@contoso.example', verdict: 'stage', stage: 'Negotiation', occurredAt: new Date(START + HOUR).toISOString() }),
      expect.objectContaining({ actionId: rejected.id, email: 'dana.whitfield@northwind.example', name: 'Dana Whitfield', verdict: 'rejected', reason: 'competitor', notes: "Chose another vendor\nIt's final" }),
    ]);
    // The person is the Task's: Sam's feedback went to the Contact (found by email before the Lead).
    expect(records[0]!.remoteId).toBe(org.mock.records.Task.find((t) => String(t.Description).includes(accepted.id))!.Id);
    expect(org.mock.records.Task.find((t) => t.Id === records[0]!.remoteId)!.WhoId).toBe(SEED_IDS.samContact);

    const everything = await destination().readFeedback!({}, 1000);
    expect(everything.records.map((r) => r.actionId)).toEqual([accepted.id, stage.id, rejected.id, old.id]);
    const until = await destination().readFeedback!({ to: new Date(START + 30 * 60_000).toISOString() }, 1000);
    expect(until.records.map((r) => r.actionId)).toEqual([rejected.id, old.id]);
  });

  it('stops at the cap, keeping the newest, and says it did', async () => {
    const first = dana({ type: 'lead_feedback', feedback: 'accepted', notes: '' });
    const second = dana({ type: 'lead_feedback', feedback: 'rejected', rejectReason: 'no_budget', notes: '' });
    const third = sam({ type: 'stage_change', stage: 'Closed Won' });
    await deliverHourly([first, second, third]);
    const { records, capped } = await destination().readFeedback!({}, 2);
    expect(capped).toBe(true);
    expect(records.map((r) => r.actionId)).toEqual([third.id, second.id]);
    expect((await destination().readFeedback!({}, 3)).capped).toBe(false);
  });

  it('finds the Tasks by subject and date, the only filters SOQL allows here, and asks for each person once', async () => {
    await deliverHourly([dana({ type: 'lead_feedback', feedback: 'accepted', notes: '' }), dana({ type: 'lead_feedback', feedback: 'rejected', notes: '' })]);
    const before = restRequests(org.mock).length;
    await destination().readFeedback!({ from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' }, 1000);
    // Two hours after sign-in the session has expired: the first query is answered 401 and sent again after a refresh.
    const answered = restRequests(org.mock).slice(before).filter((r) => r.status === 200);
    const queries = answered.map((r) => r.query.get('q') ?? '');
    expect(queries).toEqual([
      expect.stringMatching(/^SELECT Id, WhoId, Subject, Description, CreatedDate FROM Task WHERE Subject IN \('Lead accepted by sales', 'Lead rejected by sales: not a fit', .*'Lead rejected by sales: no reason given'\) AND CreatedDate >= 2026-11-01T00:00:00Z AND CreatedDate <= 2026-12-01T00:00:00Z ORDER BY CreatedDate DESC LIMIT 1001$/),
      expect.stringMatching(/^SELECT .* FROM Task WHERE Subject LIKE 'Stage changed to %' AND CreatedDate >= /),
      `SELECT Id, Name, Email FROM Lead WHERE Id IN ('${SEED_IDS.danaLead}')`,
    ]);
  });

  it('fails in words at the daily limit and when the sign-in was revoked', async () => {
    org.mock.setApiUsage(15_000, 15_000);
    const limited = await destination().readFeedback!({}, 1000).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(SourceError);
    expect((limited as SourceError).message).toMatch(/Salesforce/);
    org.mock.setApiUsage(0);
    org.mock.revokeRefreshTokens();
    org.mock.expireSessions();
    const revoked = await destination().readFeedback!({}, 1000).catch((e: unknown) => e);
    expect(revoked).toBeInstanceOf(SourceError);
    expect((revoked as SourceError).message).toMatch(/Reconnect in Options$/);
  });
});
