/**
 * Retention, as Options words it: engagement events, delivered actions and cached CRM answers older
 * than the retention period are deleted, each found through an index (never by reading every row).
 * Actions not yet delivered are never deleted: they are the rep's work on its way; nor are those kept
 * in this browser only (no CRM), which exist nowhere else. Tab views need no
 * retention: they live in storage.session and end with the browser session.
 */
import { clock } from '../clock';
import { deleteCachedBefore } from '../store/cache';
import { deleteEventsBefore } from '../store/events';
import { importRunning, repairStaleImports } from '../store/import-repair';
import { deleteDoneBefore } from '../store/outbox';
import { getSettings } from '../store/settings';

export const RETENTION_ALARM = 'prospect-lens-retention';

export interface RetentionResult {
  events: number;
  actions: number;
  cached: number;
}

export async function applyRetention(): Promise<RetentionResult> {
  // Also the daily look for an import that died with its page and left its people's counts behind.
  await repairStaleImports();
  const { retentionDays } = await getSettings();
  if (retentionDays === 0) return { events: 0, actions: 0, cached: 0 };
  const before = new Date(clock.now() - retentionDays * 86_400_000).toISOString();
  return {
    // Events wait while an import runs (lib/store/import-repair.ts); the next run deletes them.
    events: (await importRunning()) ? 0 : await deleteEventsBefore(before),
    actions: await deleteDoneBefore(before),
    cached: await deleteCachedBefore(before),
  };
}
