/**
 * What marketing reads on the lead feedback page: the rows in a date range, grouped by the campaign
 * (or source) of the first or the last marketing touch, with accepted vs rejected, the reasons and
 * the days from first touch to acceptance. Pure.
 */
import type { FeedbackRow } from './rows';

export type TouchSide = 'first' | 'last';

export interface DateRange {
  /** Inclusive, epoch ms. */
  from?: number;
  /** Inclusive, epoch ms. */
  to?: number;
}

export interface CampaignSummary {
  /** The touch's label; '' for rows with no marketing touch. */
  campaign: string;
  isCampaign: boolean;
  /** Leads whose newest verdict in the range is an acceptance. */
  accepted: number;
  /** Leads whose newest verdict in the range is a rejection. */
  rejected: number;
  stageChanges: number;
  /** Reject reason → how many of those leads. */
  reasons: Record<string, number>;
  /** Median whole days from first touch to acceptance, over the counted acceptances with a first touch. */
  medianDaysToAcceptance?: number;
}

/**
 * A range from two `<input type="date">` values (`YYYY-MM-DD`, either may be empty), as the rep's
 * local days: from the start of the first to the end of the second.
 */
export function dayRange(from?: string, to?: string): DateRange {
  const parse = (day: string | undefined, end: boolean): number | undefined => {
    const m = day && /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    if (!m) return undefined;
    const start = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return end ? new Date(start.getFullYear(), start.getMonth(), start.getDate() + 1).getTime() - 1 : start.getTime();
  };
  const range: DateRange = {};
  const a = parse(from, false);
  const b = parse(to, true);
  if (a !== undefined) range.from = a;
  if (b !== undefined) range.to = b;
  return range;
}

export function inRange(rows: readonly FeedbackRow[], { from, to }: DateRange): FeedbackRow[] {
  return rows.filter((r) => {
    const at = Date.parse(r.occurredAt);
    return (from === undefined || at >= from) && (to === undefined || at <= to);
  });
}

export const touchOf = (row: FeedbackRow, side: TouchSide) => (side === 'first' ? row.firstTouch : row.lastTouch);

/**
 * One summary per campaign, most feedback first (ties by name); rows with no touch under ''. A lead
 * counts once, by its newest verdict in the rows (docs/architecture.md, "Lead feedback page"): an
 * SDR's acceptance, an AE's in another browser and the AE's later rejection are one rejected lead, as
 * the card, Salesforce's Lead Status and Mautic's tags have it. Stage changes are events, each counted.
 */
export function summarise(rows: readonly FeedbackRow[], side: TouchSide): CampaignSummary[] {
  const counted = newestVerdicts(rows);
  const groups = new Map<string, { summary: CampaignSummary; days: number[] }>();
  for (const row of rows) {
    if (row.verdict !== 'stage' && !counted.has(row)) continue;
    const touch = touchOf(row, side);
    const campaign = touch?.label ?? '';
    let group = groups.get(campaign);
    if (!group) {
      group = { summary: { campaign, isCampaign: !!touch?.isCampaign, accepted: 0, rejected: 0, stageChanges: 0, reasons: {} }, days: [] };
      groups.set(campaign, group);
    }
    const s = group.summary;
    if (row.verdict === 'accepted') s.accepted++;
    else if (row.verdict === 'rejected') s.rejected++;
    else s.stageChanges++;
    if (row.reason) s.reasons[row.reason] = (s.reasons[row.reason] ?? 0) + 1;
    if (row.daysToAcceptance !== undefined) group.days.push(row.daysToAcceptance);
  }
  return [...groups.values()]
    .map(({ summary, days }) => (days.length ? { ...summary, medianDaysToAcceptance: median(days) } : summary))
    .sort((a, b) => total(b) - total(a) || a.campaign.localeCompare(b.campaign));
}

/**
 * Each lead's newest acceptance or rejection, the way lib/background/verdict.ts picks the card's: the
 * newest wins, on a tie the one logged in this browser. Stage changes are not verdicts (the card
 * ignores them too).
 */
function newestVerdicts(rows: readonly FeedbackRow[]): Set<FeedbackRow> {
  const time = (row: FeedbackRow) => {
    const at = Date.parse(row.occurredAt);
    return Number.isNaN(at) ? -Infinity : at;
  };
  const newest = new Map<string, FeedbackRow>();
  for (const row of rows) {
    if (row.verdict === 'stage') continue;
    const held = newest.get(row.prospectKey);
    const newer = !held || time(row) > time(held) || (time(row) === time(held) && row.source === 'local' && held.source !== 'local');
    if (newer) newest.set(row.prospectKey, row);
  }
  return new Set(newest.values());
}

const total = (s: CampaignSummary) => s.accepted + s.rejected + s.stageChanges;

/** The middle value; for an even count, the mean of the two middle ones, rounded to a whole day. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}
