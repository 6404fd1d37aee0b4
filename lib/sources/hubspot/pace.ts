/**
 * HubSpot counts every request of an account, from all its apps, against one rolling limit: 100 per
 * 10 s on the lowest plans, a 429 `TEN_SECONDLY_ROLLING` beyond it. A lookup reads several people's
 * details at once (details.ts), which on a fast connection would pass that limit in a second or two;
 * so each account's lookups keep to `max` requests in any window, leaving the rest to the outbox and
 * the account's other apps. Waiting counts real time (not the app's clock, which tests set still).
 */
import type { HubSpotCall } from './client';

export interface Pace {
  max: number;
  windowMs: number;
}

export const LOOKUP_PACE: Pace = { max: 80, windowMs: 10_000 };

/** Per account (base URL and token): when its recent requests left, oldest first. */
const sent = new Map<string, number[]>();

/** `call`, but each request waits its turn within the account's pace; the wait ends with `signal`. */
export function paced(call: HubSpotCall, account: string, pace: Pace = LOOKUP_PACE): HubSpotCall {
  return async (method, path, body, signal) => {
    await turn(account, pace, signal);
    return call(method, path, body, signal);
  };
}

async function turn(account: string, pace: Pace, signal: AbortSignal | undefined): Promise<void> {
  for (;;) {
    signal?.throwIfAborted();
    const now = performance.now();
    const recent = (sent.get(account) ?? []).filter((at) => at > now - pace.windowMs);
    if (recent.length < pace.max) {
      recent.push(now);
      sent.delete(account);
      sent.set(account, recent);
      // A few accounts at most (a token changed, a test's servers): the least recently used go.
      if (sent.size > 20) sent.delete(sent.keys().next().value!);
      return;
    }
    sent.set(account, recent);
    await sleep(recent[0]! + pace.windowMs - now, signal);
  }
}

/** Waits `ms`; rejects with the signal's reason once it aborts (at once when it already has). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    };
    const abort = () => {
      done();
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, Math.max(1, ms));
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/** Tests: forget the requests counted so far. */
export function forgetPace(): void {
  sent.clear();
}
