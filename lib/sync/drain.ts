/**
 * The drain loop: sends every due pending action once, oldest first, and stores each outcome.
 * One drain runs at a time per context; a call made while one runs joins it, and makes it look once
 * more before it finishes, so an action logged mid-drain is not left for the next alarm.
 */
import { clock } from '../clock';
import type { DestinationKind, SalesAction } from '../model/action';
import type { Prospect } from '../model/prospect';
import { actionsInState, updateAction } from '../store/outbox';
import { attemptDelivery } from './attempt';
import { notConnectedError } from './labels';
import { localDestination } from './local';
import { type DestinationGate, sharedGate } from './rate-limit';
import { DEFAULT_POLICY, type SyncPolicy, attemptAt, blockedByConfig, isDue, recover, waitsForRep } from './state';
import type { Destination } from './types';

export interface DrainOptions {
  /** The configured destination of a kind, or undefined when it is not connected (any more). */
  resolveDestination(kind: DestinationKind): Destination | undefined | Promise<Destination | undefined>;
  getProspect(key: string): Promise<Prospect | undefined> | Prospect | undefined;
  now?: () => number;
  signal?: AbortSignal;
  /** At most this many actions attempted per call, so one wake-up does bounded work. */
  maxBatch?: number;
  policy?: Partial<SyncPolicy>;
  gate?: DestinationGate;
  /** How the loop waits for a destination's rate limit (tests advance a fake clock instead). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Longer waits than this end the drain for that destination; `nextWakeAt` says when to come back. */
  maxSleepMs?: number;
  /**
   * Whether the browser has a network. Offline, nothing is sent: a request that cannot leave would
   * only use up an action's attempts and grow its backoff.
   */
  isOnline?: () => boolean;
}

const browserIsOnline = () => globalThis.navigator?.onLine !== false;

export interface DrainResult {
  attempted: number;
  delivered: number;
  retried: number;
  dead: number;
}

const DEFAULT_MAX_BATCH = 50;
const DEFAULT_MAX_SLEEP_MS = 2_000;

let running: Promise<DrainResult> | undefined;
let lookAgain = false;

export function drainOutbox(options: DrainOptions): Promise<DrainResult> {
  if (running) {
    lookAgain = true;
    return running;
  }
  running = drainUntilQuiet(options);
  return running;
}

async function drainUntilQuiet(options: DrainOptions): Promise<DrainResult> {
  const total: DrainResult = { attempted: 0, delivered: 0, retried: 0, dead: 0 };
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  try {
    do {
      lookAgain = false;
      const round = await drainOnce(options, maxBatch - total.attempted);
      for (const key of Object.keys(total) as (keyof DrainResult)[]) total[key] += round[key];
    } while (lookAgain && total.attempted < maxBatch && !options.signal?.aborted);
  } finally {
    // Cleared in the same turn as the last `lookAgain` check, so no call can join a finished drain.
    running = undefined;
  }
  return total;
}

async function drainOnce(options: DrainOptions, budget: number): Promise<DrainResult> {
  const now = options.now ?? clock.now;
  const gate = options.gate ?? sharedGate;
  const policy = { ...DEFAULT_POLICY, ...options.policy };
  const destinationOf = destinationResolver(options.resolveDestination);
  await gate.load();

  const result: DrainResult = { attempted: 0, delivered: 0, retried: 0, dead: 0 };
  if (!(options.isOnline ?? browserIsOnline)()) return result;
  // Each action is attempted at most once per drain; a destination that says "wait" is left alone.
  const seen = new Set<string>();
  const waiting = new Set<DestinationKind>();
  // Destinations still refused for want of host access in this drain: one of their actions that waits
  // for the rep was tried, so the others are not claimed and settled again for the same answer.
  const refused = new Set<DestinationKind>();
  while (result.attempted < budget && !options.signal?.aborted) {
    const pending = await actionsInState('pending');
    const behind = behindAnOlderVerdict(pending);
    const due = pending.filter((a) => isDue(a, now()) && !seen.has(a.id) && !waiting.has(a.sync.destination) && !behind.has(a.id)).sort(oldestFirst);
    if (due.length === 0) break;
    for (const action of due) {
      if (result.attempted >= budget || options.signal?.aborted) break;
      const kind = action.sync.destination;
      if (waiting.has(kind)) continue;
      seen.add(action.id);
      const alreadyWaiting = waitsForRep(action);
      if (alreadyWaiting && refused.has(kind)) continue;
      const destination = await destinationOf(kind);
      if (!destination) {
        // Stays pending, visibly: reconnecting in Options sends it without a retry per action.
        await updateAction(action.id, (current) => blockedByConfig(current, now(), notConnectedError(kind)));
        continue;
      }
      const outcome = await attemptDelivery(action, {
        destination,
        getProspect: options.getProspect,
        now,
        policy,
        gate,
        sleep: options.sleep ?? sleep,
        maxSleepMs: options.maxSleepMs ?? DEFAULT_MAX_SLEEP_MS,
        signal: options.signal,
      });
      if (outcome === 'paced') waiting.add(kind);
      if (outcome === 'paced' || outcome === 'not-claimed') continue;
      if (outcome === 'waiting') {
        refused.add(kind);
        // Still waiting as it was: nothing the rep sees changed, so it counts for nothing (no repaint).
        if (alreadyWaiting) continue;
      }
      result.attempted++;
      result[outcome === 'waiting' ? 'retried' : outcome]++;
    }
  }
  return result;
}

/**
 * When the next pending action can go: its nextAttemptAt, or later if its destination is inside a
 * Retry-After window. Actions whose destination is not connected, or that wait for host access
 * (`waitsForRep`), do not count: only the rep helps them, and reconnecting or granting access kicks
 * a drain. Undefined when nothing is waiting.
 */
export async function nextWakeAt(options: Pick<DrainOptions, 'resolveDestination' | 'now' | 'gate'>): Promise<number | undefined> {
  const now = (options.now ?? clock.now)();
  const gate = options.gate ?? sharedGate;
  const destinationOf = destinationResolver(options.resolveDestination);
  let soonest: number | undefined;
  const pending = await actionsInState('pending');
  // A verdict waiting behind an older one goes when that one has gone: that one's time wakes the drain.
  const behind = behindAnOlderVerdict(pending);
  for (const action of pending) {
    const kind = action.sync.destination;
    if (behind.has(action.id) || waitsForRep(action) || !(await destinationOf(kind))) continue;
    const at = Math.max(now, attemptAt(action, now) || 0, gate.blockedUntil(kind, now) ?? 0);
    soonest = Math.min(soonest ?? at, at);
  }
  return soonest;
}

/**
 * Rows left inflight by a worker that died mid-request become pending and uncertain, so their next
 * attempt asks the destination before sending. Call once when the worker starts, before any drain.
 */
export async function recoverInterrupted(now = clock.now(), policy: SyncPolicy = DEFAULT_POLICY): Promise<number> {
  // Rows this context's own drain holds are not interrupted.
  if (running) return 0;
  let recovered = 0;
  for (const action of await actionsInState('inflight')) {
    await updateAction(action.id, (current) => {
      const next = recover(current, now, policy);
      if (next) recovered++;
      return next;
    });
  }
  return recovered;
}

/** Resolves each destination kind once per call; `local` needs no configuration. */
function destinationResolver(resolve: DrainOptions['resolveDestination']) {
  const cache = new Map<DestinationKind, Promise<Destination | undefined>>();
  return (kind: DestinationKind): Promise<Destination | undefined> => {
    let found = cache.get(kind);
    if (!found) {
      found = Promise.resolve(resolve(kind)).then((d) => d ?? (kind === 'local' ? localDestination : undefined));
      cache.set(kind, found);
    }
    return found;
  };
}

/**
 * Lead feedback and stage changes set the same field of the person's record (Salesforce's Lead Status,
 * Mautic's verdict tags), so they reach a destination in the order the rep made them: one waits while an
 * older one for the same person and destination is still pending. Otherwise an acceptance whose answer
 * was lost (uncertain, looked for and sent again 30 s later) overwrote the rejection sent meanwhile.
 */
const SETS_THE_VERDICT: ReadonlySet<string> = new Set(['lead_feedback', 'stage_change']);

/** The ids of pending verdicts that wait for an older pending one of the same person and destination. */
function behindAnOlderVerdict(pending: readonly SalesAction[]): Set<string> {
  const heads = new Set<string>();
  const behind = new Set<string>();
  for (const action of pending.filter((a) => SETS_THE_VERDICT.has(a.type)).sort(oldestFirst)) {
    const person = `${action.sync.destination}\u0000${action.prospectKey}`;
    if (heads.has(person)) behind.add(action.id);
    else heads.add(person);
  }
  return behind;
}

function oldestFirst(a: SalesAction, b: SalesAction): number {
  return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

/**
 * The network is back: actions backing off from failures (most of them "offline" ones) become due
 * now, instead of waiting out a backoff that may have grown to half an hour. Uncertain actions keep
 * their wait, which protects against recording them twice, and Retry-After windows still hold.
 */
export async function wakeAfterReconnect(now = clock.now()): Promise<number> {
  let woken = 0;
  for (const action of await actionsInState('pending')) {
    if (action.sync.uncertainSince || !action.sync.nextAttemptAt || Date.parse(action.sync.nextAttemptAt) <= now) continue;
    const changed = await updateAction(action.id, (current) =>
      current.sync.state === 'pending' && !current.sync.uncertainSince
        ? { ...current, sync: { ...current.sync, nextAttemptAt: new Date(now).toISOString() } }
        : undefined,
    );
    if (changed?.sync.nextAttemptAt === new Date(now).toISOString()) woken++;
  }
  return woken;
}
