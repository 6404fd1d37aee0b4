// @vitest-environment node
/**
 * An action some request of which may be at the destination is not editable until something proves
 * nothing is there: a later, definite "try later" does not, unless the destination looked first and
 * found nothing. Otherwise the edit is dropped as a repeat (the webhook's Idempotency-Key) or recorded
 * beside the first copy.
 */
import { expect, it } from 'vitest';
import { isEditable } from '@/lib/model/action';
import { WebhookConnection } from '@/lib/sources/webhook/definition';
import { createWebhookDestination } from '@/lib/sources/webhook/destination';
import { getAction } from '@/lib/store/outbox';
import { ActionRefused, editAction, logAction } from '@/lib/sync/actions';
import { type DrainOptions, drainOutbox } from '@/lib/sync/drain';
import { DestinationGate } from '@/lib/sync/rate-limit';
import { FakeDestination, callInput, fakeClock, freshDatabasePerTest } from './helpers';

freshDatabasePerTest();
const clock = fakeClock();

const drainWith = (destination: DrainOptions['resolveDestination']): DrainOptions => ({
  resolveDestination: destination,
  getProspect: () => undefined,
  now: clock.now,
  sleep: clock.sleep,
  gate: new DestinationGate(),
  policy: { random: () => 0 },
});

it('webhook: after a reset that may have arrived, a 429 leaves the action uncertain, uneditable, and the next try is taken as the repeat it is', async () => {
  const received = new Map<string, string>();
  let call = 0;
  const fetchImpl = async (_url: string, init?: RequestInit): Promise<Response> => {
    call++;
    const key = (init!.headers as Record<string, string>)['idempotency-key']!;
    if (call === 1) {
      received.set(key, String(init!.body));
      throw new TypeError('network error: connection reset');
    }
    if (call === 2) return new Response('{}', { status: 429, headers: { 'retry-after': '1', 'content-type': 'application/json' } });
    if (received.has(key)) return new Response('{"error":"duplicate"}', { status: 409, headers: { 'content-type': 'application/json' } });
    received.set(key, String(init!.body));
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const webhook = createWebhookDestination(WebhookConnection.parse({ url: 'http://127.0.0.1:9/hook' }), {}, fetchImpl as never);
  const options = drainWith(() => webhook);

  const action = await logAction(callInput({ notes: 'Left voicemail' }), 'webhook');
  await drainOutbox(options);
  const first = (await getAction(action.id))!.sync.uncertainSince;
  expect(first).toBeDefined();
  clock.advance(10 * 60_000);
  await drainOutbox(options);
  const afterRetry = (await getAction(action.id))!;
  // The 429 (Retry-After: 1) used no attempt: only the reset counted.
  expect(afterRetry.sync).toMatchObject({ state: 'pending', attempts: 1, uncertainSince: first });
  expect(isEditable(afterRetry)).toBe(false);
  await expect(editAction(action.id, callInput({ notes: 'Spoke to Dana: wants a pilot in March' }))).rejects.toBeInstanceOf(ActionRefused);

  clock.advance(10 * 60_000);
  await drainOutbox(options);
  expect((await getAction(action.id))!.sync.state).toBe('done');
  expect(received.get(action.id)).toContain('Left voicemail');
  expect(call).toBe(3);
});

it('a destination that looked and found nothing makes a later "try later" certain: the rep may edit, and the edit is what arrives, once', async () => {
  const sent: string[] = [];
  const crm = new FakeDestination('hubspot', clock.now, (a) => {
    sent.push(a.notes);
    // The first request's answer is lost before it arrived; the second is a definite 503.
    if (sent.length === 1) return { kind: 'uncertain', error: 'Connection reset' };
    return sent.length === 2 ? { kind: 'retry', error: 'HTTP 503' } : { kind: 'delivered' };
  });
  const options = drainWith(() => crm);

  const action = await logAction(callInput({ notes: 'Left voicemail' }), 'hubspot');
  await drainOutbox(options);
  expect(isEditable((await getAction(action.id))!)).toBe(false);
  clock.advance(10 * 60_000);
  await drainOutbox(options);
  const afterRetry = (await getAction(action.id))!;
  expect(crm.requests.map((r) => r.kind)).toEqual(['deliver', 'find', 'deliver']);
  expect(afterRetry.sync.uncertainSince).toBeUndefined();
  expect(isEditable(afterRetry)).toBe(true);

  await editAction(action.id, callInput({ notes: 'Spoke to Dana: wants a pilot in March' }));
  clock.advance(10 * 60_000);
  await drainOutbox(options);
  expect((await getAction(action.id))!.sync.state).toBe('done');
  expect(sent.at(-1)).toBe('Spoke to Dana: wants a pilot in March');
  expect(crm.recordCount()).toBe(1);
});
