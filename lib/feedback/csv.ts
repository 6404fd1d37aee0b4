/** The lead feedback page's CSV export, through the one CSV writer (lib/data/csv.ts neutralises formulas). */
import { CsvWriter } from '../data/csv';
import type { FeedbackRow } from './rows';

export const FEEDBACK_COLUMNS = [
  'occurred_at',
  'prospect_key',
  'name',
  'verdict',
  'reject_reason',
  'stage',
  'first_touch',
  'first_touch_at',
  'last_touch',
  'last_touch_at',
  'days_to_acceptance',
  'notes',
  'sync_state',
  'destination',
  'source',
] as const;

export function feedbackCsv(rows: readonly FeedbackRow[]): CsvWriter {
  const csv = new CsvWriter(FEEDBACK_COLUMNS);
  for (const r of rows) {
    csv.add({
      occurred_at: r.occurredAt,
      prospect_key: r.prospectKey,
      name: r.name,
      verdict: r.verdict,
      reject_reason: r.reason,
      stage: r.stage,
      first_touch: r.firstTouch?.label,
      first_touch_at: r.firstTouch?.occurredAt,
      last_touch: r.lastTouch?.label,
      last_touch_at: r.lastTouch?.occurredAt,
      days_to_acceptance: r.daysToAcceptance,
      notes: r.notes,
      sync_state: r.syncState,
      destination: r.destination,
      source: r.source,
    });
  }
  return csv;
}

/** "prospect-lens-lead-feedback-2026-12-03.csv" */
export const feedbackFileName = (nowIso: string) => `prospect-lens-lead-feedback-${nowIso.slice(0, 10)}.csv`;
