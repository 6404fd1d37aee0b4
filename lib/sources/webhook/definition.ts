/**
 * The webhook's connection: its settings, its Options form and its names (lib/connectors/types.ts).
 * A destination only: logged actions are POSTed to its URL, signed with the shared secret.
 */
import { defineConnection, type FieldValues } from '../../connectors/types';
import { confirmPrivateHost, isLoopbackHost, ServiceUrl } from '../../model/address';
import { z } from '../../model/zod';

export const WebhookConnection = z
  .object({ url: ServiceUrl, privateHostConfirmed: z.boolean().default(false) })
  .superRefine(confirmPrivateHost((c) => c.url, 'url'));
export type WebhookConnection = z.infer<typeof WebhookConnection>;

/**
 * A receiver can only verify a signed body, so the secret may be left out only for a receiver on this
 * computer. An address that does not parse needs none here: it gets its own error.
 */
function needsSecret(values: FieldValues): boolean {
  try {
    return !isLoopbackHost(new URL(String(values.url ?? '')).hostname);
  } catch {
    return false;
  }
}

export const webhookDefinition = defineConnection({
  kind: 'webhook',
  name: 'Webhook',
  roles: { source: false, destination: true },
  schema: WebhookConnection,
  address: 'url',
  fields: [
    { name: 'url', type: 'text', label: 'webhook_url', hint: 'webhook_urlHint' },
    { name: 'privateHostConfirmed', type: 'private-host', label: 'options_privateHostConfirmed' },
    { name: 'secret', type: 'credential', label: 'webhook_secret', secret: true, required: needsSecret, requiredMessage: 'webhook_secretRequired' },
  ],
  labels: { inSentence: 'The webhook' },
  messages: {
    webhook_url: { message: 'Webhook URL' },
    webhook_urlHint: { message: 'Each logged action is POSTed here as JSON. https:// only (http:// for localhost).' },
    webhook_secret: { message: 'Signing secret (optional)' },
    webhook_secretRequired: { message: 'Required: receivers verify the signature (only a server on this computer may go without)' },
  },
  mock: 'lib/sources/webhook/mock.ts',
});
