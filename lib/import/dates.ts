/**
 * The date forms an import accepts, each with an example:
 * - ISO 8601: `2026-11-03T14:05:00Z`, `2026-11-03T14:05:00.250+01:00`, `2026-11-03T14:05` (no offset: UTC)
 * - HubSpot/Mautic exports: `2026-11-03 14:05`, `2026-11-03 14:05:09` (UTC)
 * - a day: `2026-11-03` (midnight UTC)
 * - epoch milliseconds: `1793714700000` (12 or 13 digits; 10 digits would be seconds, which is ambiguous
 *   enough to refuse rather than place an event in January 1970)
 * Anything else is not a date, and the row carrying it is rejected with the value quoted.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** The instant as a UTC ISO string, or undefined when `raw` is none of the accepted forms. */
export function parseImportDate(raw: string | number): string | undefined {
  const text = String(raw).trim();
  if (/^\d{12,13}$/.test(text)) return new Date(Number(text)).toISOString();
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', offset] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, Math.round(Number(`0${fraction || '.0'}`) * 1000));
  const check = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-02-30 over into March: refuse instead.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return new Date(utc - offsetMinutes(offset) * 60_000).toISOString();
}

function offsetMinutes(offset: string | undefined): number {
  if (!offset || offset.toUpperCase() === 'Z') return 0;
  const digits = offset.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}
