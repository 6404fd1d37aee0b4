/**
 * Lead feedback and stage changes read back from a CRM (docs/architecture.md, "Lead feedback page"):
 * what a destination wrote for a logged action, as the background hands it to the lead feedback page.
 * The page runs without credentials, so the background reads these for it (`feedback/remote`).
 */
import type { DestinationKind, SalesAction } from './action';

/** Where a row of the page comes from: this browser's outbox (`local`) or a destination CRM. */
export type FeedbackSource = DestinationKind;

export interface RemoteFeedback {
  /** The action id from the record's marker line: the same feedback in the local outbox has it too. */
  actionId: string;
  /** The CRM's own id of the record (a HubSpot note id). */
  remoteId: string;
  /** The person's email address as the CRM has it (lower case); the page's prospect key. */
  email?: string;
  name?: string;
  verdict: 'accepted' | 'rejected' | 'stage';
  reason?: SalesAction['rejectReason'];
  stage?: string;
  notes: string;
  occurredAt: string;
}

/** One CRM's answer: its records, and whether the cap cut them short, or why none could be read. */
export interface RemoteFeedbackResult {
  source: Exclude<FeedbackSource, 'local'>;
  records: RemoteFeedback[];
  /** More matched than the cap: the newest `records.length` are shown. */
  capped: boolean;
  /** Set when the CRM could not be read (in words); `records` is then empty. */
  error?: string;
}

/** At most this many records are read from one CRM for the page (a bounded number of requests). */
export const MAX_REMOTE_FEEDBACK = 1000;

export interface FeedbackRange {
  /** ISO instants; either may be absent (no bound). */
  from?: string;
  to?: string;
}
