import type { FeedbackRange, RemoteFeedback } from '../model/feedback';
import type { DestinationKind, SalesAction } from '../model/action';
import type { Prospect } from '../model/prospect';

/** How a delivery attempt ended, as the outbox needs to know it. */
export type DeliveryOutcome =
  | { kind: 'delivered'; remoteId?: string }
  /**
   * Worth trying again later (503, 429, a read's 5xx, a network failure before the request left).
   * `retryAfterMs` is the server's Retry-After when it gave one.
   */
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  /**
   * The request may or may not have reached the server, or the server may have stored it and failed
   * after (timeout, reset, worker death mid-request, a write answered 500, 502 or 504).
   * `retryAfterMs`: a later request of the same attempt was answered 429 with it (HubSpot's company link).
   */
  | { kind: 'uncertain'; error: string; retryAfterMs?: number }
  /** Will never work as it is (400, 401/403, missing contact): the action goes dead with this error. */
  | { kind: 'fatal'; error: string }
  /**
   * Nothing left this machine, and only the rep can change that (host access not granted): no attempt
   * is used and no time is set; the action waits (lib/sync/state.ts, `waitsForRep`).
   */
  | { kind: 'not-sent'; error: string };

/**
 * What `findExisting` found. `unknown` means it could not tell; with `retryAfterMs` the destination
 * also asked to be left alone that long (a 429 to the search), and no request goes to it before then.
 */
/**
 * What a look found. `refused`: part of the action is there and the destination refused the rest
 * (Mautic: the feedback note is written, the points or tags are not allowed): it goes dead with that
 * reason, and stays uneditable, since what is there would not change with an edit.
 */
export type CheckResult = { found: true; remoteId?: string } | { found: false } | { unknown: string; retryAfterMs?: number } | { refused: string };

export interface DeliveryContext {
  prospect: Prospect | undefined;
  signal: AbortSignal;
}

/**
 * A place logged actions go. `deliver` must not throw: every failure becomes an outcome.
 * `findExisting` is asked before re-sending an action whose previous attempt was uncertain; it looks
 * the action id up at the destination (the id is stored in the created record) so nothing is recorded twice.
 */
export interface Destination {
  readonly kind: DestinationKind;
  /** Requests per second this destination tolerates (client-side rate limit). */
  readonly ratePerSecond: number;
  deliver(action: SalesAction, ctx: DeliveryContext): Promise<DeliveryOutcome>;
  findExisting?(action: SalesAction, ctx: DeliveryContext): Promise<CheckResult>;
  /**
   * Reads back the lead feedback and stage changes this destination wrote (for the lead feedback
   * page), newest first, at most `cap`. Throws the transport's error when the service cannot be read.
   */
  readFeedback?(range: FeedbackRange, cap: number, signal?: AbortSignal): Promise<{ records: RemoteFeedback[]; capped: boolean }>;
}
