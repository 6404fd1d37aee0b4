/**
 * Day arithmetic on the DailySummary's UTC day keys (`YYYY-MM-DD`). "In the last N days" means
 * today and the N-1 days before it, so "7 days" on a Friday covers Saturday to Friday.
 */
import { plural, t } from '../i18n';
import type { EngagementType } from '../model/engagement';
import type { DailySummary } from '../store/summary';

const DAY_MS = 86_400_000;

export function dayKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole days from `day` to the day of `now`; a day in the future (clock skew) counts as today. */
export function ageInDays(day: string, now: number): number {
  return Math.max(0, Math.round((Date.parse(dayKey(now)) - Date.parse(day)) / DAY_MS));
}

/** Every day of the summary with its age, oldest ages included; the caller filters. */
export function* daysOf(summary: DailySummary | undefined, now: number): Generator<{ age: number; counts: Partial<Record<EngagementType, number>> }> {
  if (!summary) return;
  for (const [day, counts] of Object.entries(summary.days)) yield { age: ageInDays(day, now), counts };
}

export function countsWithin(summary: DailySummary | undefined, days: number, now: number): Partial<Record<EngagementType, number>> {
  const out: Partial<Record<EngagementType, number>> = {};
  for (const { age, counts } of daysOf(summary, now)) {
    if (age >= days) continue;
    for (const [type, n] of Object.entries(counts) as [EngagementType, number][]) out[type] = (out[type] ?? 0) + n;
  }
  return out;
}

/** `days` numbers, oldest first, the last one today: events per day. */
export function dailySeries(summary: DailySummary | undefined, days: number, now: number): number[] {
  const series = new Array<number>(days).fill(0);
  for (const { age, counts } of daysOf(summary, now)) {
    if (age >= days) continue;
    series[days - 1 - age]! += Object.values(counts).reduce((a, n) => a + (n ?? 0), 0);
  }
  return series;
}

/** The youngest age (in days) at which `type` happened within `days`, if it did. */
export function latestAge(summary: DailySummary | undefined, type: EngagementType, days: number, now: number): number | undefined {
  let youngest: number | undefined;
  for (const { age, counts } of daysOf(summary, now)) {
    if (age < days && counts[type] && (youngest === undefined || age < youngest)) youngest = age;
  }
  return youngest;
}

export function eventAge(occurredAt: string, now: number): number {
  return ageInDays(dayKey(Date.parse(occurredAt)), now);
}

/** "today", "yesterday", "5 days ago" */
export function agoInWords(age: number): string {
  return age === 0 ? t('ago_today') : age === 1 ? t('ago_yesterday') : plural('ago_days', age);
}
