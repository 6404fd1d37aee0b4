/**
 * A token bucket per key (a tab): `burst` requests at once, then `perSecond`. A page cannot make its
 * content script report faster than a person could change what it shows; what it tries beyond
 * that is refused, and the content script reports again on the next real change. The same buckets
 * bound how many people a tab may have asked of the CRM sources (tab-builder.ts), several at a time.
 */
export interface RateLimiter {
  /** Takes one token for `key`; false when there is none left. */
  take(key: number, now: number): boolean;
  /** Takes up to `wanted` tokens for `key`; how many it took. */
  takeUpTo(key: number, wanted: number, now: number): number;
  /** Milliseconds until `key` holds `wanted` tokens (at most `burst`); 0 when it does now. */
  waitFor(key: number, wanted: number, now: number): number;
  forget(key: number): void;
}

export function createRateLimiter({ burst, perSecond }: { burst: number; perSecond: number }): RateLimiter {
  const buckets = new Map<number, { tokens: number; at: number }>();
  /** After this long untouched a bucket is full again, as good as none. */
  const refillMs = (burst / perSecond) * 1000;

  function tokensOf(key: number, now: number): number {
    const bucket = buckets.get(key);
    // A clock stepped back (NTP, a manual fix) refills nothing; unclamped, an hour back would leave
    // the tab an hour of debt and refuse every detection meanwhile. The sync gate does the same.
    return bucket ? Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * perSecond) : burst;
  }

  function takeUpTo(key: number, wanted: number, now: number): number {
    // Forgetting full buckets keeps the map to the keys used lately, closed tabs included.
    for (const [other, bucket] of buckets) if (now - bucket.at >= refillMs) buckets.delete(other);
    const tokens = tokensOf(key, now);
    const taken = Math.max(0, Math.min(wanted, Math.floor(tokens)));
    buckets.set(key, { tokens: tokens - taken, at: now });
    return taken;
  }

  return {
    take: (key, now) => takeUpTo(key, 1, now) === 1,
    takeUpTo,
    waitFor(key, wanted, now) {
      const missing = Math.min(wanted, burst) - tokensOf(key, now);
      return Math.max(0, Math.ceil((missing / perSecond) * 1000));
    },
    forget(key) {
      buckets.delete(key);
    },
  };
}
