/**
 * When to try a failed delivery again: exponential backoff with "full jitter" (a uniformly random wait
 * between zero and the exponential ceiling), so many browsers that failed together do not retry together.
 * A server's Retry-After is a floor: the next attempt is never before it.
 */

import { productionWait } from '../test-waits';

export interface BackoffPolicy {
  /** Ceiling of the first retry's wait. */
  baseMs: number;
  /** The ceiling never grows past this. */
  capMs: number;
  /** Returns a number in [0, 1); injected so tests can seed it. */
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  // Shortened only in the e2e test build (lib/test-waits.ts).
  baseMs: productionWait(2_000),
  capMs: 30 * 60_000,
  random: Math.random,
};

/** The ceiling for the wait after the `failures`-th failed attempt (1-based): base, 2·base, 4·base… up to cap. */
export function backoffCeiling(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, failures - 1);
  // 2^exponent overflows to Infinity long after it passes any sane cap; min() handles both.
  return Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
}

/**
 * Milliseconds to wait after the `failures`-th failed attempt. Full jitter within the ceiling, and never
 * less than the server's Retry-After.
 */
export function backoffDelay(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF, retryAfterMs?: number): number {
  const jittered = Math.floor(policy.random() * backoffCeiling(failures, policy));
  return Math.max(jittered, retryAfterMs ?? 0);
}
