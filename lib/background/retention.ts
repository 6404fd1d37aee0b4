/**
 * Retention, as Options words it: engagement events, delivered actions and cached CRM answers older
 * than the retention period are deleted, each found through an index (never by reading every row).
 * Actions not yet delivered are never deleted: they are the rep's work on its way; nor are those kept
 * in this browser only (no CRM), which exist nowhere else. Tab views need no
 * retention: they live in storage.session and end with the browser session.
 */
import { browser } from 'wxt/browser';
import { clock } from '../clock';
import { keptSince } from '../model/retention';
import { deleteCachedBefore } from '../store/cache';
import { db } from '../store/db';
import { deleteEventsBefore } from '../store/events';
import { repairStaleImports } from '../store/import-repair';
import { deleteDoneBefore } from '../store/outbox';
import { getSettings } from '../store/settings';

export const RETENTION_ALARM = 'prospect-lens-retention';
/** When retention last ran (epoch ms), in the `config` store beside the settings. */
const LAST_RUN_ID = 'retention-last-run';
const DAY_MINUTES = 24 * 60;
/** An overdue run waits this long after the start, behind the start's own work (recovery, a drain). */
const OVERDUE_DELAY_MINUTES = 1;

/**
 * Makes sure the daily alarm exists. Called at every start of the background, as the scheduler does
 * for the sync alarm: Firefox drops alarms when the browser restarts (bugzilla 1995451,
 * w3c/webextensions#406), Chrome on disable → enable, and neither fires onInstalled then. The alarm is
 * set for a day after the last run, or a minute from now when that day is over (or retention never
 * ran), so a browser that is never open for a whole day still runs it. A last run in the future (the
 * clock stepped back) waits a day at most.
 */
export async function ensureRetentionAlarm(now = clock.now()): Promise<void> {
  if (await browser.alarms.get(RETENTION_ALARM)) return;
  const last = (await (await db()).get('config', LAST_RUN_ID))?.value;
  const dueInMinutes = typeof last === 'number' ? (last - now) / 60_000 + DAY_MINUTES : 0;
  const delayInMinutes = Math.min(DAY_MINUTES, Math.max(OVERDUE_DELAY_MINUTES, dueInMinutes));
  await browser.alarms.create(RETENTION_ALARM, { delayInMinutes, periodInMinutes: DAY_MINUTES });
}

export interface RetentionResult {
  events: number;
  actions: number;
  cached: number;
}

export async function applyRetention(): Promise<RetentionResult> {
  const started = clock.now();
  // Also the daily look for an import that died with its page and left its people's counts behind.
  await repairStaleImports();
  const { retentionDays } = await getSettings();
  const since = keptSince(retentionDays, started);
  const deleted = since === undefined ? { events: 0, actions: 0, cached: 0 } : await deleteOlderThan(new Date(since).toISOString());
  await (await db()).put('config', { id: LAST_RUN_ID, value: started, updatedAt: new Date(started).toISOString() });
  return deleted;
}

async function deleteOlderThan(before: string): Promise<RetentionResult> {
  return {
    // Events wait while an import runs, checked in the deleting transaction (deleteEventsBefore); the next run deletes them.
    events: await deleteEventsBefore(before),
    actions: await deleteDoneBefore(before),
    cached: await deleteCachedBefore(before),
  };
}
