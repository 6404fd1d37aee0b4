// @vitest-environment node
/**
 * Sync under faults, the short version `npm test` runs: 200 actions through the real engine and
 * destinations against failing loopback mocks, the worker stopped every few dozen transactions or every few requests.
 * `npm run test:hardening` runs the same harness with 1,000 actions (tests/hardening/sync-faults).
 */
import { describe, expect, it } from 'vitest';
import { runSyncSoak } from '../../hardening/support/sync-soak';

describe('sync under faults (200 actions)', () => {
  it('loses nothing, records nothing twice, honours Retry-After, and drains once the faults stop', async () => {
    const report = await runSyncSoak({ actions: 200, seed: 7, killEveryTransactions: [10, 60], killEveryRequests: [5, 30] });
    console.log(`sync-faults ${JSON.stringify(report)}`);

    expect(report.actions).toBe(200);
    expect(report.lost).toBe(0);
    expect(report.hubspotDuplicates).toBe(0);
    expect(report.webhookDuplicates).toBe(0);
    expect(report.requestsInsideRetryAfter).toBe(0);
    expect(report.drainedAfterFaults).toBe(true);
    expect(report.queuedWhenFaultsStopped).toBeGreaterThanOrEqual(20);
    // The faults and the stops really happened, or the numbers above prove nothing.
    expect(report.faults.failed).toBeGreaterThan(20);
    expect(report.faults.rateLimited).toBeGreaterThan(10);
    expect(report.faults.noAnswer).toBeGreaterThan(5);
    expect(report.workerStops).toBeGreaterThan(5);
    expect(report.recoveredInflight).toBeGreaterThan(2);
  }, 120_000);
});
