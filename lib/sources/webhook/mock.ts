/**
 * A loopback webhook receiver. It verifies the `X-Prospect-Lens-Signature` HMAC of the raw body
 * with the shared secret (401 when it does not match) and records every accepted delivery. It
 * deduplicates nothing itself, so tests can count repeats by `Idempotency-Key`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type LoggedRequest, type MockReply, type MockServer, type Route, startMockServer } from '../../../tests/mocks/server';

export interface WebhookMockOptions {
  /** Shared secret; when set, unsigned or wrongly signed deliveries are refused with 401. */
  secret?: string;
  path?: string;
  /** Status answered to accepted deliveries (default 200). */
  status?: number;
  seed?: number;
}

export interface WebhookDelivery {
  idempotencyKey: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  body: string;
  json: unknown;
}

export interface WebhookMock extends MockServer {
  /** The full hook address to configure as the destination URL. */
  hookUrl: string;
  deliveries: WebhookDelivery[];
  /** How many deliveries carried each Idempotency-Key. */
  countByKey(): Map<string, number>;
  setStatus(status: number): void;
}

export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export async function startWebhookMock(options: WebhookMockOptions = {}): Promise<WebhookMock> {
  const path = options.path ?? '/hook';
  let status = options.status ?? 200;
  const deliveries: WebhookDelivery[] = [];

  function receive(request: LoggedRequest): MockReply {
    if (!String(request.headers['content-type'] ?? '').includes('application/json') || request.json === undefined) {
      return { status: 400, body: { error: 'Expected a JSON body' } };
    }
    const signature = header(request, 'x-prospect-lens-signature');
    if (options.secret) {
      const expected = Buffer.from(webhookSignature(options.secret, request.body));
      const given = Buffer.from(signature ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: 401, body: { error: 'Invalid signature' } };
    }
    deliveries.push({
      idempotencyKey: header(request, 'idempotency-key'),
      timestamp: header(request, 'x-prospect-lens-timestamp'),
      signature,
      body: request.body,
      json: request.json,
    });
    return { status, body: { received: true } };
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
