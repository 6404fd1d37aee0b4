/**
 * A per-prospect summary of engagement: counts per event type per day, and copies of the person's
 * newest and oldest events. It is updated in the same transaction that writes or deletes events, so
 * a lookup reads one small record instead of a prospect's events (a busy prospect can have tens of
 * thousands, scattered across the events store; docs/architecture.md, "Lookup").
 *
 * A day's counts are a list of numbers in COUNTED_TYPES order, not an object keyed by type name:
 * stored, the names were repeated for every day (a busy person's year of ten types a day came to 74 KB,
 * 25 KB as lists), and the lookup's p95 at 100k events dropped from 3.6 to 2.1 ms with the lists
 * (docs/architecture.md, "Lookup"). Summaries stored before (`days`, keyed by name) are read through
 * `fromStored` and written back as lists.
 */
import type { EngagementEvent, EngagementType } from '../model/engagement';

/** How many of the newest and the oldest events a summary keeps: what a card shows (lib/background/views.ts). */
export const KEPT_LATEST = 20;
export const KEPT_EARLIEST = 30;

/**
 * The position of each type's count in a day's list. Stored summaries index into it: **append only**
 * (tests/unit/store/summary-format.test.ts pins it). A day's list may be shorter than this (no trailing zeros).
 */
export const COUNTED_TYPES: readonly EngagementType[] = [
  'email_sent', 'email_open', 'email_click', 'email_reply', 'email_bounce', 'unsubscribe', 'page_view',
  'form_submit', 'content_download', 'webinar_registered', 'webinar_attended', 'event_attended', 'ad_click',
  'social', 'score_change', 'stage_change', 'other',
];
const POSITION = new Map(COUNTED_TYPES.map((type, i) => [type, i]));

const OTHER = POSITION.get('other')!;

/** Where a type's count sits in a day's list; a type with no place of its own counts as `other`. */
export function countedAt(type: EngagementType): number {
  return POSITION.get(type) ?? OTHER;
}

/** One day's counts: index i counts COUNTED_TYPES[i]; missing or trailing entries are 0. */
export type DayCounts = number[];

export interface DailySummary {
  prospectKey: string;
  /** `YYYY-MM-DD` (UTC) → that day's counts. A day with none is absent. */
  byDay: Record<string, DayCounts>;
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

/** A summary as stored before the counts were lists (schema v2 to v4 wrote these; some may remain). */
export interface NamedCountsSummary extends Omit<DailySummary, 'byDay'> {
  days: Record<string, Partial<Record<EngagementType, number>>>;
}

/** What the summaries store may hold. */
export type StoredSummary = DailySummary | NamedCountsSummary;

/**
 * A stored summary as this code reads it. One with counts keyed by type name gets lists (a name this
 * version does not count, or a count that is not a whole positive number, is left out); the next write
 * of that summary stores the lists. Lists are checked too, so a damaged record reads as fewer counts
 * rather than throwing or making a card's heat NaN: a day that is not a list, a count that is not a
 * whole number ≥ 0, or more counts than there are types are dropped. The rest is checked as well, since
 * every path that reads a summary (a lookup, an event added, retention's deletions) trusts it, and one
 * record that throws there would fail that person's card or abort retention's transaction every day:
 * kept lists that are not both lists of events are dropped (unknown, as in a summary from before they
 * existed), a `total` that is not a whole number ≥ 0 is counted again from the days, and a `lastTouch`
 * that is not a string is dropped. A sound record comes back as it is.
 */
export function fromStored(stored: StoredSummary): DailySummary;
export function fromStored(stored: StoredSummary | undefined): DailySummary | undefined;
export function fromStored(stored: StoredSummary | undefined): DailySummary | undefined {
  if (!stored) return stored;
  return withSoundRest(withSoundDays(stored));
}

/** The summary with its day counts as sound lists (see fromStored). */
function withSoundDays(stored: StoredSummary): DailySummary {
  if ('days' in stored) {
    const { days, ...rest } = stored;
    const byDay: Record<string, DayCounts> = {};
    for (const day in days) {
      const counts: DayCounts = [];
      for (const type in days[day]) {
        const n = days[day]![type as EngagementType];
        const at = POSITION.get(type as EngagementType);
        if (at !== undefined && isCount(n) && n > 0) addAt(counts, at, n);
      }
      if (counts.length > 0) byDay[day] = counts;
    }
    return { ...rest, byDay };
  }
  const { byDay } = stored as { byDay: unknown };
  if (typeof byDay !== 'object' || byDay === null) return { ...stored, byDay: {} };
  const days = byDay as Record<string, unknown>;
  for (const day in days) if (!isDayCounts(days[day])) return { ...stored, byDay: soundDays(days) };
  return stored;
}

/** The summary with a sound total, last touch and kept lists (see fromStored); the same object when they are. */
function withSoundRest(summary: DailySummary): DailySummary {
  const { total, lastTouch, latest, earliest } = summary as { total: unknown; lastTouch: unknown; latest: unknown; earliest: unknown };
  const soundLists = (latest === undefined && earliest === undefined) || (isEventList(latest) && isEventList(earliest));
  if (isCount(total) && (lastTouch === undefined || typeof lastTouch === 'string') && soundLists) return summary;
  const sound = { ...summary };
  if (!isCount(total)) sound.total = Object.values(sound.byDay).reduce((sum, counts) => sum + dayTotal(counts), 0);
  if (typeof lastTouch !== 'string') delete sound.lastTouch;
  if (!soundLists) forgetKeptEvents(sound);
  return sound;
}

/** A kept list as the summary code reads it: events with an id, a time and a type. */
function isEventList(value: unknown): value is EngagementEvent[] {
  if (!Array.isArray(value)) return false;
  for (const event of value as unknown[]) {
    if (typeof event !== 'object' || event === null) return false;
    const { id, occurredAt, type } = event as Partial<Record<string, unknown>>;
    if (typeof id !== 'string' || typeof occurredAt !== 'string' || typeof type !== 'string') return false;
  }
  return true;
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
function isDayCounts(value: unknown): value is DayCounts {
  if (!Array.isArray(value) || value.length > COUNTED_TYPES.length) return false;
  for (let i = 0; i < value.length; i++) if (!isCount(value[i])) return false; // a hole reads as undefined
  return true;
}

/** The days whose counts are sound lists. */
function soundDays(days: Record<string, unknown>): Record<string, DayCounts> {
  const sound: Record<string, DayCounts> = {};
  for (const day in days) if (isDayCounts(days[day])) sound[day] = days[day];
  return sound;
}

/** A summary of no events yet; `lists: false` leaves the newest and oldest events unknown. */
export function emptySummary(prospectKey: string, { lists = true } = {}): DailySummary {
  return lists ? { prospectKey, byDay: {}, total: 0, latest: [], earliest: [] } : { prospectKey, byDay: {}, total: 0 };
}

export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/** Adds `n` (may be negative) to the count at `at`; a count never goes below 0, and trailing zeros go. */
export function addAt(counts: DayCounts, at: number, n: number): void {
  while (counts.length <= at) counts.push(0);
  counts[at] = Math.max(0, counts[at]! + n);
  while (counts.length > 0 && counts[counts.length - 1] === 0) counts.pop();
}

/** The events a day's counts add up to. */
export function dayTotal(counts: DayCounts): number {
  let total = 0;
  for (const n of counts) total += n;
  return total;
}

/**
 * Adds (delta 1) or removes (delta -1) one event. `lastTouch` only moves forward, and removing an event
 * the kept lists hold leaves them unknown (the next-newest or next-oldest one is not in the summary):
 * after a deletion lib/store/events.ts reads both again from the events left.
 */
export function addToSummary(summary: DailySummary, event: EngagementEvent, delta: 1 | -1): void {
  const day = dayOf(new Date(event.occurredAt).toISOString());
  const counts = (summary.byDay[day] ??= []);
  addAt(counts, countedAt(event.type), delta);
  if (counts.length === 0) delete summary.byDay[day];
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

/**
 * Events' stored order: by time, ties by id, as `byProspectTime` ([prospectKey, occurredAt]) gave them
 * one per record; readers of chunks sort by it too (lib/store/event-chunks.ts).
 */
export function olderFirst(a: EngagementEvent, b: EngagementEvent): number {
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
