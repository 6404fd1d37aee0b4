/**
 * An import's date without a time ("2026-11-03", lib/import/dates.ts) is kept as midnight UTC. Read as
 * an instant it falls on the day before anywhere west of UTC (a webinar of Nov 3 under "Nov 2, 7:00 PM"
 * in New York), so an instant at exactly midnight UTC is taken for its calendar date: local midnight of
 * that date, shown without a time of day. A real event stamped 00:00:00.000 UTC is placed the same way.
 * The card's timeline (components/time.ts) and the heat reasons' "today / yesterday"
 * (lib/insights/days.ts) both place events with it, so a card never says both of one event.
 */
export function isDateOnly(iso: string): boolean {
  return iso.endsWith('T00:00:00.000Z');
}

/** When an event happened, for placing it among local days: a date without a time is its local midnight. */
export function localTime(iso: string): number {
  const time = Date.parse(iso);
  if (!isDateOnly(iso)) return time;
  const utc = new Date(time);
  return new Date(utc.getUTCFullYear(), utc.getUTCMonth(), utc.getUTCDate()).getTime();
}
