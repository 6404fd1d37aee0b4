import { describe, expect, it } from 'vitest';
import type { DestinationKind } from '@/lib/model/action';
import { getAction, putAction, updateAction } from '@/lib/store/outbox';
import { createAction, logAction, retryAction } from '@/lib/sync/actions';
import { type DrainOptions, drainOutbox, nextWakeAt } from '@/lib/sync/drain';
import { DestinationGate } from '@/lib/sync/rate-limit';
import type { Destination } from '@/lib/sync/types';
import { type Answer, FakeDestination, START, callInput, fakeClock, freshDatabasePerTest } from './helpers';

freshDatabasePerTest();
const clock = fakeClock();

/** Answers in order, then "delivered" for everything after. */
function answers(...list: Answer[]): () => Answer {
  return () => list.shift() ?? { kind: 'delivered' };
}

function drainWith(destinations: Partial<Record<DestinationKind, Destination>>, extra: Partial<DrainOptions> = {}) {
  const gate = new DestinationGate();
  const options: DrainOptions = {
    resolveDestination: (kind) => destinations[kind],
    getProspect: () => undefined,
    sleep: clock.sleep,
    gate,
    policy: { random: () => 0.5 },
    ...extra,
  };
  return { drain: () => drainOutbox(options), wake: () => nextWakeAt(options), gate };
}

async function logMany(n: number, destination: DestinationKind) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push((await logAction(callInput({ notes: `Call ${i}` }), destination)).id);
    clock.advance(1);
  }
  return ids;
}

describe('drainOutbox', () => {
  it('delivers due actions oldest first and stores the remote id', async () => {
    const hubspot = new FakeDestination('hubspot', clock.now);
    const later = await putAction(createAction(callInput({ notes: 'second' }), 'hubspot', START + 5));
    const first = await putAction(createAction(callInput({ notes: 'first' }), 'hubspot', START));
    const { drain, wake } = drainWith({ hubspot });
    clock.advance(10);

    expect(await drain()).toEqual({ attempted: 2, delivered: 2, retried: 0, dead: 0 });
    expect(hubspot.requests.map((r) => r.id)).toEqual([first.id, later.id]);
    expect((await getAction(first.id))!.sync).toMatchObject({ state: 'done', attempts: 1, remoteId: 'remote-1' });
    expect(await wake()).toBeUndefined();
  });

  it('retries after a failure with backoff, and not before', async () => {
    const webhook = new FakeDestination('webhook', clock.now, answers({ kind: 'retry', error: 'HTTP 503' }));
    const [id] = await logMany(1, 'webhook');
    const { drain, wake } = drainWith({ webhook });

    expect(await drain()).toMatchObject({ attempted: 1, retried: 1 });
    const waiting = (await getAction(id!))!;
    expect(waiting.sync).toMatchObject({ state: 'pending', attempts: 1, lastError: 'HTTP 503' });
    const due = Date.parse(waiting.sync.nextAttemptAt!);
    expect(await wake()).toBe(due);

    clock.set(due - 1);
    expect(await drain()).toMatchObject({ attempted: 0 });
    clock.set(due);
    expect(await drain()).toMatchObject({ attempted: 1, delivered: 1 });
    expect(webhook.requests).toHaveLength(2);
  });

  it('sends nothing to a destination inside its Retry-After window, for any action; other destinations go on', async () => {
    const hubspot = new FakeDestination('hubspot', clock.now, answers({ kind: 'retry', error: 'HTTP 429', retryAfterMs: 60_000 }));
    const webhook = new FakeDestination('webhook', clock.now);
    const ids = await logMany(3, 'hubspot');
    await logMany(1, 'webhook');
    const { drain, wake } = drainWith({ hubspot, webhook });

    expect(await drain()).toEqual({ attempted: 2, delivered: 1, retried: 1, dead: 0 });
    expect(hubspot.requests.map((r) => r.id)).toEqual([ids[0]]);
    expect(webhook.requests).toHaveLength(1);
    const blockedFrom = clock.now();
    expect(await wake()).toBe(blockedFrom + 60_000);

    clock.advance(30_000);
    expect(await drain()).toMatchObject({ attempted: 0 });
    clock.advance(30_000);
    expect(await drain()).toMatchObject({ attempted: 3, delivered: 3 });
    expect(hubspot.insideRetryAfter).toEqual([]);
    expect(hubspot.recordCount()).toBe(3);
  });

  it('after the clock steps back, a backoff and a Retry-After set before the step are over: the next drain ("Sync now") sends', async () => {
    const hubspot = new FakeDestination('hubspot', clock.now, answers({ kind: 'retry', error: 'HTTP 429', retryAfterMs: 60_000 }));
    const [id] = await logMany(1, 'hubspot');
    const { drain, wake } = drainWith({ hubspot });
    await drain();
    const blockedFrom = clock.now();
    expect(Date.parse((await getAction(id!))!.sync.nextAttemptAt!)).toBe(blockedFrom + 60_000);

    // A step back of seconds only lengthens the wait by as much.
    clock.advance(-10_000);
    expect(await wake()).toBe(blockedFrom + 60_000);
    expect(await drain()).toMatchObject({ attempted: 0 });

    // NTP steps the clock back three hours (the machine booted with local time in its clock).
    clock.advance(-3 * 3_600_000);
    expect(await wake()).toBe(clock.now());
    expect(await drain()).toMatchObject({ attempted: 1, delivered: 1 });
    expect(hubspot.recordCount()).toBe(1);
  });

  it("paces requests to the destination's rate", async () => {
    const mautic = new FakeDestination('mautic', clock.now, undefined, undefined, 2);
    await logMany(6, 'mautic');
    const { drain } = drainWith({ mautic });
    const start = clock.now();

    expect(await drain()).toMatchObject({ delivered: 6 });
    // A burst of 2, then one every 500 ms.
    expect(mautic.requests.map((r) => r.at - start)).toEqual([0, 0, 500, 1000, 1500, 2000]);
  });

  it('gives up after 8 failed attempts, keeps the error, and a retry sends it again', async () => {
    const mautic = new FakeDestination('mautic', clock.now, () => ({ kind: 'retry', error: 'HTTP 502 Bad Gateway' }));
    const [id] = await logMany(1, 'mautic');
    const { drain, wake } = drainWith({ mautic });
    for (let i = 0; i < 8; i++) {
      await drain();
      clock.set((await wake()) ?? clock.now());
    }
    const dead = (await getAction(id!))!;
    expect(dead.sync).toMatchObject({ state: 'dead', attempts: 8 });
    expect(dead.sync.lastError).toContain('HTTP 502 Bad Gateway');
    expect(mautic.requests).toHaveLength(8);
    expect(await wake()).toBeUndefined();

    mautic.answer = () => ({ kind: 'delivered' });
    await retryAction(id!);
    expect(await drain()).toMatchObject({ delivered: 1 });
    expect((await getAction(id!))!.sync).toMatchObject({ state: 'done', attempts: 1 });
  });

  it('a refusal (fatal) is dead at once with its error', async () => {
    const hubspot = new FakeDestination('hubspot', clock.now, () => ({ kind: 'fatal', error: 'HTTP 400: contact not found' }));
    const [id] = await logMany(1, 'hubspot');
    expect(await drainWith({ hubspot }).drain()).toEqual({ attempted: 1, delivered: 0, retried: 0, dead: 1 });
    expect((await getAction(id!))!.sync).toMatchObject({ state: 'dead', lastError: 'HTTP 400: contact not found' });
  });

  it('keeps actions for a destination that is not connected pending, saying so, and sends them once it is', async () => {
    const [id] = await logMany(1, 'hubspot');
    const disconnected = drainWith({});
    expect(await disconnected.drain()).toMatchObject({ attempted: 0 });
    expect((await getAction(id!))!.sync).toMatchObject({ state: 'pending', attempts: 0 });
    expect((await getAction(id!))!.sync.lastError).toMatch(/^HubSpot is not connected/);
    expect(await disconnected.wake()).toBeUndefined();

    const hubspot = new FakeDestination('hubspot', clock.now);
    expect(await drainWith({ hubspot }).drain()).toMatchObject({ delivered: 1 });
    expect((await getAction(id!))!.sync.lastError).toBeUndefined();
  });

  it('sends local actions through the same path when one is pending', async () => {
    const [id] = await logMany(1, 'webhook');
    await updateAction(id!, (a) => ({ ...a, sync: { ...a.sync, destination: 'local' } }));
    expect(await drainWith({}).drain()).toMatchObject({ delivered: 1 });
    expect((await getAction(id!))!.sync.state).toBe('done');
  });

  it('aborts a request that hangs and treats it as uncertain; the next attempt looks first', async () => {
    const webhook = new FakeDestination('webhook', clock.now, answers('hang'));
    const [id] = await logMany(1, 'webhook');
    const { drain, wake } = drainWith({ webhook }, { policy: { timeoutMs: 20, random: () => 0.5 } });

    expect(await drain()).toMatchObject({ retried: 1 });
    const uncertain = (await getAction(id!))!;
    expect(uncertain.sync.lastError).toBe('No answer from The webhook within 20 ms');
    expect(uncertain.sync.uncertainSince).toBeDefined();

    clock.set((await wake())!);
    expect(await drain()).toMatchObject({ delivered: 1 });
    expect(webhook.requests.map((r) => r.kind)).toEqual(['deliver', 'find', 'deliver']);
    expect(webhook.recordCount()).toBe(1);
  });

  it('a response lost on the way back is found at the destination, not sent twice', async () => {
    const hubspot = new FakeDestination('hubspot', clock.now, answers('lost-response'));
    const [id] = await logMany(1, 'hubspot');
    const { drain, wake } = drainWith({ hubspot });

    await drain();
    clock.set((await wake())!);
    expect(await drain()).toMatchObject({ delivered: 1 });
    expect(hubspot.requests.map((r) => r.kind)).toEqual(['deliver', 'find']);
    expect(hubspot.recordCount()).toBe(1);
    expect((await getAction(id!))!.sync).toMatchObject({ state: 'done', remoteId: 'remote-1' });
  });

  it('when the destination cannot tell, waits and asks again without sending or counting a failure', async () => {
    const hubspot = new FakeDestination('hubspot', clock.now, answers('lost-response'));
    hubspot.check = () => ({ unknown: 'Search is unavailable (HTTP 503)' });
    const [id] = await logMany(1, 'hubspot');
    const { drain, wake } = drainWith({ hubspot });

    await drain();
    clock.set((await wake())!);
    await drain();
    const waiting = (await getAction(id!))!;
    expect(waiting.sync).toMatchObject({ state: 'pending', attempts: 1, lastError: 'Search is unavailable (HTTP 503)' });
    expect(Date.parse(waiting.sync.nextAttemptAt!)).toBe(clock.now() + 30_000);

    hubspot.check = () => 'truth';
    clock.set((await wake())!);
    expect(await drain()).toMatchObject({ delivered: 1 });
    expect(hubspot.requests.map((r) => r.kind)).toEqual(['deliver', 'find', 'find']);
    expect(hubspot.recordCount()).toBe(1);
  });

  it('uncertain across a weekend asleep: the first look on waking cannot tell and it stays pending; dead after three such looks', async () => {
    const hubspot = new FakeDestination('hubspot', clock.now, undefined, () => ({ unknown: 'Failed to fetch' }));
    const [id] = await logMany(1, 'hubspot');
    const friday = clock.now();
    await updateAction(id!, (a) => ({ ...a, sync: { ...a.sync, attempts: 1, uncertainSince: new Date(friday).toISOString(), nextAttemptAt: new Date(friday + 30_000).toISOString(), lastError: 'timed out' } }));
    const { drain, wake } = drainWith({ hubspot });
    clock.advance(63 * 3_600_000); // Monday morning

    await drain();
    expect((await getAction(id!))!.sync.state).toBe('pending');
    clock.set((await wake())!);
    await drain();
    expect((await getAction(id!))!.sync.state).toBe('pending');
    clock.set((await wake())!);
    await drain();
    expect((await getAction(id!))!.sync).toMatchObject({ state: 'dead', uncertainSince: new Date(friday).toISOString() });
    expect(hubspot.requests.map((r) => r.kind)).toEqual(['find', 'find', 'find']);

    // Retry looks three times again before giving up (the count started over).
    await retryAction(id!);
    await drain();
    expect((await getAction(id!))!.sync.state).toBe('pending');
  });

  /** Drains at each wake-up until the action is done (at most `rounds` times). */
  async function drainUntilDone(drain: () => Promise<unknown>, wake: () => Promise<number | undefined>, id: string, rounds = 10) {
    for (let i = 0; i < rounds && (await getAction(id))!.sync.state !== 'done'; i++) {
      clock.set((await wake())!);
      await drain();
    }
  }

  it('sent again after a look found nothing, and given up on: looks again no sooner than 30 s after giving up', async () => {
    // The second request is answered by a reset 20 s after it went out; the server still creates the
    // record 15 s after that. Counting the 30 s from the sending would look at 30 s and send it a third time.
    const hubspot = new FakeDestination('hubspot', clock.now, (() => {
      let call = 0;
      return () => {
        if (++call === 1) return 'hang';
        if (call > 2) return { kind: 'delivered' };
        clock.advance(20_000);
        return 'lost-response';
      };
    })());
    hubspot.visibleAfterMs = 15_000;
    const [id] = await logMany(1, 'hubspot');
    const { drain, wake } = drainWith({ hubspot }, { policy: { timeoutMs: 20, random: () => 0.5 } });

    await drain();
    await drainUntilDone(drain, wake, id!);
    expect(hubspot.requests.map((r) => r.kind)).toEqual(['deliver', 'find', 'deliver', 'find']);
    expect(hubspot.recordCount()).toBe(1);
    expect((await getAction(id!))!.sync.state).toBe('done');
  });

  it('sent again after a look found nothing: a search that settles is waited for from the second request, not the first', async () => {
    // HubSpot-like: search answers "cannot tell" for 60 s after the action became uncertain, and finds a
    // record 50 s after it was created. Counting from the first request would search 30 s after the second.
    const hubspot = new FakeDestination('hubspot', clock.now, answers('hang', 'record-then-hang'));
    hubspot.settleMs = 60_000;
    hubspot.visibleAfterMs = 50_000;
    const [id] = await logMany(1, 'hubspot');
    const { drain, wake } = drainWith({ hubspot }, { policy: { timeoutMs: 20, random: () => 0.5 } });

    await drain();
    await drainUntilDone(drain, wake, id!);
    expect(hubspot.requests.filter((r) => r.kind === 'deliver')).toHaveLength(2);
    expect(hubspot.recordCount()).toBe(1);
    expect((await getAction(id!))!.sync.state).toBe('done');
  });

  it('without findExisting, an uncertain action is sent again (the destination must dedupe by id)', async () => {
    const fake = new FakeDestination('webhook', clock.now, answers('lost-response'));
    const webhook: Destination = { kind: 'webhook', ratePerSecond: 10, deliver: (a) => fake.deliver(a) };
    await logMany(1, 'webhook');
    const { drain, wake } = drainWith({ webhook });
    await drain();
    clock.set((await wake())!);
    await drain();
    expect(fake.requests.map((r) => r.kind)).toEqual(['deliver', 'deliver']);
  });

  it('a destination that throws is treated as uncertain, not as lost', async () => {
    const webhook: Destination = { kind: 'webhook', ratePerSecond: 10, deliver: () => Promise.reject(new TypeError('Failed to fetch')) };
    const [id] = await logMany(1, 'webhook');
    await drainWith({ webhook }).drain();
    expect((await getAction(id!))!.sync).toMatchObject({ state: 'pending', lastError: 'The webhook failed: Failed to fetch' });
    expect((await getAction(id!))!.sync.uncertainSince).toBeDefined();
  });

  it('never leaves an action inflight when something breaks mid-attempt', async () => {
    const webhook = new FakeDestination('webhook', clock.now);
    const [id] = await logMany(1, 'webhook');
    const broken = drainWith({ webhook }, { getProspect: () => Promise.reject(new Error('The database connection is closing')) });
    expect(await broken.drain()).toMatchObject({ retried: 1 });
    expect((await getAction(id!))!.sync).toMatchObject({ state: 'pending', attempts: 1, lastError: 'Sync failed: The database connection is closing' });
  });

  it('runs one drain at a time: a second call joins it, and an action logged meanwhile is sent by it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inner = new FakeDestination('webhook', clock.now);
    const webhook: Destination = { kind: 'webhook', ratePerSecond: 100, deliver: async (a) => (await gate, inner.deliver(a)) };
    await logMany(1, 'webhook');
    const { drain } = drainWith({ webhook });

    const first = drain();
    const second = drain();
    expect(second).toBe(first);
    const late = await logAction(callInput({ notes: 'logged while sending' }), 'webhook');
    drain();
    release();
    expect(await first).toMatchObject({ attempted: 2, delivered: 2 });
    expect(inner.recordCount()).toBe(2);
    expect((await getAction(late.id))!.sync.state).toBe('done');
  });

  it('attempts at most maxBatch actions per call', async () => {
    const webhook = new FakeDestination('webhook', clock.now, undefined, undefined, 1000);
    await logMany(5, 'webhook');
    const { drain } = drainWith({ webhook }, { maxBatch: 3 });
    expect(await drain()).toMatchObject({ attempted: 3 });
    expect(await drain()).toMatchObject({ attempted: 2 });
  });

  it('leaves rows it did not claim alone', async () => {
    const webhook = new FakeDestination('webhook', clock.now);
    const [id] = await logMany(1, 'webhook');
    await updateAction(id!, (a) => ({ ...a, sync: { ...a.sync, state: 'inflight' } }));
    expect(await drainWith({ webhook }).drain()).toMatchObject({ attempted: 0 });
    expect(webhook.requests).toEqual([]);
  });
});

describe('lead feedback and stage changes for one person', () => {
  const verdict = (feedback: 'accepted' | 'rejected') =>
    callInput({ type: 'lead_feedback', feedback, ...(feedback === 'rejected' ? { rejectReason: 'no_budget' } : {}), notes: feedback });

  it('reach the destination in the order the rep made them, even when the older one waits (uncertain) and the newer is due', async () => {
    const salesforce = new FakeDestination('salesforce', clock.now, answers({ kind: 'uncertain', error: 'connection reset after sending' }));
    const accepted = await logAction(verdict('accepted'), 'salesforce');
    clock.advance(1);
    const { drain, wake } = drainWith({ salesforce });
    await drain();
    // The acceptance's answer was lost: it is looked for later. The rejection, made now, waits behind it.
    const rejected = await logAction(verdict('rejected'), 'salesforce');
    await drain();
    expect(salesforce.requests.map((r) => r.id)).toEqual([accepted.id]);
    // The next wake is the acceptance's own time, not "now" for the waiting rejection.
    expect(await wake()).toBe((await getAction(accepted.id))!.sync.nextAttemptAt ? Date.parse((await getAction(accepted.id))!.sync.nextAttemptAt!) : undefined);

    clock.advance(120_000);
    await drain();
    // The acceptance is looked for and sent again first; only then the rejection, so it is what stays.
    const ids = salesforce.requests.map((r) => r.id);
    expect(ids.at(-1)).toBe(rejected.id);
    expect(ids.lastIndexOf(accepted.id)).toBeLessThan(ids.indexOf(rejected.id));
    expect((await getAction(rejected.id))!.sync.state).toBe('done');
  });

  it('leave other people and other types alone', async () => {
    const salesforce = new FakeDestination('salesforce', clock.now, answers({ kind: 'uncertain', error: 'connection reset after sending' }));
    await logAction(verdict('accepted'), 'salesforce');
    clock.advance(1);
    const { drain } = drainWith({ salesforce });
    await drain();
    const call = await logAction(callInput(), 'salesforce');
    const otherPerson = await logAction({ ...verdict('rejected'), prospectKey: 'lee@contoso.example' }, 'salesforce');
    await drain();
    expect(salesforce.requests.map((r) => r.id).slice(1).sort()).toEqual([call.id, otherPerson.id].sort());
  });
});
