/** Drops engagement events older than the retention period. Logged actions are never touched here. */
import { clock } from '../clock';
import { deleteEventsBefore } from '../store/events';
import { getSettings } from '../store/settings';

export const RETENTION_ALARM = 'prospect-lens-retention';

export async function applyRetention(): Promise<number> {
  const { retentionDays } = await getSettings();
  if (retentionDays === 0) return 0;
  return deleteEventsBefore(new Date(clock.now() - retentionDays * 86_400_000).toISOString());
}
