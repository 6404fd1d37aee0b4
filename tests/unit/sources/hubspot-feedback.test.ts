// @vitest-environment node
/**
 * Reading lead feedback back from HubSpot over real HTTP against the loopback mock: what the
 * destination wrote comes back as the same feedback (action id, verdict, reason, person), bounded by
 * the cap, with HubSpot's 429s waited out when short and its 401 in words.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import { HubSpotConnection } from '@/lib/sources/hubspot/definition';
import { createHubSpotDestination } from '@/lib/sources/hubspot/destination';
import { type HubSpotMock, startHubSpotMock } from '@/lib/sources/hubspot/mock';
import { feedbackNoteSeed } from '@/lib/sources/hubspot/mock-seed';
import { SourceError } from '@/lib/sources/types';
import { context, makeAction } from './helpers';

let now = Date.parse('2024-11-19T10:00:00Z');
let mock: HubSpotMock;
let restoreClock: () => void;

beforeEach(() => {
  now = Date.parse('2024-11-19T10:00:00Z');
  restoreClock = setClock(() => now);
});
afterEach(async () => {
  restoreClock();
  await mock?.close();
});

const destination = (token = mock.token) =>
  createHubSpotDestination(HubSpotConnection.parse({ baseUrl: mock.url, ownerId: '9001' }), { token }, undefined, { timeoutMs: 2000, settleMs: 10_000 });
const read = (cap = 1000, range = {}, token?: string) => destination(token).readFeedback!(range, cap);

describe('HubSpot feedback read-back', () => {
  it('reads back what the destination wrote: verdict, reason, notes, person, action id; other notes are left out', async () => {
    mock = await startHubSpotMock({ now: () => now, engagements: [] });
    const rejected = makeAction({ type: 'lead_feedback', feedback: 'rejected', rejectReason: 'no_budget', notes: 'Budget <frozen> until Q2', occurredAt: '2024-11-18T09:00:00.000Z' });
    const accepted = makeAction({ type: 'lead_feedback', feedback: 'accepted', prospectKey: 'priya.raman@fabrikam.example', notes: '', occurredAt: '2024-11-19T08:00:00.000Z' });
    const stage = makeAction({ type: 'stage_change', stage: 'opportunity', notes: '', occurredAt: '2024-11-17T08:00:00.000Z' });
    const note = makeAction({ type: 'note', notes: 'Lead accepted by sales', occurredAt: '2024-11-19T09:00:00.000Z' });
    for (const a of [rejected, accepted, stage, note]) expect(await destination().deliver(a, context())).toMatchObject({ kind: 'delivered' });

    const { records, capped } = await read();
    expect(capped).toBe(false);
    expect(records).toEqual([
      expect.objectContaining({ actionId: accepted.id, email: 'priya.raman@fabrikam.example', name: 'Priya Raman', verdict: 'accepted', notes: '', occurredAt: accepted.occurredAt }),
      expect.objectContaining({ actionId: rejected.id, email: 'dana.whitfield@northwind.example', name: 'Dana Whitfield', verdict: 'rejected', reason: 'no_budget', notes: 'Budget <frozen> until Q2' }),
      expect.objectContaining({ actionId: stage.id, verdict: 'stage', stage: 'opportunity' }),
    ]);
    // One search, one association batch, one contact batch: not a request per note.
    expect(mock.requests.filter((r) => r.path.includes('/search') || r.path.includes('batch')).map((r) => r.path).slice(-3)).toEqual([
      '/crm/v3/objects/notes/search',
      '/crm/v4/associations/notes/contacts/batch/read',
      '/crm/v3/objects/contacts/batch/read',
    ]);
  });

  it("asks for the page's date range only", async () => {
    const at = (day: string, id: string) => feedbackNoteSeed(makeAction({ type: 'lead_feedback', feedback: 'accepted', occurredAt: `${day}T10:00:00.000Z` }), '51', id);
    mock = await startHubSpotMock({ now: () => now, engagements: [at('2024-10-01', '1'), at('2024-11-10', '2'), at('2024-11-18', '3')] });
    const { records } = await read(1000, { from: '2024-11-01T00:00:00.000Z', to: '2024-11-15T23:59:59.999Z' });
    expect(records.map((r) => r.remoteId)).toEqual(['2']);
  });

  it('pages through the search and stops at the cap, saying it was capped', async () => {
    const engagements = Array.from({ length: 450 }, (_, i) =>
      feedbackNoteSeed(makeAction({ type: 'lead_feedback', feedback: 'accepted', occurredAt: new Date(now - i * 60_000).toISOString() }), '51', String(5000 + i)),
    );
    mock = await startHubSpotMock({ now: () => now, engagements });
    const all = await read(1000);
    expect(all).toMatchObject({ capped: false });
    expect(all.records).toHaveLength(450);
    expect(mock.requests.filter((r) => r.path === '/crm/v3/objects/notes/search')).toHaveLength(3);

    const before = mock.requests.length;
    const capped = await read(250);
    expect(capped.capped).toBe(true);
    expect(capped.records).toHaveLength(250);
    const searches = mock.requests.slice(before).filter((r) => r.path === '/crm/v3/objects/notes/search');
    expect(searches.map((r) => (r.json as { limit: number }).limit)).toEqual([200, 50]);
  });

  it("waits out a short 429 (HubSpot's Retry-After) and reads on", async () => {
    mock = await startHubSpotMock({ now: () => now, engagements: [feedbackNoteSeed(makeAction({ type: 'lead_feedback', feedback: 'accepted' }), '51', '7')] });
    mock.setRateLimit({ max: 0, retryAfterSeconds: 1 });
    setTimeout(() => mock.setRateLimit(undefined), 300);
    const { records } = await read();
    expect(records).toHaveLength(1);
    expect(mock.requests.some((r) => r.path === '/crm/v3/objects/notes/search')).toBe(true);
  });

  it('fails in words on a daily 429, and on a wrong token (401)', async () => {
    mock = await startHubSpotMock({ now: () => now, engagements: [] });
    mock.setRateLimit({ max: 0, policyName: 'DAILY' });
    const limited = await read().catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(SourceError);
    expect((limited as SourceError).message).toContain('HubSpot');
    mock.setRateLimit(undefined);
    const denied = await read(1000, {}, 'pat-na1-wrong').catch((e: unknown) => e);
    expect((denied as SourceError).message).toBe('HubSpot rejected the token (401) — check it in Options');
  });
});
