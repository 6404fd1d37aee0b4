import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '@/lib/background/rate-limit';

const T = Date.UTC(2026, 11, 4, 12);

describe('page rate limiter', () => {
  it('allows a burst, then refuses until tokens refill at the rate', () => {
    const limiter = createRateLimiter({ burst: 3, perSecond: 1 });
    expect([1, 2, 3, 4].map(() => limiter.take(1, T))).toEqual([true, true, true, false]);
    expect(limiter.take(2, T)).toBe(true); // each tab has its own bucket
    expect(limiter.take(1, T + 999)).toBe(false);
    expect(limiter.take(1, T + 1000)).toBe(true);
  });

  it('still admits detections a minute after the system clock stepped back an hour', () => {
    const detections = createRateLimiter({ burst: 20, perSecond: 5 });
    expect(detections.take(1, T)).toBe(true);
    const back = T - 3_600_000;
    // The step refills nothing, and leaves no debt behind it.
    expect(detections.take(1, back)).toBe(true);
    expect(detections.take(1, back + 60_000)).toBe(true);
  });
});
