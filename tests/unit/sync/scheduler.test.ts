import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getAction, putAction } from '@/lib/store/outbox';
import { createAction, logAction } from '@/lib/sync/actions';
import { claim } from '@/lib/sync/state';
import { SYNC_ALARM, SYNC_SOON_ALARM, type SyncController, type SyncDeps, startSync } from '@/lib/sync/scheduler';
import { type Answer, FakeDestination, callInput, fakeClock, freshDatabasePerTest } from './helpers';

freshDatabasePerTest();
// Alarms in the fake browser are scheduled on real time, so the test clock starts at real time.
const clock = fakeClock(Date.now());

let controller: SyncController | undefined;
afterEach(async () => {
  await controller?.stop();
  controller = undefined;
});

function start(destination: FakeDestination, extra: Partial<SyncDeps> = {}) {
  controller = startSync({
    resolveDestination: (kind) => (kind === destination.kind ? destination : undefined),
    getProspect: () => undefined,
    notificationIcon: 'chrome-extension://test/icon/128.png',
    policy: { random: () => 0.5 },
    ...extra,
  });
  return controller;
}

const delivered = (destination: FakeDestination, n: number, timeout = 1_000) =>
  vi.waitFor(() => expect(destination.recordCount()).toBe(n), { timeout });

describe('startSync', () => {
  it('registers its alarm and online listeners before any await, and keeps a 1-minute alarm', async () => {
    const hubspot = new FakeDestination('hubspot', clock.now);
    const addListener = vi.spyOn(fakeBrowser.alarms.onAlarm, 'addListener');
    const addEventListener = vi.spyOn(globalThis, 'addEventListener');
    start(hubspot);
    expect(addListener).toHaveBeenCalledTimes(1);
    expect(addEventListener).toHaveBeenCalledWith('online', expect.any(Function));

    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(SYNC_ALARM)).toMatchObject({ periodInMinutes: 1 }));
  });

  it('drains on start, first turning rows a dead worker left inflight into uncertain ones', async () => {
    const hubspot = new FakeDestination('hubspot', clock.now);
    const interrupted = await putAction(claim(createAction(callInput(), 'hubspot'), clock.now())!);
    hubspot.records.set(interrupted.id, ['remote-from-before']);
    // The worker died a while ago; the next one starts now.
    clock.advance(60_000);
    const fresh = await logAction(callInput(), 'hubspot');
    const onSynced = vi.fn();

    start(hubspot, { policy: { random: () => 0 }, onSynced });
    await delivered(hubspot, 2);
    expect(hubspot.requests.map((r) => [r.kind, r.id])).toEqual([
      ['find', interrupted.id],
      ['deliver', fresh.id],
    ]);
    expect((await getAction(interrupted.id))!.sync).toMatchObject({ state: 'done', remoteId: 'remote-from-before' });
    await vi.waitFor(() => expect(onSynced).toHaveBeenLastCalledWith(expect.objectContaining({ delivered: 2 }), { waiting: 0, dead: 0 }));
  });

  it('drains on the sync alarm, when the browser comes online, and when kicked', async () => {
    const webhook = new FakeDestination('webhook', clock.now);
    const sync = start(webhook);
    await sync.syncNow();

    await logAction(callInput(), 'webhook');
    await fakeBrowser.alarms.onAlarm.trigger({ name: SYNC_ALARM, scheduledTime: clock.now() });
    await delivered(webhook, 1);

    await logAction(callInput(), 'webhook');
    globalThis.dispatchEvent(new Event('online'));
    await delivered(webhook, 2);

    await logAction(callInput(), 'webhook');
    sync.kick();
    await delivered(webhook, 3);
  });

  it('sets a one-shot alarm (and a timer) for a retry due before the next periodic alarm', async () => {
    const replies: Answer[] = [{ kind: 'retry', error: 'HTTP 503' }];
    const webhook = new FakeDestination('webhook', clock.now, () => replies.shift() ?? { kind: 'delivered' });
    const sync = start(webhook);
    await sync.syncNow();
    const action = await logAction(callInput(), 'webhook');
    await sync.syncNow();

    const due = Date.parse((await getAction(action.id))!.sync.nextAttemptAt!);
    expect(await fakeBrowser.alarms.get(SYNC_SOON_ALARM)).toMatchObject({ scheduledTime: due });
    // The timer fires within the worker's life (a second after the drain at the soonest): the retry
    // goes without waiting for any alarm.
    clock.set(due);
    await delivered(webhook, 1, 3_000);
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(SYNC_SOON_ALARM)).toBeUndefined());
  });

  it('checks task reminders on the periodic alarm', async () => {
    const webhook = new FakeDestination('webhook', clock.now);
    const sync = start(webhook);
    await sync.syncNow();
    await logAction(callInput({ type: 'task', dueAt: new Date(clock.now() + 60_000).toISOString() }), 'local');

    clock.advance(60_000);
    await fakeBrowser.alarms.onAlarm.trigger({ name: SYNC_ALARM, scheduledTime: clock.now() });
    await vi.waitFor(async () => expect(Object.keys(await fakeBrowser.notifications.getAll())).toHaveLength(1));
  });
});
