/**
 * A per-prospect summary of engagement: counts per event type per day, and copies of the person's
 * newest and oldest events. It is updated in the same transaction that writes or deletes events, so
 * a lookup reads one small record instead of a prospect's events (a busy prospect can have tens of
 * thousands, scattered across the events store; docs/architecture.md, "Lookup").
 */
import type { EngagementEvent, EngagementType } from '../model/engagement';

/** How many of the newest and the oldest events a summary keeps: what a card shows (lib/background/views.ts). */
export const KEPT_LATEST = 20;
export const KEPT_EARLIEST = 30;

export interface DailySummary {
  prospectKey: string;
  /** `YYYY-MM-DD` (UTC) → type → count. */
  days: Record<string, Partial<Record<EngagementType, number>>>;
  total: number;
  lastTouch?: string;
  /**
   * The newest KEPT_LATEST events, newest first, and the oldest KEPT_EARLIEST, oldest first, in the
   * events store's order (time, then id). Absent when unknown: in summaries written before they
   * existed, which an import adds to without giving them any (lib/store/import-batch.ts, `addSummaries`).
   * A lookup then reads the events instead and stores the ones it read (lib/store/events.ts, `localHistory`).
   */
  latest?: EngagementEvent[];
  earliest?: EngagementEvent[];
}

/** A summary of no events yet; `lists: false` leaves the newest and oldest events unknown. */
export function emptySummary(prospectKey: string, { lists = true } = {}): DailySummary {
  return lists ? { prospectKey, days: {}, total: 0, latest: [], earliest: [] } : { prospectKey, days: {}, total: 0 };
}

export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * Adds (delta 1) or removes (delta -1) one event. `lastTouch` only moves forward, and removing an event
 * the kept lists hold leaves them unknown (the next-newest or next-oldest one is not in the summary):
 * after a deletion lib/store/events.ts reads both again from the events left.
 */
export function addToSummary(summary: DailySummary, event: EngagementEvent, delta: 1 | -1): void {
  const day = dayOf(new Date(event.occurredAt).toISOString());
  const counts = (summary.days[day] ??= {});
  const next = (counts[event.type] ?? 0) + delta;
  if (next > 0) counts[event.type] = next;
  else delete counts[event.type];
  if (Object.keys(counts).length === 0) delete summary.days[day];
  summary.total = Math.max(0, summary.total + delta);
  if (delta > 0 && (!summary.lastTouch || event.occurredAt > summary.lastTouch)) summary.lastTouch = event.occurredAt;
  if (delta > 0) keepEvents(summary, [event]);
  else if (summary.latest?.some((e) => e.id === event.id) || summary.earliest?.some((e) => e.id === event.id)) forgetKeptEvents(summary);
}

/**
 * Folds `events` into the summary's kept lists, when it has them. Each list stays sorted and at most
 * its size, and an event already kept is not kept twice.
 */
export function keepEvents(summary: DailySummary, events: readonly EngagementEvent[]): void {
  if (!summary.latest || !summary.earliest) return;
  summary.latest = kept(summary.latest, events, KEPT_LATEST, newerFirst);
  summary.earliest = kept(summary.earliest, events, KEPT_EARLIEST, olderFirst);
}

/** The kept lists become unknown (a lookup reads the events until they are set again). */
export function forgetKeptEvents(summary: DailySummary): void {
  delete summary.latest;
  delete summary.earliest;
}

/** The events store's order: `byProspectTime` is [prospectKey, occurredAt], ties in primary-key (id) order. */
function olderFirst(a: EngagementEvent, b: EngagementEvent): number {
  return a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function newerFirst(a: EngagementEvent, b: EngagementEvent): number {
  return olderFirst(b, a);
}

function kept(
  list: EngagementEvent[],
  events: readonly EngagementEvent[],
  size: number,
  order: (a: EngagementEvent, b: EngagementEvent) => number,
): EngagementEvent[] {
  let out = list;
  for (const event of events) {
    // Most events of a long history fall outside both lists: one comparison with the last kept says so.
    if (out.length >= size && order(event, out[out.length - 1]!) >= 0) continue;
    if (out.some((e) => e.id === event.id)) continue;
    if (out === list) out = [...list];
    let at = out.length;
    while (at > 0 && order(event, out[at - 1]!) < 0) at--;
    out.splice(at, 0, event);
    if (out.length > size) out.pop();
  }
  return out;
}
