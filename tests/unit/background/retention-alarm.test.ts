import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { applyRetention, ensureRetentionAlarm, RETENTION_ALARM } from '@/lib/background/retention';
import { setClock } from '@/lib/clock';
import { db } from '@/lib/store/db';
import { logAction } from '@/lib/sync/actions';
import { REMINDER_PREFIX } from '@/lib/sync/reminders';
import { SYNC_ALARM } from '@/lib/sync/scheduler';
import { startBackground } from '../support/start-background';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

afterEach(() => {
  vi.restoreAllMocks();
});

/** When the retention alarm fires next, counted from `now`, in whole seconds (the fake browser adds a delay to its own Date.now()). */
async function dueIn(now: number): Promise<number | undefined> {
  const alarm = await fakeBrowser.alarms.get(RETENTION_ALARM);
  return alarm && Math.floor((alarm.scheduledTime - now) / 1000) * 1000;
}

describe('the daily retention alarm', () => {
  it('runs a minute after the start when retention never ran or its day is over, else a day after the last run', async () => {
    const now = Date.now();
    await ensureRetentionAlarm(now);
    expect(await dueIn(now)).toBe(MINUTE);

    const restore = setClock(() => now - 2 * 60 * MINUTE);
    await applyRetention(); // two hours ago
    restore();
    await fakeBrowser.alarms.clearAll();
    await ensureRetentionAlarm(now);
    expect(await dueIn(now)).toBe(DAY - 2 * 60 * MINUTE);

    await (await db()).put('config', { id: 'retention-last-run', value: now - 3 * DAY, updatedAt: '' });
    await fakeBrowser.alarms.clearAll();
    await ensureRetentionAlarm(now);
    expect(await dueIn(now)).toBe(MINUTE);
  });

  it('waits a day at most when the last run looks to be in the future (the clock stepped back)', async () => {
    const now = Date.now();
    await (await db()).put('config', { id: 'retention-last-run', value: now + 5 * DAY, updatedAt: '' });
    await ensureRetentionAlarm(now);
    expect(await dueIn(now)).toBe(DAY);
  });

  it('leaves an alarm that is already there as it is', async () => {
    const now = Date.now();
    await fakeBrowser.alarms.create(RETENTION_ALARM, { when: now + 5 * 60 * MINUTE, periodInMinutes: 24 * 60 });
    await ensureRetentionAlarm(now);
    expect(await dueIn(now)).toBe(5 * 60 * MINUTE);
  });

  it('is made again when the background starts after a browser restart dropped it', async () => {
    const background = await startBackground();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install', temporary: false } as never);
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(RETENTION_ALARM)).toBeDefined());

    // Firefox restarts (or Chrome disables and enables the extension): no alarm survives, no onInstalled.
    await fakeBrowser.alarms.clearAll();
    background.main();
    await fakeBrowser.runtime.onStartup.trigger();
    await vi.waitFor(async () => {
      expect(await fakeBrowser.alarms.get(SYNC_ALARM)).toBeDefined();
      expect(await fakeBrowser.alarms.get(RETENTION_ALARM)).toMatchObject({ periodInMinutes: 24 * 60 });
    });
  });
});

describe('the background at start', () => {
  it('opens the popup for the task’s person when the rep clicks a task reminder', async () => {
    await startBackground();
    const task = await logAction({ prospectKey: 'dana@northwind.example', type: 'task', notes: '', occurredAt: new Date().toISOString(), dueAt: new Date().toISOString() }, 'local');
    const open = vi.spyOn(fakeBrowser.windows, 'create');
    await fakeBrowser.notifications.onClicked.trigger(`${REMINDER_PREFIX}${task.id}`);
    await vi.waitFor(() => expect(open).toHaveBeenCalledWith(expect.objectContaining({ url: expect.stringContaining('popup.html?prospect=dana%40northwind.example') })));
  });
});
