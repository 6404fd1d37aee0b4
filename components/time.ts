/**
 * Relative times and day labels for the timeline. "Now" always comes from lib/clock.ts so tests
 * and the demo data control it; formatting goes through Intl in the language the strings are in
 * (`uiLocale`, docs/architecture.md "Languages"), so a German sidebar says "13. Nov." beside "Heute".
 */
import { useEffect, useState } from 'preact/hooks';
import { clock } from '@/lib/clock';
import { isDateOnly, localTime } from '@/lib/local-day';
import { t, uiLocale } from './i18n';

export { isDateOnly, localTime } from '@/lib/local-day';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * "just now", "5m ago", "2h ago", "3d ago", "2mo ago", "1y ago" (from 365 days on, so an old import
 * never reads "14mo ago"); ahead of now (a meeting set for tomorrow) "in 1d".
 */
export function relativeTime(iso: string, now = clock.now()): string {
  const elapsed = now - localTime(iso);
  const span = Math.abs(elapsed);
  if (span < MINUTE) return t('justNow');
  // Intl counts the past in negative amounts and the future in positive ones.
  const direction = elapsed > 0 ? -1 : 1;
  const format = new Intl.RelativeTimeFormat(uiLocale(), { style: relativeStyle() });
  if (span < HOUR) return format.format(direction * Math.floor(span / MINUTE), 'minute');
  if (span < DAY) return format.format(direction * Math.floor(span / HOUR), 'hour');
  if (span < 60 * DAY) return format.format(direction * Math.floor(span / DAY), 'day');
  if (span < 365 * DAY) return format.format(direction * Math.floor(span / (30 * DAY)), 'month');
  return format.format(direction * Math.floor(span / (365 * DAY)), 'year');
}

/** Each language's file says how short its relative times may be: French narrow reads "-1 j", short "il y a 1 j". */
function relativeStyle(): Intl.RelativeTimeFormatStyle {
  const style = t('relativeTimeStyle');
  return style === 'short' || style === 'long' ? style : 'narrow';
}

/** The local calendar day of an instant, as a sortable key. */
export function dayKey(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Draws the component again when the local day changes, so a sidebar left open overnight stops saying
 * "Today" of yesterday's events. Checked once a minute rather than timed for midnight: a timer set for
 * midnight fires late after the laptop slept, and the clock may be changed meanwhile. Only a new day
 * draws (the same day is the same state), so "5m ago" inside a status line is not announced every minute.
 */
export function useDayChange(): void {
  const [, setDay] = useState(() => dayKey(clock.now()));
  useEffect(() => {
    const timer = setInterval(() => setDay(dayKey(clock.now())), MINUTE);
    return () => clearInterval(timer);
  }, []);
}

/** "Today", "Yesterday", else a short date ("Nov 13"; the year only when it is not this year). */
export function dayLabel(iso: string, now = clock.now()): string {
  const time = localTime(iso);
  if (dayKey(time) === dayKey(now)) return t('today');
  const today = new Date(now);
  // Calendar arithmetic rather than `now - 24h`, which lands on the wrong day around DST changes.
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1).getTime();
  if (dayKey(time) === dayKey(yesterday)) return t('yesterday');
  const sameYear = new Date(time).getFullYear() === today.getFullYear();
  return new Intl.DateTimeFormat(uiLocale(), { month: 'short', day: 'numeric', year: sameYear ? undefined : 'numeric' }).format(time);
}

/** A calendar date as the CRM gives it ("2026-12-18"), in the UI language ("18.12.2026"); as given when unreadable. */
export function calendarDate(date: string): string {
  const [year, month, day] = date.slice(0, 10).split('-').map(Number);
  if (!year || !month || !day) return date;
  // Built from its parts in UTC, so a close date is the same day in every time zone.
  return new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, day));
}

/** Full local date and time, for tooltips; a date without a time (isDateOnly) is the date alone. */
export function fullDate(iso: string): string {
  if (isDateOnly(iso)) return new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium' }).format(localTime(iso));
  return new Intl.DateTimeFormat(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse(iso));
}
