/**
 * A generic HTTPS endpoint as the sync destination. Each action is POSTed as JSON with its id as
 * `Idempotency-Key`, so a receiver can drop the repeat a lost answer forces us to send, and signed
 * over the timestamp and the body with the shared secret (sign.ts), so the receiver knows it came
 * from this extension and is not a replay. Without a secret only a loopback receiver is called.
 */
import { clock } from '../../clock';
import { nameInSentence } from '../../connectors/catalog';
import { t } from '../../i18n';
import type { SalesAction } from '../../model/action';
import type { WebhookConnection } from './definition';
import type { DeliveryContext, DeliveryOutcome, Destination } from '../../sync/types';
import { type FetchImpl, HttpError, type HttpOptions, type ServiceWords, acknowledgedUnreadable, defaultFetch, fetchJson, toOutcome } from '../http';
import { webhookNeedsSecret } from './needs-secret';
import { webhookPayload } from './payload';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from './sign';

export interface WebhookCredentials {
  /** Shared HMAC secret. Required unless the URL is loopback, where deliveries without one go unsigned. */
  secret?: string;
}

export interface WebhookOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

const WORDS: ServiceWords = {
  get name() {
    return nameInSentence('webhook');
  },
  // A receiver also answers 401 to a timestamp outside its 5-minute window: a clock that is far off.
  get auth() {
    return t('srcError_webhookAuth');
  },
  get forbidden() {
    return t('srcError_webhookForbidden');
  },
  rateLimitWaitMs: () => 30_000,
};

/** An action the destination refused to send unsigned goes dead with this (and the Test says it), in the UI language. */
export function webhookSecretMissing(): string {
  return t('srcError_webhookSecretMissing');
}

export function createWebhookDestination(
  config: WebhookConnection,
  creds: WebhookCredentials,
  fetchImpl: FetchImpl = defaultFetch,
  options: WebhookOptions = {},
): Destination {
  const http: HttpOptions = { maxBytes: options.maxBytes ?? 64 * 1024 };
  if (options.timeoutMs !== undefined) http.timeoutMs = options.timeoutMs;

  async function deliver(action: SalesAction, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    // Never unsigned to a receiver elsewhere: it could not tell our deliveries from anyone's.
    if (!creds.secret && webhookNeedsSecret(config.url)) return { kind: 'fatal', error: webhookSecretMissing() };
    const body = JSON.stringify(webhookPayload(action, ctx.prospect));
    // Taken at each attempt, so a resend hours later is signed fresh and lands inside the window.
    const timestamp = String(Math.floor(clock.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'idempotency-key': action.id,
      [TIMESTAMP_HEADER]: timestamp,
    };
    if (creds.secret) headers[SIGNATURE_HEADER] = await webhookSignature(creds.secret, timestamp, body);
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
