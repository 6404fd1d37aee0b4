/**
 * One row of the lead feedback page: a logged lead feedback (accepted / rejected with a reason) or
 * stage change, with the person's first and last marketing touch before it and, for an acceptance,
 * the days from the first touch to it. Pure.
 */
import type { SalesAction } from '../model/action';
import type { EngagementEvent } from '../model/engagement';
import type { FeedbackSource } from '../model/feedback';
import { type Touch, touchesOf } from '../insights/touches';

export type Verdict = 'accepted' | 'rejected' | 'stage';

export interface FeedbackRow {
  id: string;
  prospectKey: string;
  name?: string;
  verdict: Verdict;
  /** Why a lead was rejected (`not_a_fit`…). */
  reason?: string;
  /** The new stage of a stage change. */
  stage?: string;
  notes: string;
  occurredAt: string;
  firstTouch?: Touch;
  lastTouch?: Touch;
  /** Whole days from the first marketing touch to the acceptance; accepted rows with a first touch only. */
  daysToAcceptance?: number;
  /** Where the action is: `done` at `local` is kept in this browser only. */
  syncState: SalesAction['sync']['state'];
  destination: SalesAction['sync']['destination'];
  /** Where the page read the row: this browser's outbox, or a CRM (feedback a colleague logged elsewhere). */
  source: FeedbackSource;
}

const DAY_MS = 86_400_000;

export const isFeedback = (action: SalesAction) =>
  (action.type === 'lead_feedback' && !!action.feedback) || action.type === 'stage_change';

export function verdictOf(action: SalesAction): Verdict {
  return action.type === 'lead_feedback' && action.feedback ? action.feedback : 'stage';
}

/** Whole days between two instants, never negative. */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.max(0, Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / DAY_MS));
}

/** The row for one feedback action, given the person's engagement events (any order) and name. */
export function feedbackRow(action: SalesAction, events: readonly EngagementEvent[], name?: string): FeedbackRow {
  const verdict = verdictOf(action);
  const { first, last } = touchesOf(events, action.occurredAt);
  return {
    id: action.id,
    prospectKey: action.prospectKey,
    ...(name && { name }),
    verdict,
    ...(verdict === 'rejected' && action.rejectReason && { reason: action.rejectReason }),
    ...(verdict === 'stage' && action.stage && { stage: action.stage }),
    notes: action.notes,
    occurredAt: action.occurredAt,
    ...(first && { firstTouch: first }),
    ...(last && { lastTouch: last }),
    ...(verdict === 'accepted' && first && { daysToAcceptance: daysBetween(first.occurredAt, action.occurredAt) }),
    syncState: action.sync.state,
    destination: action.sync.destination,
    source: 'local',
  };
}
