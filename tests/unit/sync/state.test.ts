import { describe, expect, it } from 'vitest';
import { type SalesAction, isEditable } from '@/lib/model/action';
import { DEFAULT_POLICY, afterCheck, blockedByConfig, claim, isDue, recover, release, resend, revive, settle } from '@/lib/sync/state';
import { makeAction } from '../store/factory';

const T = Date.parse('2026-11-02T09:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const policy = { ...DEFAULT_POLICY, random: () => 0.5 };

function pending(sync: Partial<SalesAction['sync']> = {}): SalesAction {
  return makeAction({ sync: { state: 'pending', attempts: 0, destination: 'hubspot', updatedAt: iso(T - 1000), ...sync } });
}
function inflight(sync: Partial<SalesAction['sync']> = {}): SalesAction {
  return claim(pending(sync), T)!;
}

describe('claim: pending → inflight', () => {
  it('claims a due action and marks it uncertain from the moment of sending', () => {
    const claimed = claim(pending(), T)!;
    expect(claimed.sync).toMatchObject({ state: 'inflight', attempts: 0, uncertainSince: iso(T), updatedAt: iso(T) });
  });

  it('keeps the original uncertainSince of an action that was already uncertain', () => {
    expect(claim(pending({ uncertainSince: iso(T - 60_000) }), T)!.sync.uncertainSince).toBe(iso(T - 60_000));
  });

  it('refuses an action that is not due, already claimed, done or dead', () => {
    expect(claim(pending({ nextAttemptAt: iso(T + 1) }), T)).toBeUndefined();
    expect(isDue(pending({ nextAttemptAt: iso(T) }), T)).toBe(true);
    for (const state of ['inflight', 'done', 'dead'] as const) expect(claim(pending({ state }), T)).toBeUndefined();
  });
});

describe('settle: inflight → done / pending / dead', () => {
  it('delivered → done with the remote id; errors and uncertainty cleared', () => {
    const done = settle(inflight({ lastError: 'HTTP 503', attempts: 2 }), { kind: 'delivered', remoteId: 'n-1' }, T + 10, policy);
    expect(done.sync).toEqual({ state: 'done', attempts: 3, destination: 'hubspot', remoteId: 'n-1', updatedAt: iso(T + 10) });
  });

  it('retry → pending after a jittered backoff, counted, no longer uncertain', () => {
    const next = settle(inflight(), { kind: 'retry', error: 'HTTP 503' }, T, policy);
    expect(next.sync).toMatchObject({ state: 'pending', attempts: 1, lastError: 'HTTP 503', nextAttemptAt: iso(T + 1_000) });
    expect(next.sync.uncertainSince).toBeUndefined();
  });

  it('retry with Retry-After → not before the window ends', () => {
    const next = settle(inflight(), { kind: 'retry', error: 'HTTP 429', retryAfterMs: 90_000 }, T, policy);
    expect(Date.parse(next.sync.nextAttemptAt!)).toBe(T + 90_000);
  });

  it('uncertain → pending that keeps uncertainSince, so the next attempt looks first — not within 30 s of giving up on the answer', () => {
    // Sent at T, given up on at T + 20 s: the server may still be creating the record after that.
    const next = settle(inflight(), { kind: 'uncertain', error: 'No answer within 20 s' }, T + 20_000, policy);
    expect(next.sync).toMatchObject({ state: 'pending', attempts: 1, uncertainSince: iso(T), lastError: 'No answer within 20 s' });
    expect(next.sync.nextAttemptAt).toBe(iso(T + 50_000));
    // After a long backoff the backoff decides.
    const late = settle(inflight({ attempts: 6 }), { kind: 'uncertain', error: 'Connection reset' }, T + 5, policy);
    expect(late.sync.nextAttemptAt).toBe(iso(T + 5 + 64_000));
  });

  it('fatal → dead at once, with its error', () => {
    const dead = settle(inflight(), { kind: 'fatal', error: 'HTTP 400: property "hs_timestamp" is required' }, T, policy);
    expect(dead.sync).toMatchObject({ state: 'dead', attempts: 1, lastError: 'HTTP 400: property "hs_timestamp" is required' });
    expect(dead.sync.nextAttemptAt).toBeUndefined();
  });

  it('the 8th failed attempt → dead, keeping the last error', () => {
    const seventh = settle(inflight({ attempts: 6 }), { kind: 'retry', error: 'HTTP 502' }, T, policy);
    expect(seventh.sync.state).toBe('pending');
    const eighth = settle(claim(seventh, T + 3_600_000)!, { kind: 'retry', error: 'HTTP 502' }, T + 3_600_000, policy);
    expect(eighth.sync).toMatchObject({ state: 'dead', attempts: 8 });
    expect(eighth.sync.lastError).toContain('HTTP 502');
  });

  it('an uncertain last attempt stays uncertain when dead, so a retry still looks first', () => {
    const dead = settle(inflight({ attempts: 7 }), { kind: 'uncertain', error: 'No answer' }, T, policy);
    expect(dead.sync).toMatchObject({ state: 'dead', uncertainSince: iso(T) });
    expect(revive(dead, T + 1)!.sync).toMatchObject({ state: 'pending', attempts: 0, uncertainSince: iso(T), nextAttemptAt: iso(T + 1) });
  });

  it('a definite answer after an earlier uncertain request nobody looked for leaves it uncertain (and so not editable)', () => {
    const earlier = inflight({ attempts: 1, uncertainSince: iso(T - 600_000) });
    const retried = settle(earlier, { kind: 'retry', error: 'HTTP 429', retryAfterMs: 1_000 }, T, policy, true);
    // A 429 with its Retry-After uses no attempt (the destination's quota, not the action failing).
    expect(retried.sync).toMatchObject({ state: 'pending', attempts: 1, uncertainSince: iso(T - 600_000), nextAttemptAt: iso(T + 1_000) });
    expect(isEditable(retried)).toBe(false);
    expect(settle(earlier, { kind: 'fatal', error: 'HTTP 401' }, T, policy, true).sync).toMatchObject({ state: 'dead', uncertainSince: iso(T - 600_000) });
    expect(settle(earlier, { kind: 'not-sent', error: 'No access' }, T, policy, true).sync).toMatchObject({ state: 'pending', uncertainSince: iso(T - 600_000) });
    expect(settle(inflight({ attempts: 7, uncertainSince: iso(T - 600_000) }), { kind: 'retry', error: 'HTTP 503' }, T, policy, true).sync).toMatchObject({ state: 'dead', uncertainSince: iso(T - 600_000) });
    // Looked for and not found (resend), the same answers make it certain, and editable, again.
    const looked = settle(earlier, { kind: 'retry', error: 'HTTP 429' }, T, policy);
    expect(looked.sync.uncertainSince).toBeUndefined();
    expect(isEditable(looked)).toBe(true);
  });

  it('never loses the action itself', () => {
    const action = inflight();
    const outcomes = [{ kind: 'delivered' }, { kind: 'retry', error: 'x' }, { kind: 'uncertain', error: 'x' }, { kind: 'fatal', error: 'x' }] as const;
    for (const outcome of outcomes) {
      const { sync: _after, ...rest } = settle(action, outcome, T, policy);
      const { sync: _before, ...original } = action;
      expect(rest).toEqual(original);
    }
  });
});

describe('afterCheck: asking the destination about an uncertain action', () => {
  it('found → done with the existing record, without counting an attempt', () => {
    const done = afterCheck(inflight({ attempts: 1, uncertainSince: iso(T - 5_000) }), { found: true, remoteId: 'n-9' }, T, policy)!;
    expect(done.sync).toMatchObject({ state: 'done', remoteId: 'n-9', attempts: 1 });
    expect(done.sync.uncertainSince).toBeUndefined();
  });

  it('not found → nothing to store: deliver now', () => {
    expect(afterCheck(inflight(), { found: false }, T, policy)).toBeUndefined();
  });

  it('unknown → pending again soon, not counted, checks spaced out as the doubt lasts', () => {
    const early = afterCheck(inflight({ attempts: 2, uncertainSince: iso(T - 1_000) }), { unknown: 'HTTP 503 from search' }, T, policy)!;
    expect(early.sync).toMatchObject({ state: 'pending', attempts: 2, lastError: 'HTTP 503 from search', nextAttemptAt: iso(T + 30_000) });
    expect(early.sync.uncertainSince).toBe(iso(T - 1_000));
    const later = afterCheck(inflight({ uncertainSince: iso(T - 10 * 60_000) }), { unknown: 'x' }, T, policy)!;
    expect(later.sync.nextAttemptAt).toBe(iso(T + 10 * 60_000));
    const long = afterCheck(inflight({ uncertainSince: iso(T - 5 * 3_600_000) }), { unknown: 'x' }, T, policy)!;
    expect(long.sync.nextAttemptAt).toBe(iso(T + 30 * 60_000));
  });

  it('unknown for a whole day, and three looks in a row could not tell → dead with the reason, still uncertain', () => {
    const dead = afterCheck(inflight({ uncertainSince: iso(T - 24 * 3_600_000) }), { unknown: 'HTTP 503 from search' }, T, policy, 3)!;
    expect(dead.sync.state).toBe('dead');
    expect(dead.sync.lastError).toContain('Could not confirm whether it arrived: HTTP 503 from search');
    expect(dead.sync.uncertainSince).toBeDefined();
  });
});

describe('afterCheck after a laptop slept through the day', () => {
  it('a day has passed but only one or two looks could not tell → pending, looked at again', () => {
    const weekend = inflight({ uncertainSince: iso(T - 63 * 3_600_000) });
    for (const looks of [1, 2]) {
      const next = afterCheck(weekend, { unknown: 'Failed to fetch' }, T, policy, looks)!;
      expect(next.sync).toMatchObject({ state: 'pending', nextAttemptAt: iso(T + 30 * 60_000) });
    }
    expect(afterCheck(weekend, { unknown: 'Failed to fetch' }, T, policy, 3)!.sync.state).toBe('dead');
  });
});

describe('other transitions', () => {
  it('an action found inflight at start-up → pending, uncertain, its interrupted attempt counted', () => {
    const recovered = recover(inflight({ attempts: 1 }), T + 60_000, policy)!;
    expect(recovered.sync).toMatchObject({ state: 'pending', attempts: 2, uncertainSince: iso(T), nextAttemptAt: iso(T + 62_000) });
    expect(recovered.sync.lastError).toMatch(/Interrupted/);
    expect(recover(pending(), T, policy)).toBeUndefined();
  });

  it('an action found inflight at start-up is looked at 30 s after the worker stopped waiting at the latest', () => {
    // Sent at T: the worker died by the start (T + 5 s), or by the request's 30 s deadline, whichever came first.
    expect(recover(inflight(), T + 5_000, policy)!.sync.nextAttemptAt).toBe(iso(T + 35_000));
    expect(recover(inflight(), T + 40_000, policy)!.sync.nextAttemptAt).toBe(iso(T + 60_000));
    expect(recover(inflight(), T + 600_000, policy)!.sync.nextAttemptAt).toBe(iso(T + 601_000)); // long past: the backoff decides
  });

  it('resend, after a look found nothing: uncertain from the request about to go out, only while inflight', () => {
    const checked = inflight({ uncertainSince: iso(T - 600_000) });
    expect(resend(checked, T + 5)!.sync).toMatchObject({ state: 'inflight', uncertainSince: iso(T + 5), updatedAt: iso(T + 5) });
    expect(resend(pending({ uncertainSince: iso(T - 600_000) }), T + 5)).toBeUndefined();
  });

  it('release → pending, uncounted, uncertain only if it was before the claim', () => {
    expect(release(inflight(), T, false).sync).toEqual({ state: 'pending', attempts: 0, destination: 'hubspot', updatedAt: iso(T) });
    expect(release(inflight({ uncertainSince: iso(T - 9) }), T, true).sync.uncertainSince).toBe(iso(T - 9));
  });

  it('a missing destination leaves the action pending with the reason, once', () => {
    const blocked = blockedByConfig(pending(), T, 'HubSpot is not connected')!;
    expect(blocked.sync).toMatchObject({ state: 'pending', attempts: 0, lastError: 'HubSpot is not connected' });
    expect(blockedByConfig(blocked, T + 1, 'HubSpot is not connected')).toBeUndefined();
  });

  it('retry (revive) only brings back a dead action', () => {
    expect(revive(pending(), T)).toBeUndefined();
    expect(revive(pending({ state: 'done' }), T)).toBeUndefined();
  });
});
