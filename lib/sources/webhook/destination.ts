/**
 * A generic HTTPS endpoint as the sync destination. Each action is POSTed as JSON with its id as
 * `Idempotency-Key`, so a receiver can drop the repeat a lost answer forces us to send, and signed
 * with the shared secret so the receiver knows it came from this extension.
 */
import { clock } from '../../clock';
import type { SalesAction } from '../../model/action';
import type { WebhookConnection } from './definition';
import type { DeliveryContext, DeliveryOutcome, Destination } from '../../sync/types';
import { type FetchImpl, HttpError, type HttpOptions, type ServiceWords, acknowledgedUnreadable, defaultFetch, fetchJson, toOutcome } from '../http';
import { webhookPayload } from './payload';
import { hmacSha256Hex } from './sign';

export interface WebhookCredentials {
  /** Shared HMAC secret; without one, deliveries go unsigned. */
  secret?: string;
}

export interface WebhookOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

const WORDS: ServiceWords = {
  name: 'The webhook',
  auth: 'The webhook refused the signature (401) — check the secret in Options',
  forbidden: 'The webhook refused the request (403)',
  rateLimitWaitMs: () => 30_000,
};

export function createWebhookDestination(
  config: WebhookConnection,
  creds: WebhookCredentials,
  fetchImpl: FetchImpl = defaultFetch,
  options: WebhookOptions = {},
): Destination {
  const http: HttpOptions = { maxBytes: options.maxBytes ?? 64 * 1024 };
  if (options.timeoutMs !== undefined) http.timeoutMs = options.timeoutMs;

  async function deliver(action: SalesAction, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    const body = JSON.stringify(webhookPayload(action, ctx.prospect));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'idempotency-key': action.id,
      'x-prospect-lens-timestamp': String(Math.floor(clock.now() / 1000)),
    };
    if (creds.secret) headers['x-prospect-lens-signature'] = `sha256=${await hmacSha256Hex(creds.secret, body)}`;
    try {
      await fetchJson(fetchImpl, config.url, { method: 'POST', headers, body }, { ...http, signal: ctx.signal });
      return { kind: 'delivered' };
    } catch (error) {
      // 409: the receiver already has this Idempotency-Key. Any 2xx counts, whatever its body says.
      if (error instanceof HttpError && error.failure.kind === 'status' && error.failure.status === 409) return { kind: 'delivered' };
      if (acknowledgedUnreadable(error)) return { kind: 'delivered' };
      return toOutcome(error, WORDS, true);
    }
  }

  return { kind: 'webhook', ratePerSecond: 5, deliver };
}
