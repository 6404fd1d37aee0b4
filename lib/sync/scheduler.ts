/**
 * When the outbox drains: when the worker starts (after turning rows a dead worker left inflight into
 * uncertain ones), on the sync alarm, when the browser comes back online, and when the background
 * kicks it after a new, edited or retried action or a reconnected destination.
 *
 * The background calls `startSync` at its top level: listeners are registered synchronously, before
 * any await, so an alarm that woke the worker is not missed.
 *
 * Alarms: a periodic one every minute is the safety net and
 * also checks task reminders; a one-shot alarm at the next backoff deadline when that comes sooner.
 * Chrome clamps alarms under 30 s, so short waits also get a plain timer while the worker lives.
 */
import { browser } from 'wxt/browser';
import { clock } from '../clock';
import { recordError } from '../store/errors';
import { type SyncCounts, syncCounts } from './counts';
import { type DrainOptions, type DrainResult, drainOutbox, nextWakeAt, recoverInterrupted, wakeAfterReconnect } from './drain';
import { notifyDueTasks } from './reminders';
import { DEFAULT_POLICY } from './state';

export const SYNC_ALARM = 'prospect-lens-sync';
export const SYNC_SOON_ALARM = 'prospect-lens-sync-soon';
const PERIOD_MINUTES = 1;
/** Never re-drain sooner than this after a drain, even when work is due (a full batch, a paced destination). */
const MIN_GAP_MS = 1_000;

export interface SyncDeps extends Pick<DrainOptions, 'resolveDestination' | 'getProspect' | 'policy' | 'maxBatch'> {
  /** Extension URL of the notification icon for task reminders. */
  notificationIcon: string;
  /** After each drain: refresh the badge, push fresh cards to tabs. */
  onSynced?(result: DrainResult, counts: SyncCounts): void;
}

export interface SyncController {
  /** Drain soon; returns at once. Joins a drain that is running. */
  kick(): void;
  /** Drain now and say what happened ("Sync now" in the popup). */
  syncNow(): Promise<DrainResult>;
  /** Removes the listeners and timers, and waits for a drain underway (tests; an update ends the worker anyway). */
  stop(): Promise<void>;
}

export function startSync(deps: SyncDeps): SyncController {
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Work started by listeners and not awaited by anyone; errors go to the diagnostics log. */
  const underway = new Set<Promise<unknown>>();
  const track = (where: string, work: Promise<unknown>) => {
    const tracked = work.catch((error: unknown) => recordError(where, error)).finally(() => underway.delete(tracked));
    underway.add(tracked);
  };

  const run = async (): Promise<DrainResult> => {
    await started;
    const result = await drainOutbox(deps);
    await scheduleNext();
    deps.onSynced?.(result, await syncCounts());
    return result;
  };
  const kick = () => track('sync', run());
  const onOnline = () => track('sync', wakeAfterReconnect().then(run));
  const remind = () => track('reminders', notifyDueTasks({ iconUrl: deps.notificationIcon, getProspect: deps.getProspect }));
  const onAlarm = (alarm: { name: string }) => {
    if (alarm.name !== SYNC_ALARM && alarm.name !== SYNC_SOON_ALARM) return;
    kick();
    if (alarm.name === SYNC_ALARM) remind();
  };

  // Synchronous: these must exist before the first await of the worker's life.
  browser.alarms.onAlarm.addListener(onAlarm);
  globalThis.addEventListener('online', onOnline);

  const started = (async () => {
    await recoverInterrupted(clock.now(), { ...DEFAULT_POLICY, ...deps.policy });
    if (!(await browser.alarms.get(SYNC_ALARM))) {
      await browser.alarms.create(SYNC_ALARM, { periodInMinutes: PERIOD_MINUTES, delayInMinutes: PERIOD_MINUTES });
    }
  })().catch((error: unknown) => recordError('sync', error));

  async function scheduleNext(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    const at = await nextWakeAt(deps);
    const periodic = (await browser.alarms.get(SYNC_ALARM))?.scheduledTime ?? Number.POSITIVE_INFINITY;
    if (at === undefined || at >= periodic) {
      await browser.alarms.clear(SYNC_SOON_ALARM);
      return;
    }
    await browser.alarms.create(SYNC_SOON_ALARM, { when: at });
    const wait = Math.max(at - clock.now(), MIN_GAP_MS);
    if (wait < PERIOD_MINUTES * 60_000) timer = setTimeout(kick, wait);
  }

  kick();
  remind();

  return {
    kick,
    syncNow: run,
    async stop() {
      clearTimeout(timer);
      browser.alarms.onAlarm.removeListener(onAlarm);
      globalThis.removeEventListener('online', onOnline);
      await Promise.all(underway);
      clearTimeout(timer);
    },
  };
}
