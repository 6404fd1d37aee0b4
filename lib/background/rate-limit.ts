/**
 * A token bucket per key (a tab): `burst` requests at once, then `perSecond`. A page cannot make its
 * content script report faster than a person could change what it shows; what it tries beyond
 * that is refused, and the content script reports again on the next real change.
 */
export interface RateLimiter {
  /** Takes one token for `key`; false when there is none left. */
  take(key: number, now: number): boolean;
  forget(key: number): void;
}

export function createRateLimiter({ burst, perSecond }: { burst: number; perSecond: number }): RateLimiter {
  const buckets = new Map<number, { tokens: number; at: number }>();
  return {
    take(key, now) {
      const bucket = buckets.get(key) ?? { tokens: burst, at: now };
      // A clock stepped back (NTP, a manual fix) refills nothing; unclamped, an hour back would leave
      // the tab an hour of debt and refuse every detection meanwhile. The sync gate does the same.
      const tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * perSecond);
      const allowed = tokens >= 1;
      buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: now });
      return allowed;
    },
    forget(key) {
      buckets.delete(key);
    },
  };
}
