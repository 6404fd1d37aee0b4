/**
 * One delivery attempt for one action: wait for the destination's pace, claim the row, look first if
 * the last attempt was uncertain, send, and store what happened. Every state change goes through
 * `updateAction`, one transaction each, and only from the state this attempt expects.
 */
import { t } from '../i18n';
import type { Prospect } from '../model/prospect';
import type { SalesAction } from '../model/action';
import { updateAction } from '../store/outbox';
import { describeFailure, withDeadline } from './deadline';
import { destinationLabel } from './labels';
import { countUnsureLook, forgetLooks } from './looks';
import type { DestinationGate } from './rate-limit';
import { type CheckResult, type SyncPolicy, afterCheck, claim, release, resend, settle, waitsForRep } from './state';
import type { DeliveryContext, DeliveryOutcome, Destination } from './types';
import { errorText } from '../errors';

export type AttemptResult =
  | 'delivered'
  | 'retried'
  | 'dead'
  /** Not sent for want of host access: pending, waiting for the rep (`waitsForRep`). */
  | 'waiting'
  /** Someone else claimed it, or it changed since it was listed: not attempted. */
  | 'not-claimed'
  /** The destination's rate limit or Retry-After window says wait longer than the drain sleeps. */
  | 'paced';

export interface AttemptContext {
  destination: Destination;
  getProspect(key: string): Promise<Prospect | undefined> | Prospect | undefined;
  now(): number;
  policy: SyncPolicy;
  gate: DestinationGate;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** The longest wait for the destination's pace that the drain sleeps through. */
  maxSleepMs: number;
  signal?: AbortSignal;
}

export async function attemptDelivery(listed: SalesAction, ctx: AttemptContext): Promise<AttemptResult> {
  if (!(await paced(ctx))) return 'paced';

  const { now, policy } = ctx;
  let wasUncertain = false;
  let claimed: SalesAction | undefined;
  await updateAction(listed.id, (current) => {
    wasUncertain = current.sync.uncertainSince !== undefined;
    claimed = claim(current, now());
    return claimed;
  });
  if (!claimed) return 'not-claimed';
  try {
    return await send(claimed, wasUncertain, ctx);
  } catch (error) {
    // Whatever went wrong here (a prospect lookup, a storage error), the row must not stay inflight
    // until the next worker start; a request may have gone out, so it is uncertain.
    const message = errorText(error);
    return store(claimed, (current) => settle(current, { kind: 'uncertain', error: t('syncError_failed', message) }, now(), policy));
  }
}

async function send(claimed: SalesAction, wasUncertain: boolean, ctx: AttemptContext): Promise<AttemptResult> {
  let action = claimed;
  const { destination, now, policy } = ctx;
  const delivery: DeliveryContext = { prospect: await ctx.getProspect(action.prospectKey), signal: ctx.signal ?? new AbortController().signal };
  const who = destinationLabel(destination.kind);

  if (wasUncertain && destination.findExisting) {
    const findExisting = destination.findExisting.bind(destination);
    const ended = await withDeadline((signal) => findExisting(action, { ...delivery, signal }), policy.timeoutMs, ctx.signal);
    const check: CheckResult = ended.ok ? ended.value : { unknown: describeFailure(ended, who, policy.timeoutMs) };
    if ('unknown' in check && check.retryAfterMs) ctx.gate.block(destination.kind, now() + check.retryAfterMs, now());
    // Only looks once the day has passed count toward giving up: a Friday evening's flaky looks must not
    // make Monday's first one, before the network is up, the last.
    const overDay = now() - Date.parse(action.sync.uncertainSince ?? new Date(now()).toISOString()) >= policy.maxUncertainMs;
    const looks = 'unknown' in check && overDay ? await unsureLooks(action.id, policy) : 0;
    const next = afterCheck(action, check, now(), policy, looks);
    // Counted from zero again once a look got an answer, or the action is given up on (a Retry looks anew).
    if (next?.sync.state !== 'pending') await forgetLooks(action.id).catch(() => undefined);
    // Built from the row as stored now, not as claimed: a reminder shown meanwhile set its `notifiedAt`.
    if (next) return store(action, (current) => afterCheck(current, check, now(), policy, looks)!);
    // Not there: send it, once the destination's pace allows a second request.
    if (!(await paced(ctx))) {
      await store(action, (current) => release(current, now(), true));
      return 'paced';
    }
    // Stored before the request goes out: a worker that dies during it leaves the new time behind.
    let sending: SalesAction | undefined;
    try {
      await updateAction(action.id, (current) => (sending = resend(current, now())));
    } catch {
      // Nothing was sent: back to pending, uncounted and as uncertain as before.
      await store(action, (current) => release(current, now(), true));
      return 'retried';
    }
    if (!sending) return 'not-claimed';
    action = sending;
  }

  // Uncertain and not looked for (the destination cannot look): this request's answer says nothing
  // about the earlier one, so the action stays uncertain and uneditable whatever comes back (a webhook
  // receiver may hold the first copy and drop an edited one as a repeat of its Idempotency-Key).
  const earlierMayHaveArrived = wasUncertain && !destination.findExisting;
  const ended = await withDeadline((signal) => destination.deliver(action, { ...delivery, signal }), policy.timeoutMs, ctx.signal);
  const outcome: DeliveryOutcome = ended.ok ? ended.value : { kind: 'uncertain', error: describeFailure(ended, who, policy.timeoutMs) };
  if ((outcome.kind === 'retry' || outcome.kind === 'uncertain') && outcome.retryAfterMs) ctx.gate.block(destination.kind, now() + outcome.retryAfterMs, now());
  return store(action, (current) => settle(current, outcome, now(), policy, earlierMayHaveArrived));
}

/** This look counted among those that could not tell; without session storage, time alone decides, as it did. */
async function unsureLooks(id: string, policy: SyncPolicy): Promise<number> {
  return countUnsureLook(id).catch(() => policy.minUnsureLooks);
}

/** Takes a request token, sleeping through a short wait; false when the wait is too long for this drain. */
async function paced(ctx: AttemptContext): Promise<boolean> {
  const { destination, gate } = ctx;
  // A second try covers a clock that moved less than the sleep asked for; after that, leave it to the next drain.
  for (let tries = 0; tries < 2; tries++) {
    const wait = gate.tryTake(destination.kind, destination.ratePerSecond, ctx.now());
    if (wait === 0) return true;
    if (wait > ctx.maxSleepMs || ctx.signal?.aborted) return false;
    await ctx.sleep(wait, ctx.signal);
  }
  return false;
}

/** Stores the next state of a row this attempt holds inflight, and says what became of it. */
async function store(action: SalesAction, next: (current: SalesAction) => SalesAction): Promise<AttemptResult> {
  const stored = await updateAction(action.id, (current) => (current.sync.state === 'inflight' ? next(current) : undefined));
  switch (stored?.sync.state) {
    case 'done':
      return 'delivered';
    case 'dead':
      return 'dead';
    default:
      return stored && waitsForRep(stored) ? 'waiting' : 'retried';
  }
}
