// @vitest-environment node
/**
 * Host access not granted: the credentialed fetch refuses before anything leaves the machine. That is
 * no failed attempt. The action waits, pending and saying why, with no timer of its own, however many
 * drains pass; once access is granted the next drain (the one the grant kicks) sends it.
 */
import { expect, it } from 'vitest';
import { credentialedFetch } from '@/lib/sources/credentialed-fetch';
import { WebhookConnection } from '@/lib/sources/webhook/definition';
import { createWebhookDestination } from '@/lib/sources/webhook/destination';
import { getAction } from '@/lib/store/outbox';
import { logAction } from '@/lib/sync/actions';
import { type DrainOptions, drainOutbox, nextWakeAt } from '@/lib/sync/drain';
import { DestinationGate } from '@/lib/sync/rate-limit';
import { callInput, fakeClock, freshDatabasePerTest } from './helpers';

freshDatabasePerTest();
const clock = fakeClock();

it('waits for host access without using attempts, and goes once access is granted', async () => {
  let granted = false;
  let sent = 0;
  const fetchImpl = credentialedFetch('https://hooks.example.com', {
    hasAccess: async () => granted,
    fetchImpl: async () => {
      sent++;
      return new Response('{}', { status: 200 });
    },
  });
  const destination = createWebhookDestination(WebhookConnection.parse({ url: 'https://hooks.example.com/in' }), { secret: 's' }, fetchImpl);
  const options: DrainOptions = { resolveDestination: () => destination, getProspect: () => undefined, now: clock.now, sleep: clock.sleep, gate: new DestinationGate(), policy: { random: () => 0.5 } };
  const action = await logAction(callInput(), 'webhook');

  for (let hour = 0; hour < 10; hour++) {
    await drainOutbox(options);
    clock.advance(60 * 60_000);
  }
  const waiting = (await getAction(action.id))!;
  expect(sent).toBe(0);
  expect(waiting.sync).toMatchObject({ state: 'pending', attempts: 0, lastError: 'Access not granted — grant it in Options' });
  expect(waiting.sync.uncertainSince).toBeUndefined();
  // No timer for it: only the rep can help, and granting access kicks a drain.
  expect(await nextWakeAt(options)).toBeUndefined();

  granted = true;
  await drainOutbox(options);
  expect(sent).toBe(1);
  expect((await getAction(action.id))!.sync).toMatchObject({ state: 'done', attempts: 1 });
});
