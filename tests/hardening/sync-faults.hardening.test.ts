// @vitest-environment node
/**
 * Sync under faults, the full run: 1,000 actions through the real engine and destinations against
 * loopback mocks that fail 20% of requests, answer 429 with Retry-After 10%, reset connections and
 * hang, with the worker stopped every few dozen transactions or requests. Two seeds, so one lucky fault order proves nothing.
 */
import { describe, expect, it } from 'vitest';
import { runSyncSoak } from './support/sync-soak';
import { recordResult } from './support/results';

describe('sync under faults (1,000 actions)', () => {
  it.each([11, 12])('seed %i: 0 lost, 0 recorded twice, no request inside a Retry-After window, drained after', async (seed) => {
    const report = await runSyncSoak({ actions: 1_000, seed, killEveryTransactions: [20, 120], killEveryRequests: [10, 80] });
    recordResult(`sync-faults-${seed}`, report);

    expect(report.actions).toBe(1_000);
    expect(report.lost).toBe(0);
    expect(report.hubspotDuplicates).toBe(0);
    expect(report.webhookDuplicates).toBe(0);
    expect(report.requestsInsideRetryAfter).toBe(0);
    expect(report.queuedWhenFaultsStopped).toBeGreaterThan(50);
    expect(report.drainedAfterFaults).toBe(true);
    expect(report.faults.failed).toBeGreaterThan(150);
    expect(report.faults.rateLimited).toBeGreaterThan(80);
    expect(report.faults.noAnswer).toBeGreaterThan(30);
    expect(report.workerStops).toBeGreaterThan(20);
  }, 300_000);
});
