/**
 * HubSpot's daily limit, tried hourly (it resets at the account's midnight, which the connection does
 * not know): each timed "later" uses no attempt (state.ts), so an action waiting it out is still
 * pending when a US portal resets — never dead on the way.
 */
import { describe, expect, it } from 'vitest';
import { hubspotRateLimitWait } from '@/lib/sources/hubspot/client';
import { getAction } from '@/lib/store/outbox';
import { logAction } from '@/lib/sync/actions';
import { type DrainOptions, drainOutbox, nextWakeAt } from '@/lib/sync/drain';
import { DestinationGate } from '@/lib/sync/rate-limit';
import { FakeDestination, callInput, fakeClock, freshDatabasePerTest } from './helpers';

freshDatabasePerTest();
// 09:00 US-Eastern (14:00 UTC): the portal's daily limit is spent; it resets at 00:00 Eastern (05:00 UTC next day).
const clock = fakeClock(Date.parse('2026-12-03T14:00:00.000Z'));

describe('HubSpot daily limit tried hourly', () => {
  it('an action waiting out the daily limit is still pending when the portal resets at its own midnight', async () => {
    const reset = Date.parse('2026-12-04T05:00:00.000Z');
    const hubspot = new FakeDestination('hubspot', clock.now, () =>
      clock.now() < reset ? { kind: 'retry', error: 'HubSpot: daily limit (HTTP 429)', retryAfterMs: hubspotRateLimitWait({ policyName: 'DAILY' }, clock.now()) } : { kind: 'delivered' },
    );
    const { id } = await logAction(callInput(), 'hubspot');
    const options: DrainOptions = { resolveDestination: (k) => (k === 'hubspot' ? hubspot : undefined), getProspect: () => undefined, sleep: clock.sleep, gate: new DestinationGate(), policy: { random: () => 0.5 } };
    await drainOutbox(options);
    for (let i = 0; i < 30 && clock.now() < reset; i++) {
      const at = await nextWakeAt(options);
      if (at === undefined) break;
      clock.set(at);
      await drainOutbox(options);
    }
    const row = (await getAction(id))!;
    expect(row.sync.state).not.toBe('dead');
  });
});
