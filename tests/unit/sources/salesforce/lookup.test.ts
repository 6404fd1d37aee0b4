// @vitest-environment node
/** Salesforce as a lookup source, over real HTTP against the loopback org. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import { SourceError } from '@/lib/sources/types';
import { apiUsage } from '@/lib/sources/salesforce/client';
import { SEED_IDS } from '@/lib/sources/salesforce/mock-seed';
import { matchKeyOf, memberToEvent } from '@/lib/sources/salesforce/map';
import { createSalesforceSource } from '@/lib/sources/salesforce/source';
import { type Org, restRequests, soqlOf, startOrg } from './helpers';

const NOW = Date.parse('2026-11-19T10:00:00Z');
const dana = { key: 'dana.whitfield@northwind.example', emails: ['Dana.Whitfield@northwind.example'] };
const sam = { key: 'sam.okafor@contoso.example', emails: ['sam.okafor@contoso.example'] };

let org: Org;
let restoreClock: () => void;

beforeEach(async () => {
  restoreClock = setClock(() => NOW);
  org = await startOrg({ now: () => NOW });
});

afterEach(async () => {
  restoreClock();
  await org.mock.close();
});

const source = () => createSalesforceSource(org.client(), org.config.instanceUrl!);

async function rejection(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

describe('looking a Lead up by email', () => {
  it("shows Dana's name, title, company, lead status, owner and a link to the record", async () => {
    const [record] = await source().lookup([dana]);
    expect(record!.key).toBe(dana.key);
    expect(record!.prospect).toMatchObject({
      name: 'Dana Whitfield',
      title: 'VP Operations',
      company: 'Northwind Traders',
      lifecycleStage: 'working - contacted',
      owner: 'Riley Rep',
      emails: ['dana.whitfield@northwind.example'],
    });
    // A loopback org is http: no link is made to anything but https.
    expect(record!.prospect.refs).toEqual([{ source: 'salesforce', externalId: SEED_IDS.danaLead }]);
    expect(record!.salesforce).toMatchObject({ object: 'Lead' });
    expect(record!.crm).toEqual({ leadStatus: 'Working - Contacted', rating: 'Hot' });
    // One record for the address: nothing for a picker.
    expect(record!.matches).toBeUndefined();
    expect(record!.matchKey).toBeUndefined();
  });

  it('turns campaign history into marketing engagement events: a webinar attended, an email clicked', async () => {
    const [record] = await source().lookup([dana]);
    const events = [...record!.events].sort((a, b) => a.type.localeCompare(b.type));
    expect(events.map((e) => [e.type, e.campaign, e.source])).toEqual([
      ['email_click', 'Q4 nurture', 'salesforce'],
      ['webinar_attended', 'Month-end close webinar', 'salesforce'],
    ]);
    // The response date, not the day the member was added; a date-only value is noon UTC (r8 #11).
    expect(events[1]!.occurredAt).toBe(`${new Date(NOW - 6 * 86_400_000).toISOString().slice(0, 10)}T12:00:00.000Z`);
    expect(events[1]!.title).toBe('Month-end close webinar — Attended');
  });

  it("keeps the team's Tasks with their owners as activity, not as engagement", async () => {
    const [record] = await source().lookup([dana]);
    expect(record!.salesActivity).toEqual([expect.objectContaining({ source: 'salesforce', type: 'call', subject: 'Intro call', author: 'Casey Closer', status: 'Completed' })]);
    expect(record!.events.some((e) => e.title === 'Intro call')).toBe(false);
  });
});

describe('a date-only response date (FirstRespondedDate)', () => {
  const member = (FirstRespondedDate: string) =>
    ({ Id: '00v000000000009AAA', Status: 'Attended', HasResponded: true, FirstRespondedDate, CreatedDate: '2026-11-01T10:00:00.000+0000', Campaign: { Name: 'Webinar', Type: 'Webinar' } }) as const;

  it('is noon UTC, the same calendar day from UTC−11 to UTC+11 (New York read midnight UTC as the evening before)', () => {
    const at = memberToEvent(dana.key, member('2026-11-17'), NOW)!.occurredAt;
    expect(at).toBe('2026-11-17T12:00:00.000Z');
    for (const timeZone of ['Pacific/Pago_Pago', 'America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'Pacific/Noumea']) {
      expect(new Intl.DateTimeFormat('en-CA', { timeZone }).format(Date.parse(at))).toBe('2026-11-17');
    }
  });

  it('is never ahead of now: today’s date read in the morning is now, not "in 2 h"', () => {
    expect(memberToEvent(dana.key, member('2026-11-19'), NOW)!.occurredAt).toBe(new Date(NOW).toISOString());
  });
});

describe('a Contact with an account, and a second match', () => {
  it('takes the Contact as the default and keeps the Lead with the same address as another match', async () => {
    const [record] = await source().lookup([sam]);
    expect(record!.salesforce.object).toBe('Contact');
    expect(record!.prospect).toMatchObject({ name: 'Sam Okafor', company: 'Contoso Ltd', title: 'Head of Procurement', owner: 'Casey Closer' });
    expect(record!.prospect.lifecycleStage).toBeUndefined();
    expect(record!.matches).toEqual([{ key: await matchKeyOf(SEED_IDS.samLead), name: 'Sam Okafor', company: 'Contoso', email: 'sam.okafor@contoso.example' }]);
    expect(record!.matchKey).toBe(await matchKeyOf(SEED_IDS.samContact));
  });

  it('names the matches by an opaque key, never by the record id a page could read', async () => {
    const [record] = await source().lookup([sam]);
    const keys = [record!.matchKey!, ...record!.matches!.map((m) => m.key)];
    expect(keys.every((k) => /^salesforce:m-[0-9a-f]{16}$/.test(k))).toBe(true);
    expect(JSON.stringify(keys)).not.toContain(SEED_IDS.samLead);
    expect(JSON.stringify(keys)).not.toContain(SEED_IDS.samContact);
  });

  it('answers with the record the rep chose among the matches, offering the default as the other one', async () => {
    const chosen = await matchKeyOf(SEED_IDS.samLead);
    const [record] = await source().lookup([{ ...sam, chosen }]);
    expect(record!.salesforce).toMatchObject({ object: 'Lead', id: SEED_IDS.samLead });
    expect(record!.prospect).toMatchObject({ company: 'Contoso' });
    expect(record!.matchKey).toBe(chosen);
    expect(record!.matches).toEqual([expect.objectContaining({ key: await matchKeyOf(SEED_IDS.samContact), company: 'Contoso Ltd' })]);
    // Its own campaign history and activity, not the Contact's.
    expect(record!.deals).toEqual([]);
  });

  it('falls back to the default when the chosen record is not found any more', async () => {
    const [record] = await source().lookup([{ ...sam, chosen: await matchKeyOf('00Q000000000GONE') }]);
    expect(record!.salesforce.object).toBe('Contact');
  });

  it("reads the account's open Opportunities as the deal, and Events as meetings", async () => {
    const [record] = await source().lookup([sam]);
    expect(record!.deals).toEqual([expect.objectContaining({ name: 'Contoso — 200 seats', stage: 'Proposal/Price Quote', amount: 48000, owner: 'Casey Closer' })]);
    expect(record!.salesActivity).toEqual([expect.objectContaining({ type: 'meeting', subject: 'Procurement review', author: 'Casey Closer' })]);
    expect(record!.events.map((e) => e.type)).toEqual(['email_sent']);
  });

  it('asks one query per object for a batch of people, with both addresses in it', async () => {
    await source().lookup([dana, sam]);
    const soql = soqlOf(org.mock);
    expect(soql.filter((q) => q.includes('FROM Contact WHERE Email IN'))).toEqual([
      "SELECT Id, Name, Title, Email, AccountId, Account.Name, OwnerId, Owner.Name, LastModifiedDate FROM Contact WHERE Email IN ('dana.whitfield@northwind.example', 'sam.okafor@contoso.example') ORDER BY LastModifiedDate DESC LIMIT 100",
    ]);
    expect(soql.filter((q) => q.includes('FROM Lead'))).toHaveLength(1);
  });

  it('answers nothing for an unknown address, and sends nothing for a LinkedIn-only person', async () => {
    expect(await source().lookup([{ key: 'x@nowhere.example', emails: ['x@nowhere.example'] }])).toEqual([]);
    const before = org.mock.requests.length;
    expect(await source().lookup([{ key: 'linkedin:dana', emails: [], linkedinUrl: 'https://www.linkedin.com/in/dana' }])).toEqual([]);
    expect(org.mock.requests.length).toBe(before);
  });
});

describe("details the rep's profile may not read", () => {
  it('leaves out open deals when Opportunity is hidden (INVALID_TYPE), and keeps the person and the rest', async () => {
    await org.mock.close();
    org = await startOrg({ now: () => NOW, hiddenFromProfile: ['Opportunity'] });
    const [record] = await source().lookup([sam]);
    expect(record!.prospect).toMatchObject({ name: 'Sam Okafor', company: 'Contoso Ltd' });
    expect(record!.deals).toEqual([]);
    expect(record!.salesActivity).toEqual([expect.objectContaining({ type: 'meeting', subject: 'Procurement review' })]);
    expect(record!.events.map((e) => e.type)).toEqual(['email_sent']);
    expect(restRequests(org.mock).find((r) => r.query.get('q')?.includes('FROM Opportunity'))?.status).toBe(400);
  });

  it('leaves out campaign history when Campaign is hidden, and Tasks when a field of theirs is (INVALID_FIELD)', async () => {
    await org.mock.close();
    org = await startOrg({ now: () => NOW, hiddenFromProfile: ['Campaign', 'Task.TaskSubtype'] });
    const [record] = await source().lookup([dana]);
    expect(record!.prospect).toMatchObject({ name: 'Dana Whitfield', owner: 'Riley Rep' });
    expect(record!.events).toEqual([]);
    expect(record!.salesActivity).toEqual([]);
  });

  it('still fails when the person query itself is refused', async () => {
    await org.mock.close();
    org = await startOrg({ now: () => NOW, hiddenFromProfile: ['Lead.Rating'] });
    expect((await rejection(source().lookup([dana]))).message).toMatch(/No such column 'Rating'/);
  });
});

describe('sessions', () => {
  it('refreshes an expired session once (401 INVALID_SESSION_ID) and retries, saving the new token', async () => {
    const old = org.saved.accessToken;
    org.mock.expireSessions();
    const [record] = await source().lookup([dana]);
    expect(record!.prospect.name).toBe('Dana Whitfield');
    expect(org.saved.accessToken).not.toBe(old);
    expect(org.saved.refreshToken).toBeTruthy();
    expect(org.mock.requests.filter((r) => r.path === '/services/oauth2/token')).toHaveLength(2); // sign-in + one refresh
    expect(restRequests(org.mock)[0]!.status).toBe(401);
  });

  it('with refresh token rotation, two clients holding the same spent session share one refresh', async () => {
    await org.mock.close();
    org = await startOrg({ now: () => NOW, rotateRefreshTokens: true });
    const firstRefresh = org.saved.refreshToken;
    org.mock.expireSessions();
    const [a, b] = await Promise.all([source().lookup([dana]), createSalesforceSource(org.client(), org.config.instanceUrl!).test()]);
    expect(a[0]!.prospect.name).toBe('Dana Whitfield');
    expect(b).toBe('Connected');
    expect(org.mock.requests.filter((r) => r.path === '/services/oauth2/token')).toHaveLength(2); // sign-in + one refresh
    expect(org.saved.refreshToken).not.toBe(firstRefresh);
    expect(org.saved.reconnect).toBeUndefined();
    // A client built later from the saved, rotated tokens goes on working.
    org.mock.expireSessions();
    expect(await source().test()).toBe('Connected');
  });

  it('with refresh token rotation, clients whose session ends twice refresh with the newest refresh token', async () => {
    await org.mock.close();
    org = await startOrg({ now: () => NOW, rotateRefreshTokens: true });
    // The source and the destination are separate clients, built with the same saved tokens.
    const [a, b] = [org.client(), org.client()].map((client) => createSalesforceSource(client, org.config.instanceUrl!));
    for (let ended = 1; ended <= 2; ended++) {
      org.mock.expireSessions();
      expect(await Promise.all([a!.test(), b!.test()])).toEqual(['Connected', 'Connected']);
      expect(org.saved.reconnect).toBeUndefined();
      expect(org.mock.liveTokens().refresh).toEqual([org.saved.refreshToken]);
    }
    expect(org.mock.requests.filter((r) => r.path === '/services/oauth2/token')).toHaveLength(3); // sign-in + one refresh each time
  });

  it('asks for Reconnect when the refresh token was revoked, and marks the connection for it', async () => {
    org.mock.revokeRefreshTokens();
    const error = await rejection(source().lookup([dana]));
    expect(error.kind).toBe('auth');
    expect(error.message).toMatch(/Reconnect/);
    expect(org.saved).toEqual({ reconnect: 'invalid_grant' });
    // Only one refresh was tried, and the query was not retried without a session.
    expect(org.mock.requests.filter((r) => r.path === '/services/oauth2/token')).toHaveLength(2);
  });

  it('keeps the tokens when Salesforce refuses the refresh only for now (login hours, IP ranges), and waits', async () => {
    const tokens = { ...org.saved };
    org.mock.expireSessions();
    org.mock.setLoginRestricted(true);
    const error = await rejection(source().lookup([dana]));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toBe('Salesforce refused the sign-in: ip restricted or invalid login hours');
    expect(error.retryAfterMs).toBe(15 * 60_000);
    expect(org.saved).toEqual(tokens);

    org.mock.setLoginRestricted(false);
    const [record] = await source().lookup([dana]);
    expect(record!.prospect.name).toBe('Dana Whitfield');
  });

  it('says "not connected" when no token is saved, without sending anything', async () => {
    org.saved = {};
    const error = await rejection(source().test());
    expect(error.kind).toBe('not-configured');
    expect(restRequests(org.mock)).toHaveLength(0);
  });
});

describe('limits', () => {
  it('reads Sforce-Limit-Info from every answer', async () => {
    org.mock.setApiUsage(100, 15_000);
    await source().test();
    expect(apiUsage(org.config.instanceUrl!)).toMatchObject({ used: 101, max: 15_000 });
  });

  it('reads Sforce-Limit-Info from error answers too, and stops lookups near the limit on it', async () => {
    org.mock.setFault({
      times: 1,
      fault: { type: 'status', status: 400, body: [{ message: 'unexpected token', errorCode: 'MALFORMED_QUERY' }], headers: { 'sforce-limit-info': 'api-usage=14995/15000' } },
    });
    await rejection(source().lookup([dana]));
    expect(apiUsage(org.config.instanceUrl!)).toMatchObject({ used: 14_995, max: 15_000 });
    const before = restRequests(org.mock).length;
    expect((await rejection(source().lookup([dana]))).kind).toBe('rate-limited');
    expect(restRequests(org.mock).length).toBe(before);
  });

  it('stops looking people up near the daily limit, leaving the rest for logging', async () => {
    org.mock.setApiUsage(14_990, 15_000);
    await source().test();
    const before = restRequests(org.mock).length;
    const error = await rejection(source().lookup([dana]));
    expect(error.kind).toBe('rate-limited');
    expect(restRequests(org.mock).length).toBe(before);
  });

  it('waits an hour on REQUEST_LIMIT_EXCEEDED', async () => {
    org.mock.setApiUsage(15_000, 15_000);
    const error = await rejection(source().lookup([dana]));
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(3_600_000);
  });

  it('backs off on 503, honouring Retry-After', async () => {
    org.mock.setFault({ fault: { type: 'status', status: 503, body: [{ message: 'Server unavailable', errorCode: 'SERVER_UNAVAILABLE' }], headers: { 'retry-after': '120' } } });
    const error = await rejection(source().lookup([dana]));
    expect(error.kind).toBe('unavailable');
    expect(error.retryAfterMs).toBe(120_000);
  });

  it('reports a 429 as a rate limit', async () => {
    org.mock.setFault({ fault: { type: 'status', status: 429, body: [{ message: 'Too many requests', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] } });
    const error = await rejection(source().lookup([dana]));
    expect(error.kind).toBe('rate-limited');
  });

  it('treats a malformed answer as the org\'s fault, not a crash', async () => {
    org.mock.setFault({ fault: { type: 'raw', body: '{"totalSize":1,"done":true,"records":[{"Id":"<script>"}]}' } });
    const error = await rejection(source().lookup([dana]));
    expect(error.kind).toBe('malformed');
  });
});
