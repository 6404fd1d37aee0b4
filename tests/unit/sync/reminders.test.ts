import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getAction, updateAction } from '@/lib/store/outbox';
import { logAction } from '@/lib/sync/actions';
import { drainOutbox } from '@/lib/sync/drain';
import { DestinationGate } from '@/lib/sync/rate-limit';
import { REMINDER_PREFIX, notifyDueTasks, openReminder } from '@/lib/sync/reminders';
import { FakeDestination, START, callInput, fakeClock, freshDatabasePerTest } from './helpers';

freshDatabasePerTest();
const clock = fakeClock();
const options = { iconUrl: 'chrome-extension://test/icon/128.png', getProspect: () => ({ key: 'dana@northwind.example', emails: [], name: 'Dana Kim', refs: [] }) };
const inMinutes = (m: number) => new Date(START + m * 60_000).toISOString();

describe('task reminders', () => {
  it('shows a due task once, naming the prospect, and remembers it did', async () => {
    const task = await logAction(callInput({ type: 'task', notes: 'Send the proposal', dueAt: inMinutes(30) }), 'hubspot');
    expect(await notifyDueTasks(options)).toBe(0);

    clock.advance(30 * 60_000);
    expect(await notifyDueTasks(options)).toBe(1);
    expect(await fakeBrowser.notifications.getAll()).toEqual({
      [`${REMINDER_PREFIX}${task.id}`]: { type: 'basic', iconUrl: options.iconUrl, title: 'Task due: Dana Kim', message: 'Send the proposal' },
    });
    expect((await getAction(task.id))!.notifiedAt).toBe(inMinutes(30));

    await fakeBrowser.notifications.clear(`${REMINDER_PREFIX}${task.id}`);
    clock.advance(60_000);
    expect(await notifyDueTasks(options)).toBe(0);
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('only reminds of tasks, whatever their sync state', async () => {
    await logAction(callInput({ type: 'call', dueAt: inMinutes(-5) }), 'hubspot');
    await logAction(callInput({ type: 'task', dueAt: inMinutes(-5), notes: '' }), 'local');
    expect(await notifyDueTasks({ iconUrl: options.iconUrl })).toBe(1);
    expect(Object.values(await fakeBrowser.notifications.getAll())).toEqual([
      expect.objectContaining({ title: 'Task due: dana@northwind.example', message: 'Follow up with dana@northwind.example' }),
    ]);
  });

  it('is shown once when it falls due while the sync looks for a task that may have arrived', async () => {
    const task = await logAction(callInput({ type: 'task', notes: 'Send the proposal', dueAt: inMinutes(1) }), 'hubspot');
    await updateAction(task.id, (a) => ({ ...a, sync: { ...a.sync, uncertainSince: inMinutes(0) } }));
    const hubspot = new FakeDestination('hubspot', clock.now);
    hubspot.records.set(task.id, ['r1']);
    // The minute's alarm shows the reminder while the drain's look for the earlier request is out.
    let shownDuringLook = 0;
    const look = hubspot.findExisting.bind(hubspot);
    hubspot.findExisting = async (action) => {
      shownDuringLook += await notifyDueTasks(options);
      return look(action);
    };
    clock.advance(2 * 60_000);
    await drainOutbox({ resolveDestination: () => hubspot, getProspect: () => undefined, now: clock.now, sleep: clock.sleep, gate: new DestinationGate(), policy: { random: () => 0.5 } });
    expect(shownDuringLook).toBe(1);
    expect(await getAction(task.id)).toMatchObject({ notifiedAt: inMinutes(2), sync: { state: 'done', remoteId: 'r1' } });
    expect(await notifyDueTasks(options)).toBe(0);
  });

  it('tries again next time when the browser would not show it', async () => {
    const task = await logAction(callInput({ type: 'task', dueAt: inMinutes(-1) }), 'local');
    const create = vi.spyOn(fakeBrowser.notifications, 'create').mockRejectedValueOnce(new Error('Unable to download all specified images.'));
    await expect(notifyDueTasks(options)).rejects.toThrow(/images/);
    expect((await getAction(task.id))!.notifiedAt).toBeUndefined();
    expect(await notifyDueTasks(options)).toBe(1);
    expect(create).toHaveBeenCalledTimes(2);
  });

  it('shows nothing, and marks nothing shown, where the browser has no notifications', async () => {
    const task = await logAction(callInput({ type: 'task', dueAt: inMinutes(-1) }), 'local');
    const descriptor = Object.getOwnPropertyDescriptor(fakeBrowser, 'notifications')!;
    Object.defineProperty(fakeBrowser, 'notifications', { value: undefined, configurable: true, writable: true });
    try {
      expect(await notifyDueTasks(options)).toBe(0);
    } finally {
      Object.defineProperty(fakeBrowser, 'notifications', descriptor);
    }
    expect((await getAction(task.id))!.notifiedAt).toBeUndefined();
  });

  describe('a click on a reminder', () => {
    afterEach(() => vi.restoreAllMocks());

    it('closes it and opens the popup for the task’s person in a small window', async () => {
      const task = await logAction(callInput({ type: 'task', notes: 'Send the proposal', dueAt: inMinutes(-1) }), 'hubspot');
      await notifyDueTasks(options);
      const open = vi.spyOn(fakeBrowser.windows, 'create');
      expect(await openReminder(`${REMINDER_PREFIX}${task.id}`)).toBe(true);
      expect(open).toHaveBeenCalledWith(expect.objectContaining({ type: 'popup', url: expect.stringMatching(/\/popup\.html\?prospect=dana%40northwind\.example$/) }));
      expect(await fakeBrowser.notifications.getAll()).toEqual({});
    });

    it('opens a tab where the browser has no windows (Firefox for Android)', async () => {
      const task = await logAction(callInput({ type: 'task', dueAt: inMinutes(-1) }), 'local');
      vi.spyOn(fakeBrowser.windows, 'create').mockRejectedValueOnce(new Error('windows is not supported'));
      const tab = vi.spyOn(fakeBrowser.tabs, 'create');
      await openReminder(`${REMINDER_PREFIX}${task.id}`);
      expect(tab).toHaveBeenCalledWith({ url: expect.stringMatching(/\/popup\.html\?prospect=dana%40northwind\.example$/) });
    });

    it('opens nothing for a task erased since, and leaves other notifications alone', async () => {
      const open = vi.spyOn(fakeBrowser.windows, 'create');
      await fakeBrowser.notifications.create('someone-else', { type: 'basic', iconUrl: options.iconUrl, title: 'x', message: 'y' });
      expect(await openReminder(`${REMINDER_PREFIX}no-such-task`)).toBe(true);
      expect(await openReminder('someone-else')).toBe(false);
      expect(open).not.toHaveBeenCalled();
      expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual(['someone-else']);
    });
  });
});
