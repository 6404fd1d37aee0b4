// @vitest-environment node
/**
 * Reading lead feedback back from Salesforce over real HTTP against the loopback org: the Tasks the
 * destination wrote for lead feedback and stage changes come back as the same feedback, with the
 * person's name and address, in the range, newest first and bounded by the cap; a Task that only looks
 * like feedback is not read; the daily limit and a revoked sign-in fail in words.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import type { SalesAction } from '@/lib/model/action';
import { createSalesforceDestination } from '@/lib/sources/salesforce/destination';
import { SEED_IDS } from '@/lib/sources/salesforce/mock-seed';
import { SourceError } from '@/lib/sources/types';
import { closeDbForTests } from '@/lib/store/db';
import { context, makeAction } from '../helpers';
import { type Org, restRequests, startOrg } from './helpers';

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
const about = (prospectKey: string, overrides: Partial<SalesAction>) =>
  makeAction({ prospectKey, sync: { state: 'inflight', attempts: 0, destination: 'salesforce', updatedAt: new Date(now).toISOString() }, ...overrides });
const dana = (overrides: Partial<SalesAction>) => about('dana.whitfield@northwind.example', overrides);
const sam = (overrides: Partial<SalesAction>) => about('sam.okafor@contoso.example', overrides);

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
