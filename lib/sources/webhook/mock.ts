/**
 * A loopback webhook receiver that checks deliveries the way the README tells a real one to: with a
 * secret, it recomputes the HMAC of `<X-Prospect-Lens-Timestamp>.<raw body>`, compares in constant
 * time, and refuses (401) a bad or missing signature and a timestamp more than 5 minutes from its own
 * clock. It then de-duplicates on the action id in the (signed) body: a repeat is answered like the
 * first delivery but not processed again.
 *
 * `deliveries` lists every delivery that passed the checks, repeats included (flagged `duplicate`), so
 * tests can count what the extension re-sent; `processed` lists each action once, as a receiver acts.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type LoggedRequest, type MockReply, type MockServer, type Route, startMockServer } from '../../../tests/mocks/server';

/** How far a delivery's timestamp may be from the receiver's clock, either way. */
export const WEBHOOK_TOLERANCE_S = 300;

export interface WebhookMockOptions {
  /** Shared secret; when set, unsigned, wrongly signed or stale deliveries are refused with 401. */
  secret?: string;
  path?: string;
  /** Status answered to accepted deliveries, first or repeat (default 200). */
  status?: number;
  seed?: number;
  /** The receiver's clock in milliseconds (default Date.now); the timestamp window is checked against it. */
  now?: () => number;
}

export interface WebhookDelivery {
  idempotencyKey: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  body: string;
  json: unknown;
  /** The action id was processed before: a receiver acknowledges it and does nothing. */
  duplicate: boolean;
}

export interface WebhookMock extends MockServer {
  /** The full hook address to configure as the destination URL. */
  hookUrl: string;
  /** Every delivery that passed verification, repeats included. */
  deliveries: WebhookDelivery[];
  /** Each action once, in the order first received: what a receiver acts on. */
  processed: WebhookDelivery[];
  /** How many verified deliveries carried each Idempotency-Key. */
  countByKey(): Map<string, number>;
  setStatus(status: number): void;
}

/** The `X-Prospect-Lens-Signature` a receiver expects for this timestamp and raw body. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** Why a receiver with `secret` refuses this delivery at `nowMs`, or undefined when it verifies. */
export function verifyWebhook(secret: string, timestamp: string | undefined, signature: string | undefined, body: string, nowMs: number): string | undefined {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return 'Missing or malformed timestamp';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > WEBHOOK_TOLERANCE_S) return 'Timestamp outside the 5-minute window';
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(signature ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'Invalid signature';
  return undefined;
}

export async function startWebhookMock(options: WebhookMockOptions = {}): Promise<WebhookMock> {
  const path = options.path ?? '/hook';
  const now = options.now ?? Date.now;
  let status = options.status ?? 200;
  const deliveries: WebhookDelivery[] = [];
  const processed: WebhookDelivery[] = [];
  const seen = new Set<string>();

  function receive(request: LoggedRequest): MockReply {
    if (!String(request.headers['content-type'] ?? '').includes('application/json') || request.json === undefined) {
      return { status: 400, body: { error: 'Expected a JSON body' } };
    }
    const timestamp = header(request, 'x-prospect-lens-timestamp');
    const signature = header(request, 'x-prospect-lens-signature');
    if (options.secret) {
      const refused = verifyWebhook(options.secret, timestamp, signature, request.body, now());
      if (refused) return { status: 401, body: { error: refused } };
    }
    // The id inside the signed body, not the unsigned Idempotency-Key header, decides what is a repeat.
    const id = (request.json as { id?: unknown }).id;
    if (typeof id !== 'string' || !id) return { status: 400, body: { error: 'Expected an id' } };
    const duplicate = seen.has(id);
    // Only an acknowledged delivery counts as processed; one answered with an error may come again.
    if (status < 300) seen.add(id);
    const delivery: WebhookDelivery = { idempotencyKey: header(request, 'idempotency-key'), timestamp, signature, body: request.body, json: request.json, duplicate };
    deliveries.push(delivery);
    if (!duplicate && status < 300) processed.push(delivery);
    return { status, body: duplicate ? { received: true, duplicate: true } : { received: true } };
  }

  const routes: Route[] = [{ method: 'POST', path: new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`), handle: receive }];
  const server = await startMockServer(routes, {
    seed: options.seed,
    notFound: () => ({ status: 404, body: { error: 'Not found' } }),
    methodNotAllowed: () => ({ status: 405, body: { error: 'Method not allowed' } }),
  });

  return {
    ...server,
    hookUrl: `${server.url}${path}`,
    deliveries,
    processed,
    countByKey: () => {
      const counts = new Map<string, number>();
      for (const d of deliveries) if (d.idempotencyKey) counts.set(d.idempotencyKey, (counts.get(d.idempotencyKey) ?? 0) + 1);
      return counts;
    },
    setStatus: (next) => {
      status = next;
    },
  };
}

function header(request: LoggedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
