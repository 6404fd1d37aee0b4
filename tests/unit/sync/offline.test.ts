import { describe, expect, it } from 'vitest';
import { getAction, updateAction } from '@/lib/store/outbox';
import { logAction } from '@/lib/sync/actions';
import { type DrainOptions, drainOutbox, wakeAfterReconnect } from '@/lib/sync/drain';
import { DestinationGate } from '@/lib/sync/rate-limit';
import { FakeDestination, callInput, fakeClock, freshDatabasePerTest } from './helpers';

freshDatabasePerTest();
const clock = fakeClock();

function options(webhook: FakeDestination, online: { value: boolean }): DrainOptions {
  return {
    resolveDestination: (kind) => (kind === 'webhook' ? webhook : undefined),
    getProspect: () => undefined,
    sleep: clock.sleep,
    gate: new DestinationGate(),
    policy: { random: () => 0.5 },
    isOnline: () => online.value,
  };
}

describe('offline', () => {
  it('sends nothing and uses up no attempts while the browser is offline', async () => {
    const webhook = new FakeDestination('webhook', clock.now);
    const online = { value: false };
    const { id } = await logAction(callInput(), 'webhook');
    for (let i = 0; i < 10; i++) {
      expect(await drainOutbox(options(webhook, online))).toEqual({ attempted: 0, delivered: 0, retried: 0, dead: 0 });
      clock.advance(60_000);
    }
    expect(webhook.requests).toHaveLength(0);
    expect((await getAction(id))!.sync).toMatchObject({ state: 'pending', attempts: 0 });

    online.value = true;
    expect(await drainOutbox(options(webhook, online))).toMatchObject({ attempted: 1, delivered: 1 });
  });

  it('makes backing-off actions due at once when the network returns, but not uncertain ones', async () => {
    const backingOff = await logAction(callInput({ notes: 'failed while the train was in a tunnel' }), 'webhook');
    const uncertain = await logAction(callInput({ notes: 'sent, answer lost' }), 'webhook');
    const later = new Date(clock.now() + 20 * 60_000).toISOString();
    await updateAction(backingOff.id, (a) => ({ ...a, sync: { ...a.sync, attempts: 5, nextAttemptAt: later, lastError: 'Offline' } }));
    await updateAction(uncertain.id, (a) => ({ ...a, sync: { ...a.sync, attempts: 1, nextAttemptAt: later, uncertainSince: new Date(clock.now()).toISOString() } }));

    expect(await wakeAfterReconnect(clock.now())).toBe(1);
    expect(Date.parse((await getAction(backingOff.id))!.sync.nextAttemptAt!)).toBe(clock.now());
    expect((await getAction(uncertain.id))!.sync.nextAttemptAt).toBe(later);
  });
});
