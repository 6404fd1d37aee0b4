// @vitest-environment node
/**
 * Host access not granted: the credentialed fetch refuses before anything leaves the machine. That is
 * no failed attempt. The actions wait, pending and saying why, with no timer of their own, however many
 * drains pass; a drain tries one of them per destination, leaves the others as they are and reports
 * nothing done (no repaint). Once access is granted the next drain (the one the grant kicks) sends them.
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
  let asked = 0;
  const fetchImpl = credentialedFetch('https://hooks.example.com', {
    hasAccess: async () => {
      asked++;
      return granted;
    },
    fetchImpl: async () => {
      sent++;
      return new Response('{}', { status: 200 });
    },
  });
  const destination = createWebhookDestination(WebhookConnection.parse({ url: 'https://hooks.example.com/in' }), { secret: 's' }, fetchImpl);
  const options: DrainOptions = { resolveDestination: () => destination, getProspect: () => undefined, now: clock.now, sleep: clock.sleep, gate: new DestinationGate(), policy: { random: () => 0.5 } };
  const actions = [await logAction(callInput(), 'webhook'), await logAction(callInput(), 'webhook'), await logAction(callInput(), 'webhook')];
  const stored = async () => Promise.all(actions.map(async (a) => (await getAction(a.id))!));

  // The first drain finds each refused: that changes what the rep sees, so it counts.
  expect(await drainOutbox(options)).toMatchObject({ attempted: 3, retried: 3 });
  expect(asked).toBe(3);
  const firstWait = await stored();
  for (const waiting of firstWait) {
    expect(waiting.sync).toMatchObject({ state: 'pending', attempts: 0, lastError: 'Access not granted — grant it in Options' });
    expect(waiting.sync.uncertainSince).toBeUndefined();
  }

  // Later drains ask once for the destination and leave the other two rows untouched.
  for (let hour = 0; hour < 10; hour++) {
    clock.advance(60 * 60_000);
    expect(await drainOutbox(options)).toEqual({ attempted: 0, delivered: 0, retried: 0, dead: 0 });
  }
  expect(asked).toBe(3 + 10);
  expect(sent).toBe(0);
  const later = await stored();
  expect(later.filter((row, i) => row.sync.updatedAt !== firstWait[i]!.sync.updatedAt)).toHaveLength(1);
  for (const waiting of later) expect(waiting.sync).toMatchObject({ state: 'pending', attempts: 0 });
  // No timer for them: only the rep can help, and granting access kicks a drain.
  expect(await nextWakeAt(options)).toBeUndefined();

  granted = true;
  expect(await drainOutbox(options)).toMatchObject({ attempted: 3, delivered: 3 });
  expect(sent).toBe(3);
  for (const row of await stored()) expect(row.sync).toMatchObject({ state: 'done', attempts: 1 });
});
