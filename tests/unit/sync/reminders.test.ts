import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getAction } from '@/lib/store/outbox';
import { logAction } from '@/lib/sync/actions';
import { REMINDER_PREFIX, notifyDueTasks } from '@/lib/sync/reminders';
import { START, callInput, fakeClock, freshDatabasePerTest } from './helpers';

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

  it('tries again next time when the browser would not show it', async () => {
    const task = await logAction(callInput({ type: 'task', dueAt: inMinutes(-1) }), 'local');
    const create = vi.spyOn(fakeBrowser.notifications, 'create').mockRejectedValueOnce(new Error('Unable to download all specified images.'));
    await expect(notifyDueTasks(options)).rejects.toThrow(/images/);
    expect((await getAction(task.id))!.notifiedAt).toBeUndefined();
    expect(await notifyDueTasks(options)).toBe(1);
    expect(create).toHaveBeenCalledTimes(2);
  });
});
