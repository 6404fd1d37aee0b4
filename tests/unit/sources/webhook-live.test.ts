// @vitest-environment node
/** The webhook destination over real HTTP against the loopback receiver, which verifies as the README says. */
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import { WebhookConnection } from '@/lib/sources/webhook/definition';
import { webhookNeedsSecret } from '@/lib/sources/webhook/needs-secret';
import { hmacSha256Hex, webhookSignature as signed } from '@/lib/sources/webhook/sign';
import { createWebhookDestination, webhookSecretMissing } from '@/lib/sources/webhook/destination';
import { type WebhookMock, startWebhookMock, webhookSignature } from '@/lib/sources/webhook/mock';
import { context, makeAction, scriptedFetch } from './helpers';

const SECRET = 'whsec_test_7f3a';
const T0 = Date.parse('2024-11-19T10:00:00Z');
let now = T0;
let mock: WebhookMock;
let restoreClock: () => void;

beforeEach(async () => {
  now = T0;
  // The extension and the receiver read the same (test) time; each test moves it as needed.
  restoreClock = setClock(() => now);
  mock = await startWebhookMock({ secret: SECRET, now: () => now });
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
    expect(delivery!.timestamp).toBe(String(T0 / 1000));
    expect(delivery!.signature).toBe(webhookSignature(SECRET, delivery!.timestamp!, delivery!.body));
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
    expect(`sha256=${await hmacSha256Hex('k', 'body ✓')}`).toBe(`sha256=${createHmac('sha256', 'k').update('body ✓').digest('hex')}`);
    expect(await signed('k', '1732010400', '{"a":"✓"}')).toBe(webhookSignature('k', '1732010400', '{"a":"✓"}'));
  });

  it('signs the timestamp and the body together: `<timestamp>.<raw body>`', async () => {
    await destination().deliver(makeAction(), context());
    const [delivery] = mock.deliveries;
    const over = (text: string) => `sha256=${createHmac('sha256', SECRET).update(text, 'utf8').digest('hex')}`;
    expect(delivery!.signature).toBe(over(`${T0 / 1000}.${delivery!.body}`));
    // Not the body alone (the old scheme, which let a captured request be replayed at any time).
    expect(delivery!.signature).not.toBe(over(delivery!.body));
  });

  it('a captured request replayed with a new timestamp, or later with its own, fails verification', async () => {
    const action = makeAction();
    await destination().deliver(action, context());
    const [captured] = mock.deliveries;
    const replay = (timestamp: string) =>
      fetch(mock.hookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': action.id, 'x-prospect-lens-timestamp': timestamp, 'x-prospect-lens-signature': captured!.signature! },
        body: captured!.body,
      });

    now = T0 + 10 * 60_000;
    const fresh = await replay(String(now / 1000));
    expect(fresh.status).toBe(401);
    expect(await fresh.json()).toEqual({ error: 'Invalid signature' });
    const stale = await replay(captured!.timestamp!);
    expect(stale.status).toBe(401);
    expect(await stale.json()).toEqual({ error: 'Timestamp outside the 5-minute window' });

    // Inside the window the very same request verifies, and the receiver drops it as a repeat.
    now = T0 + 60_000;
    expect((await replay(captured!.timestamp!)).status).toBe(200);
    expect(mock.deliveries.map((d) => d.duplicate)).toEqual([false, true]);
    expect(mock.processed).toHaveLength(1);
  });

  it('refuses to send without a secret to a webhook that is not on loopback', async () => {
    const fetchImpl = scriptedFetch(() => new Response('{}', { status: 200 }));
    for (const secret of [undefined, '']) {
      const remote = createWebhookDestination(WebhookConnection.parse({ url: 'https://hooks.example.com/prospect-lens' }), { secret }, fetchImpl);
      expect(await remote.deliver(makeAction(), context())).toEqual({ kind: 'fatal', error: webhookSecretMissing() });
    }
    expect(fetchImpl.calls).toHaveLength(0);
  });

  it('sends unsigned to a loopback webhook without a secret', async () => {
    const open = await startWebhookMock({ now: () => now });
    try {
      const local = createWebhookDestination(WebhookConnection.parse({ url: open.hookUrl }), {});
      expect(await local.deliver(makeAction(), context())).toEqual({ kind: 'delivered' });
      expect(open.deliveries[0]).toMatchObject({ signature: undefined, timestamp: String(T0 / 1000) });
    } finally {
      await open.close();
    }
  });

  it.each([
    ['http://localhost:8787/hook', false],
    ['https://localhost/hook', false],
    ['http://127.0.0.1:9/hook', false],
    ['https://hooks.example.com/pl', true],
    ['https://localhost.example.com/hook', true],
    ['https://127.0.0.1.nip.io/hook', true],
    ['https://10.0.0.5/hook', true],
    ['http://[::1]:8080/hook', true],
    ['not a url', true],
  ])('%s needs a secret: %s', (url, needs) => {
    expect(webhookNeedsSecret(url)).toBe(needs);
  });

  it('gives up when the receiver refuses the signature', async () => {
    expect(await destination('wrong-secret').deliver(makeAction(), context())).toMatchObject({ kind: 'fatal' });
    expect(mock.deliveries).toHaveLength(0);
  });

  it('is refused when its clock is more than 5 minutes off the receiver’s', async () => {
    const skewed = setClock(() => now - 6 * 60_000);
    try {
      expect(await destination().deliver(makeAction(), context())).toMatchObject({ kind: 'fatal' });
    } finally {
      skewed();
    }
    expect(mock.requests[0]!.status).toBe(401);
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
    expect(mock.processed.map((d) => (d.json as { id: string }).id)).toEqual([action.id]);
  });

  it('is uncertain when the receiver hangs past the timeout', async () => {
    mock.setFault({ fault: { type: 'hang' } });
    expect((await destination(SECRET, 100).deliver(makeAction(), context())).kind).toBe('uncertain');
  });
});
