import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffCeiling, backoffDelay } from '@/lib/sync/backoff';
import { seeded } from './helpers';

describe('backoff', () => {
  it('doubles the ceiling from 2 s and stops at 30 min', () => {
    expect([1, 2, 3, 4].map((n) => backoffCeiling(n))).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(backoffCeiling(11)).toBe(30 * 60_000);
    expect(backoffCeiling(5_000)).toBe(30 * 60_000);
  });

  it('waits a random time within [0, ceiling) after any number of failures', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (failures, r) => {
        const delay = backoffDelay(failures, { ...DEFAULT_BACKOFF, random: () => r });
        return delay >= 0 && delay < Math.max(1, backoffCeiling(failures)) && Number.isInteger(delay);
      }),
    );
  });

  it('spreads retries across the whole window (full jitter), reproducibly with a seed', () => {
    const sample = (seed: number) => {
      const policy = { ...DEFAULT_BACKOFF, random: seeded(seed) };
      return Array.from({ length: 1000 }, () => backoffDelay(4, policy));
    };
    const delays = sample(42);
    expect(sample(42)).toEqual(delays);
    expect(sample(43)).not.toEqual(delays);
    // Ceiling 16 s: each quarter of the window gets roughly a quarter of the retries.
    const quarters = [0, 0, 0, 0];
    for (const d of delays) quarters[Math.floor(d / 4_000)]!++;
    for (const q of quarters) expect(q).toBeGreaterThan(200);
    expect(Math.max(...delays)).toBeLessThan(16_000);
  });

  it("never retries before the server's Retry-After, whatever the jitter", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 3_600_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (failures, retryAfterMs, r) => {
        const delay = backoffDelay(failures, { ...DEFAULT_BACKOFF, random: () => r }, retryAfterMs);
        return delay >= retryAfterMs && delay <= Math.max(retryAfterMs, backoffCeiling(failures));
      }),
    );
  });
});
