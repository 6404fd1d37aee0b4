/**
 * Day arithmetic on the DailySummary's UTC day keys (`YYYY-MM-DD`). "In the last N days" means
 * today and the N-1 days before it, so "7 days" on a Friday covers Saturday to Friday.
 *
 * Counts stay per UTC day (the summary has no times). Words that name a day ("today", "yesterday")
 * are the rep's local day, as the card's timeline groups events (components/time.ts, `dayLabel`):
 * `localAge` of an event's own time.
 */
import { plural, t } from '../i18n';
import { localTime } from '../local-day';
import type { EngagementType } from '../model/engagement';
import { COUNTED_TYPES, countedAt, type DailySummary, type DayCounts } from '../store/summary';

const DAY_MS = 86_400_000;

export function dayKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole days from `day` to the day of `now`; a day in the future (clock skew) counts as today. */
export function ageInDays(day: string, now: number): number {
  return daysBetween(day, Date.parse(dayKey(now)));
}

function daysBetween(day: string, today: number): number {
  return Math.max(0, Math.round((today - Date.parse(day)) / DAY_MS));
}

/** One day of a summary: its age in days (0 is today) and its counts (lib/store/summary.ts, COUNTED_TYPES order). */
export interface AgedDay {
  age: number;
  counts: DayCounts;
}

/**
 * The summary's days with their ages, in no particular order. A card reads a year of days several
 * times over (heat, its reasons, the 30- and 90-day counts, the series, the journey): the ages are
 * worked out once per card, here, and the readers below take the result. Working them out per read
 * made the lookup's p95 miss its budget (bench/, "lookup").
 */
export function agedDays(summary: DailySummary | undefined, now: number): AgedDay[] {
  if (!summary) return [];
  const today = Date.parse(dayKey(now));
  const days: AgedDay[] = [];
  for (const day in summary.byDay) days.push({ age: daysBetween(day, today), counts: summary.byDay[day]! });
  return days;
}

/** Calls `fn` with each type a day counts and its count (a card walks a busy person's ~3,650 counts several times). */
export function eachCount(counts: DayCounts, fn: (type: EngagementType, n: number) => void): void {
  const n = Math.min(counts.length, COUNTED_TYPES.length);
  for (let i = 0; i < n; i++) if (counts[i]) fn(COUNTED_TYPES[i]!, counts[i]!);
}

export function countsWithin(days: readonly AgedDay[], within: number): Partial<Record<EngagementType, number>> {
  const out: Partial<Record<EngagementType, number>> = {};
  for (const { age, counts } of days) {
    if (age < within) eachCount(counts, (type, n) => (out[type] = (out[type] ?? 0) + n));
  }
  return out;
}

/** `length` numbers, oldest first, the last one today: events per day. */
export function dailySeries(days: readonly AgedDay[], length: number): number[] {
  const series = new Array<number>(length).fill(0);
  for (const { age, counts } of days) {
    if (age < length) eachCount(counts, (_, n) => (series[length - 1 - age]! += n));
  }
  return series;
}

/** The youngest age (in days) at which `type` happened within `within` days, if it did. */
export function latestAge(days: readonly AgedDay[], type: EngagementType, within: number): number | undefined {
  const at = countedAt(type);
  let youngest: number | undefined;
  for (const { age, counts } of days) {
    if (age < within && counts[at] && (youngest === undefined || age < youngest)) youngest = age;
  }
  return youngest;
}

export function eventAge(occurredAt: string, now: number): number {
  return ageInDays(dayKey(Date.parse(occurredAt)), now);
}

/**
 * Whole local calendar days from the instant to `now` (0 is the rep's today); the future (clock skew)
 * counts as today. Each instant is moved by its own zone offset, so a DST change between them does
 * not shift the day. The background runs in the rep's zone. A date without a time is its own date
 * (lib/local-day.ts), as the timeline shows it.
 */
export function localAge(occurredAt: string, now: number): number {
  const localDay = (ms: number) => Math.floor((ms - new Date(ms).getTimezoneOffset() * 60_000) / DAY_MS);
  return Math.max(0, localDay(now) - localDay(localTime(occurredAt)));
}

/** "today", "yesterday", "5 days ago" */
export function agoInWords(age: number): string {
  return age === 0 ? t('ago_today') : age === 1 ? t('ago_yesterday') : plural('ago_days', age);
}
