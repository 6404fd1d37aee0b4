// @vitest-environment node
/** The webhook destination over real HTTP against the loopback receiver. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import { WebhookConnection } from '@/lib/sources/webhook/definition';
import { hmacSha256Hex } from '@/lib/sources/webhook/sign';
import { createWebhookDestination } from '@/lib/sources/webhook/destination';
import { type WebhookMock, startWebhookMock, webhookSignature } from '@/lib/sources/webhook/mock';
import { context, makeAction } from './helpers';

const SECRET = 'whsec_test_7f3a';
let mock: WebhookMock;
let restoreClock: () => void;

beforeEach(async () => {
  restoreClock = setClock(() => Date.parse('2024-11-19T10:00:00Z'));
  mock = await startWebhookMock({ secret: SECRET });
});

afterEach(async () => {
  restoreClock();
  await mock.close();
});

const destination = (secret = SECRET, timeoutMs = 2000) => createWebhookDestination(WebhookConnection.parse({ url: mock.hookUrl }), { secret }, undefined, { timeoutMs });
const prospect = { key: 'dana.whitfield@northwind.example', emails: ['dana.whitfield@northwind.example'], name: 'Dana Whitfield', company: 'Northwind Traders', refs: [] };

describe('webhook destination', () => {
  it('posts the action as signed JSON with its id as the Idempotency-Key', async () => {
    const action = makeAction({ type: 'call', outcome: 'Connected', durationMinutes: 5 });
    expect(await destination().deliver(action, context({ prospect }))).toEqual({ kind: 'delivered' });
    const [delivery] = mock.deliveries;
    expect(delivery!.idempotencyKey).toBe(action.id);
    expect(delivery!.timestamp).toBe(String(Date.parse('2024-11-19T10:00:00Z') / 1000));
    expect(delivery!.signature).toBe(webhookSignature(SECRET, delivery!.body));
    expect(delivery!.json).toMatchObject({
      version: 1,
      id: action.id,
      type: 'call',
      outcome: 'Connected',
      durationMinutes: 5,
      occurredAt: action.occurredAt,
      prospect: { key: prospect.key, email: prospect.key, name: 'Dana Whitfield', company: 'Northwind Traders' },
    });
  });

  it('signs exactly as Node’s own HMAC does', async () => {
    expect(`sha256=${await hmacSha256Hex('k', 'body ✓')}`).toBe(webhookSignature('k', 'body ✓'));
  });

  it('gives up when the receiver refuses the signature', async () => {
    expect(await destination('wrong-secret').deliver(makeAction(), context())).toMatchObject({ kind: 'fatal' });
    expect(mock.deliveries).toHaveLength(0);
  });

  it('counts 409 (the receiver has it already) as delivered', async () => {
    mock.setStatus(409);
    expect(await destination().deliver(makeAction(), context())).toEqual({ kind: 'delivered' });
  });

  it.each([
    [429, { 'retry-after': '12' }, { kind: 'retry', retryAfterMs: 12_000 }],
    [503, {}, { kind: 'retry' }],
    [422, {}, { kind: 'fatal' }],
  ] as const)('turns a %i into %o', async (status, headers, expected) => {
    mock.setFault({ fault: { type: 'status', status, headers } });
    expect(await destination().deliver(makeAction(), context())).toMatchObject(expected);
  });

  it('is uncertain after a lost answer, and a resend carries the same key for the receiver to drop', async () => {
    mock.setFault({ times: 1, fault: { type: 'reset', after: true } });
    const action = makeAction();
    expect((await destination().deliver(action, context())).kind).toBe('uncertain');
    expect((await destination().deliver(action, context())).kind).toBe('delivered');
    expect(mock.countByKey().get(action.id)).toBe(2);
  });

  it('is uncertain when the receiver hangs past the timeout', async () => {
    mock.setFault({ fault: { type: 'hang' } });
    expect((await destination(SECRET, 100).deliver(makeAction(), context())).kind).toBe('uncertain');
  });
});
