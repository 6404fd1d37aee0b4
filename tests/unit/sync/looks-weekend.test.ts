/**
 * An uncertain action goes dead only after a day and 3 looks that could not tell, counted after that
 * day (state.ts afterCheck, attempt.ts): flaky looks on Friday evening do not make Monday's first look,
 * before the network is up, the last.
 */
import { describe, expect, it } from 'vitest';
import { getAction, updateAction } from '@/lib/store/outbox';
import { logAction } from '@/lib/sync/actions';
import { type DrainOptions, drainOutbox, nextWakeAt } from '@/lib/sync/drain';
import { DestinationGate } from '@/lib/sync/rate-limit';
import { FakeDestination, callInput, fakeClock, freshDatabasePerTest } from './helpers';

freshDatabasePerTest();
const clock = fakeClock();

describe('3 looks before dead', () => {
  it('looks that failed on Friday evening do not make the first failed look on Monday morning fatal', async () => {
    const hubspot = new FakeDestination('hubspot', clock.now, undefined, () => ({ unknown: 'Failed to fetch' }));
    const { id } = await logAction(callInput(), 'hubspot');
    const friday = clock.now();
    await updateAction(id, (a) => ({ ...a, sync: { ...a.sync, attempts: 1, uncertainSince: new Date(friday).toISOString(), nextAttemptAt: new Date(friday + 30_000).toISOString(), lastError: 'timed out' } }));
    const options: DrainOptions = { resolveDestination: (k) => (k === 'hubspot' ? hubspot : undefined), getProspect: () => undefined, sleep: clock.sleep, gate: new DestinationGate(), policy: { random: () => 0.5 } };
    // Friday evening: the Wi-Fi is flaky, three looks cannot tell (30 s, 1 min, 2 min apart).
    for (let i = 0; i < 3; i++) {
      clock.set((await nextWakeAt(options))!);
      await drainOutbox(options);
    }
    expect((await getAction(id))!.sync.state).toBe('pending');
    // The laptop sleeps over the weekend; on Monday the first look runs before the network is up.
    clock.set(friday + 63 * 3_600_000);
    await drainOutbox(options);
    expect(hubspot.requests.filter((r) => r.at >= friday + 63 * 3_600_000)).toHaveLength(1);
    expect((await getAction(id))!.sync.state).not.toBe('dead');
  });
});
