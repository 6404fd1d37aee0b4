/**
 * A per-prospect summary of engagement: counts per event type per day. It is updated in the same
 * transaction that writes or deletes events, so a lookup reads one small record instead of scanning
 * a prospect's events (a busy prospect can have tens of thousands).
 */
import type { EngagementEvent, EngagementType } from '../model/engagement';

export interface DailySummary {
  prospectKey: string;
  /** `YYYY-MM-DD` (UTC) → type → count. */
  days: Record<string, Partial<Record<EngagementType, number>>>;
  total: number;
  lastTouch?: string;
}

/** A summary of no events yet. */
export function emptySummary(prospectKey: string): DailySummary {
  return { prospectKey, days: {}, total: 0 };
}

export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/** Adds (delta 1) or removes (delta -1) one event. `lastTouch` only moves forward; see `recomputeLastTouch`. */
export function addToSummary(summary: DailySummary, event: EngagementEvent, delta: 1 | -1): void {
  const day = dayOf(new Date(event.occurredAt).toISOString());
  const counts = (summary.days[day] ??= {});
  const next = (counts[event.type] ?? 0) + delta;
  if (next > 0) counts[event.type] = next;
  else delete counts[event.type];
  if (Object.keys(counts).length === 0) delete summary.days[day];
  summary.total = Math.max(0, summary.total + delta);
  if (delta > 0 && (!summary.lastTouch || event.occurredAt > summary.lastTouch)) summary.lastTouch = event.occurredAt;
}
