/**
 * The outbox state machine, as pure functions of (action, what happened, now, policy) → the next row.
 * The drain loop stores what these return inside `updateAction`'s transaction; nothing here touches
 * IndexedDB, the network or the clock.
 *
 *   pending ──claim──▶ inflight ──delivered / found──▶ done
 *      ▲                  │
 *      ├──retry / uncertain / unknown (backoff)──┘
 *      ├──not sent (no attempt, no timer)───────┘
 *      │                  └──fatal, or retries used up──▶ dead ──retryAction──▶ pending
 *
 * Nothing here ever drops an action: every path ends in a stored row, and `dead` keeps its error.
 * A pending action with an error and no `nextAttemptAt` waits for the rep (host access), not for a
 * clock: none is scheduled for it, and every drain tries the first of a destination's (`waitsForRep`).
 * `uncertainSince` marks an action whose request may have reached the destination; while it is set, the
 * next attempt asks the destination whether the record exists before sending it again. It is when the
 * first such request went out, or, once a look found nothing and the action is sent again (`resend`),
 * when that request went out. Only an answer about every request that may have arrived clears it: a
 * look that found nothing, then a definite failure of the request sent after it. A definite failure of
 * a later request says nothing about an earlier one nobody looked for (a destination that cannot look,
 * `earlierMayHaveArrived`), so it stays set, and the rep cannot edit what may already be there.
 */
import { t } from '../i18n';
import type { SalesAction } from '../model/action';
import type { CheckResult, DeliveryOutcome } from './types';
import { productionWait } from '../test-waits';
import { type BackoffPolicy, DEFAULT_BACKOFF, backoffDelay } from './backoff';
import { clockSteppedBack } from './clock-step';

export interface SyncPolicy extends BackoffPolicy {
  /** Failed delivery attempts after which an action goes dead. */
  maxAttempts: number;
  /** A request with no answer after this long is aborted and counts as uncertain. */
  timeoutMs: number;
  /**
   * No asking whether an uncertain action arrived sooner than this after its attempt ended (timed out,
   * answered unreadably, or found interrupted at the worker's start): a slow server may still be
   * creating the record after the client stopped waiting, and "not found" then would send it twice.
   */
  checkAfterMs: number;
  /** When the destination cannot tell, ask again after as long as it has been uncertain, up to this… */
  checkIntervalMaxMs: number;
  /**
   * …and give up (dead, with the reason) once it has been uncertain this long and `minUnsureLooks`
   * looks in a row could not tell: a day measured in wall-clock time includes hours asleep, and the
   * first look on waking often fails (no network yet).
   */
  maxUncertainMs: number;
  minUnsureLooks: number;
}

export const DEFAULT_POLICY: SyncPolicy = {
  ...DEFAULT_BACKOFF,
  maxAttempts: 8,
  timeoutMs: 30_000,
  // Shortened only in the e2e test build (lib/test-waits.ts), like the backoff and HubSpot's settle.
  checkAfterMs: productionWait(30_000),
  checkIntervalMaxMs: 30 * 60_000,
  maxUncertainMs: 24 * 60 * 60_000,
  minUnsureLooks: 3,
};

/** What `findExisting` answered, as the destination contract spells it. */
export type { CheckResult };

export { waitsForRep } from './waits';

const iso = (ms: number) => new Date(ms).toISOString();
const MAX_ERROR = 1000;

export function isDue(action: SalesAction, now: number): boolean {
  if (action.sync.state !== 'pending') return false;
  return attemptAt(action, now) <= now;
}

/**
 * When a pending action may be attempted: its `nextAttemptAt`, or now when it has none, or when the
 * clock reads earlier than the row's last write (`updatedAt`, no earlier than when the wait was set):
 * the clock stepped back since, and the wait would last the step again (clock-step.ts).
 */
export function attemptAt(action: SalesAction, now: number): number {
  const { nextAttemptAt, updatedAt } = action.sync;
  if (!nextAttemptAt || clockSteppedBack(Date.parse(updatedAt), now)) return now;
  return Date.parse(nextAttemptAt);
}

/** Whether the previous attempt may have reached the destination (so look before sending again). */
export function isUncertain(action: SalesAction): boolean {
  return action.sync.uncertainSince !== undefined;
}

/**
 * pending → inflight. Marks the action uncertain from this moment: if the worker dies before the
 * outcome is stored, whoever finds the row later knows a request may have gone out. An action that
 * was already uncertain keeps its original time. Undefined when the action is not due (someone else
 * claimed it, the rep deleted or edited it, or its time has not come).
 */
export function claim(action: SalesAction, now: number): SalesAction | undefined {
  if (!isDue(action, now)) return undefined;
  return withSync(action, now, {
    state: 'inflight',
    uncertainSince: action.sync.uncertainSince ?? iso(now),
  });
}

/**
 * inflight → done / pending / dead, after a delivery request ended. Every outcome but `not-sent` and a
 * `retry` the destination timed (Retry-After) counts as an attempt. `earlierMayHaveArrived`: the action was uncertain before this attempt and nobody looked
 * (its destination has no `findExisting`), so no answer to this request makes it certain again.
 */
export function settle(action: SalesAction, outcome: DeliveryOutcome, now: number, policy: SyncPolicy = DEFAULT_POLICY, earlierMayHaveArrived = false): SalesAction {
  return settled(action, outcome, now, policy, now, earlierMayHaveArrived);
}

/** `settle`, with the time the client stopped waiting for the request (the first look is checkAfterMs after it). */
function settled(action: SalesAction, outcome: DeliveryOutcome, now: number, policy: SyncPolicy, stoppedWaiting: number, earlierMayHaveArrived = false): SalesAction {
  // What a definite answer to this request leaves: certain, unless an earlier request may be there.
  const certainUnlessEarlier = earlierMayHaveArrived ? action.sync.uncertainSince : undefined;
  // Nothing left this machine, so no attempt was used: waiting for access is not failing, and eight
  // refusals must not make it dead.
  if (outcome.kind === 'not-sent') return withSync(action, now, { state: 'pending', lastError: clip(outcome.error), uncertainSince: certainUnlessEarlier, nextAttemptAt: undefined });
  // A "later" with a time the destination gave (a 429's Retry-After, HubSpot's daily limit) is its
  // quota, not the action failing: it uses no attempt, so waiting out a daily limit an hour at a time
  // never makes an action dead. It is tried when the destination said, however often it says so.
  const told = outcome.kind === 'retry' && (outcome.retryAfterMs ?? 0) > 0;
  const attempts = action.sync.attempts + (told ? 0 : 1);
  switch (outcome.kind) {
    case 'delivered':
      return delivered(action, now, outcome.remoteId, attempts);
    case 'fatal':
      // The destination answered and refused: this request recorded nothing.
      return withSync(action, now, { state: 'dead', attempts, lastError: clip(outcome.error), uncertainSince: certainUnlessEarlier, nextAttemptAt: undefined });
    case 'retry':
    case 'uncertain': {
      // A definite "try later" means this request recorded nothing; an uncertain one keeps the flag so
      // the next attempt looks first.
      const uncertainSince = outcome.kind === 'uncertain' ? (action.sync.uncertainSince ?? iso(now)) : certainUnlessEarlier;
      if (!told && attempts >= policy.maxAttempts) {
        return withSync(action, now, {
          state: 'dead',
          attempts,
          lastError: clip(t('syncError_gaveUp', outcome.error, String(attempts))),
          uncertainSince,
          nextAttemptAt: undefined,
        });
      }
      const { retryAfterMs } = outcome;
      const backoff = now + backoffDelay(attempts, policy, retryAfterMs);
      // Only a request that may still be being recorded needs the wait before a look.
      const checkable = outcome.kind === 'uncertain' ? stoppedWaiting + policy.checkAfterMs : 0;
      return withSync(action, now, {
        state: 'pending',
        attempts,
        lastError: clip(outcome.error),
        uncertainSince,
        nextAttemptAt: iso(Math.max(backoff, checkable)),
      });
    }
  }
}

/**
 * inflight, after asking the destination whether an uncertain action already arrived.
 * Returns the next row, or undefined when it was not found and should be delivered now.
 * "Could not tell" is not a failed attempt (nothing was sent), but it is bounded: in time, and in
 * `looks`, the looks in a row that could not tell, this one included (looks.ts).
 */
export function afterCheck(action: SalesAction, result: CheckResult, now: number, policy: SyncPolicy = DEFAULT_POLICY, looks = 1): SalesAction | undefined {
  if ('found' in result) return result.found ? delivered(action, now, result.remoteId, action.sync.attempts) : undefined;
  if ('refused' in result) return withSync(action, now, { state: 'dead', lastError: clip(result.refused), nextAttemptAt: undefined });
  const since = Date.parse(action.sync.uncertainSince ?? iso(now));
  const uncertainFor = Math.max(0, now - since);
  if (uncertainFor >= policy.maxUncertainMs && looks >= policy.minUnsureLooks) {
    return withSync(action, now, {
      state: 'dead',
      lastError: clip(t('syncError_unconfirmed', result.unknown)),
      nextAttemptAt: undefined,
    });
  }
  // Waiting as long again as it has already been uncertain spaces the checks out geometrically, and
  // never less than the destination's own Retry-After.
  const wait = Math.max(result.retryAfterMs ?? 0, Math.min(policy.checkIntervalMaxMs, Math.max(policy.checkAfterMs, uncertainFor)));
  return withSync(action, now, { state: 'pending', lastError: clip(result.unknown), nextAttemptAt: iso(now + wait) });
}

/**
 * An action found inflight when the worker starts: the worker died mid-request, so the request may
 * have arrived. That interrupted attempt counts, and the next one looks before sending.
 */
export function recover(action: SalesAction, now: number, policy: SyncPolicy = DEFAULT_POLICY): SalesAction | undefined {
  if (action.sync.state !== 'inflight') return undefined;
  // The worker stopped waiting when it died, at the latest when the request's deadline passed (or now).
  const sent = action.sync.uncertainSince ? Date.parse(action.sync.uncertainSince) : now;
  return settled(action, { kind: 'uncertain', error: t('syncError_interrupted') }, now, policy, Math.min(now, sent + policy.timeoutMs));
}

/**
 * inflight, asked and not found: the earlier request did not arrive, and the one about to go out is
 * the one that may. Uncertainty runs from it, so a destination whose search lags (HubSpot's settle)
 * waits for this request to be searchable before the next look, not for the first one's.
 */
export function resend(action: SalesAction, now: number): SalesAction | undefined {
  if (action.sync.state !== 'inflight') return undefined;
  return withSync(action, now, { uncertainSince: iso(now) });
}

/**
 * inflight → pending without counting an attempt: the action was claimed but no request went out
 * (the destination's rate limit or Retry-After window says wait). Its uncertainty is kept as it was.
 */
export function release(action: SalesAction, now: number, wasUncertain: boolean): SalesAction {
  return withSync(action, now, { state: 'pending', uncertainSince: wasUncertain ? action.sync.uncertainSince : undefined });
}

/**
 * A pending action whose destination is not configured: it stays pending with the reason, and
 * goes as soon as the rep reconnects. No attempt is counted; undefined when nothing changes.
 */
export function blockedByConfig(action: SalesAction, now: number, reason: string): SalesAction | undefined {
  if (action.sync.state !== 'pending' || action.sync.lastError === reason) return undefined;
  return withSync(action, now, { lastError: reason });
}

/** dead → pending, with a fresh set of attempts, due now. Uncertainty is kept: a retry looks first. */
export function revive(action: SalesAction, now: number): SalesAction | undefined {
  if (action.sync.state !== 'dead') return undefined;
  return withSync(action, now, { state: 'pending', attempts: 0, nextAttemptAt: iso(now) });
}

function delivered(action: SalesAction, now: number, remoteId: string | undefined, attempts: number): SalesAction {
  return withSync(action, now, {
    state: 'done',
    attempts,
    remoteId: remoteId?.slice(0, 200) ?? action.sync.remoteId,
    lastError: undefined,
    uncertainSince: undefined,
    nextAttemptAt: undefined,
  });
}

function withSync(action: SalesAction, now: number, change: Partial<SalesAction['sync']>): SalesAction {
  const sync = { ...action.sync, ...change, updatedAt: iso(now) };
  // Drop keys set to undefined so stored rows stay tidy (and equal to what the schema would parse).
  for (const key of Object.keys(sync) as (keyof typeof sync)[]) if (sync[key] === undefined) delete sync[key];
  return { ...action, sync };
}

function clip(message: string): string {
  return message.length > MAX_ERROR ? `${message.slice(0, MAX_ERROR - 1)}…` : message;
}
