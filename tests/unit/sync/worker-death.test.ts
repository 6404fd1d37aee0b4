/**
 * The worker dies mid-request: the request reached the destination (or did not), the outcome was
 * never stored, and a fresh worker — new module instances, the same IndexedDB — takes over.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeDestination, callInput, fakeClock, freshDatabasePerTest } from './helpers';

freshDatabasePerTest();
const clock = fakeClock();

type DrainModule = typeof import('@/lib/sync/drain');

const restoreClocks: (() => void)[] = [];
afterEach(() => restoreClocks.splice(0).forEach((restore) => restore()));

/**
 * A worker's own copy of the modules: module state (the running drain, the rate-limit gate, the
 * database connection, the clock) is per worker; the database is shared. Its clock is the test's.
 */
async function bootWorker(): Promise<{ drain: DrainModule; outbox: typeof import('@/lib/store/outbox') }> {
  vi.resetModules();
  restoreClocks.push((await import('@/lib/clock')).setClock(clock.now));
  return { drain: await import('@/lib/sync/drain'), outbox: await import('@/lib/store/outbox') };
}

async function untilRequested(destination: FakeDestination, n: number) {
  await vi.waitFor(() => expect(destination.requests.length).toBeGreaterThanOrEqual(n));
}

describe('a worker that dies mid-request', () => {
  it.each([
    ['the request had arrived', 'record-then-hang' as const, ['deliver', 'find'], 'remote-1'],
    ['the request never arrived', 'hang' as const, ['deliver', 'find', 'deliver'], 'remote-1'],
  ])('%s: the next worker asks first, and the destination ends with exactly one record', async (_, dying, expectedRequests, remoteId) => {
    const hubspot = new FakeDestination('hubspot', clock.now, () => dying);
    const first = await bootWorker();
    const { logAction } = await import('@/lib/sync/actions');
    const action = await logAction(callInput(), 'hubspot');

    // Worker 1 sends, and is stopped before the answer: its drain never finishes.
    const stopWorker1 = new AbortController();
    const zombie = first.drain.drainOutbox({
      resolveDestination: () => hubspot,
      getProspect: () => undefined,
      signal: stopWorker1.signal,
      policy: { timeoutMs: 3_600_000 },
    });
    await untilRequested(hubspot, 1);
    expect((await first.outbox.getAction(action.id))!.sync.state).toBe('inflight');

    // Worker 2 starts: the inflight row becomes uncertain, and the drain asks before sending.
    clock.advance(40_000);
    const second = await bootWorker();
    expect(await second.drain.recoverInterrupted()).toBe(1);
    const recovered = (await second.outbox.getAction(action.id))!;
    expect(recovered.sync).toMatchObject({ state: 'pending', attempts: 1 });
    expect(recovered.sync.uncertainSince).toBeDefined();

    hubspot.answer = () => ({ kind: 'delivered' });
    clock.advance(60_000);
    const result = await second.drain.drainOutbox({ resolveDestination: () => hubspot, getProspect: () => undefined, policy: { random: () => 0 } });
    expect(result).toMatchObject({ delivered: 1 });
    expect(hubspot.requests.map((r) => r.kind)).toEqual(expectedRequests);
    expect(hubspot.records.get(action.id)).toEqual([remoteId]);
    expect((await second.outbox.getAction(action.id))!.sync).toMatchObject({ state: 'done', remoteId });

    // Had worker 1 somehow lived on, its late outcome must not overwrite what worker 2 stored.
    stopWorker1.abort();
    await zombie;
    expect((await second.outbox.getAction(action.id))!.sync).toMatchObject({ state: 'done', remoteId });
  });
});

describe('a worker that dies while sending an action again', () => {
  it('leaves the second request’s time behind, so a search that settles is waited for from it: one record', async () => {
    // HubSpot-like: "cannot tell" for 60 s after the action became uncertain; a record is found 50 s after it was made.
    const hubspot = new FakeDestination('hubspot', clock.now, () => 'hang');
    hubspot.settleMs = 60_000;
    hubspot.visibleAfterMs = 50_000;
    const options = (signal?: AbortSignal) => ({ resolveDestination: () => hubspot, getProspect: () => undefined, signal, policy: { timeoutMs: 3_600_000, random: () => 0 } });
    const first = await bootWorker();
    const { logAction } = await import('@/lib/sync/actions');
    const action = await logAction(callInput(), 'hubspot');

    // Worker 1 sends; nothing arrives, and it is stopped.
    const stop1 = new AbortController();
    const zombie1 = first.drain.drainOutbox(options(stop1.signal));
    await untilRequested(hubspot, 1);

    // Worker 2, a minute later: looks (nothing there), sends again (that one arrives), and is stopped too.
    clock.advance(61_000);
    const second = await bootWorker();
    await second.drain.recoverInterrupted();
    hubspot.answer = () => 'record-then-hang';
    clock.set((await second.drain.nextWakeAt(options()))!);
    const stop2 = new AbortController();
    const zombie2 = second.drain.drainOutbox(options(stop2.signal));
    await untilRequested(hubspot, 3);
    expect(hubspot.requests.map((r) => r.kind)).toEqual(['deliver', 'find', 'deliver']);

    // Worker 3: whatever it does, the second request's record is found, not made again.
    clock.advance(40_000);
    const third = await bootWorker();
    await third.drain.recoverInterrupted();
    hubspot.answer = () => ({ kind: 'delivered' });
    for (let i = 0; i < 10 && (await third.outbox.getAction(action.id))!.sync.state !== 'done'; i++) {
      clock.set(Math.max(clock.now(), (await third.drain.nextWakeAt(options())) ?? clock.now()));
      await third.drain.drainOutbox(options());
    }
    expect(hubspot.recordCount()).toBe(1);
    expect((await third.outbox.getAction(action.id))!.sync).toMatchObject({ state: 'done', remoteId: 'remote-1' });

    stop1.abort();
    stop2.abort();
    await Promise.all([zombie1, zombie2]);
  });
});
