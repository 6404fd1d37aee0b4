/** The webhook as the background runs it: a destination only. */
import { clock } from '../../clock';
import { t } from '../../i18n';
import { defineConnector } from '../../connectors/connector';
import { acknowledgedUnreadable, fetchJson } from '../http';
import { webhookDefinition } from './definition';
import { createWebhookDestination, webhookSecretMissing } from './destination';
import { webhookNeedsSecret } from './needs-secret';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from './sign';
import { SourceError } from '../types';

export const webhookConnector = defineConnector(webhookDefinition, {
  createDestination: ({ config, credentials, fetch }) => createWebhookDestination(config, { secret: credentials.secret ?? '' }, fetch),
  /**
   * A real, signed request: a `ping` the receiver can verify like any delivery (same headers, same
   * signing) and drop by its `type`. Only a 2xx proves the address and the secret; anything else
   * throws, and the background names the cause from what the fetch saw (connections.ts).
   */
  test: async ({ config, credentials, fetch }, signal) => {
    if (!credentials.secret && webhookNeedsSecret(config.url)) throw new SourceError('auth', webhookSecretMissing());
    const timestamp = String(Math.floor(clock.now() / 1000));
    const id = `ping-${crypto.randomUUID()}`;
    const body = JSON.stringify({ id, type: 'ping', sentAt: new Date(clock.now()).toISOString() });
    const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': id, [TIMESTAMP_HEADER]: timestamp };
    if (credentials.secret) headers[SIGNATURE_HEADER] = await webhookSignature(credentials.secret, timestamp, body);
    try {
      await fetchJson(fetch, config.url, { method: 'POST', headers, body }, { signal, maxBytes: 64 * 1024 });
    } catch (error) {
      // Any 2xx counts, as for a delivery, whatever its body says.
      if (!acknowledgedUnreadable(error)) throw error;
    }
    return t('srcTest_connected');
  },
});
