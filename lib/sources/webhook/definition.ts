/**
 * The webhook's connection: its settings, its Options form and its names (lib/connectors/types.ts).
 * A destination only: logged actions are POSTed to its URL, signed with the shared secret.
 */
import { defineConnection, type FieldValues } from '../../connectors/types';
import { confirmPrivateHost, ServiceUrl } from '../../model/address';
import { z } from '../../model/zod';
import { webhookNeedsSecret } from './needs-secret';

export const WebhookConnection = z
  .object({ url: ServiceUrl, privateHostConfirmed: z.boolean().default(false) })
  .superRefine(confirmPrivateHost((c) => c.url, 'url'));
export type WebhookConnection = z.infer<typeof WebhookConnection>;

/** The rule the destination applies too (needs-secret.ts): a secret unless the receiver is on this computer. */
const needsSecret = (values: FieldValues) => webhookNeedsSecret(String(values.url ?? '').trim());

export const webhookDefinition = defineConnection({
  kind: 'webhook',
  name: 'Webhook',
  roles: { source: false, destination: true },
  schema: WebhookConnection,
  address: 'url',
  fields: [
    { name: 'url', type: 'text', label: 'webhook_url', hint: 'webhook_urlHint' },
    { name: 'privateHostConfirmed', type: 'private-host', label: 'options_privateHostConfirmed' },
    { name: 'secret', type: 'credential', label: 'webhook_secret', hint: 'webhook_secretHint', secret: true, required: needsSecret, requiredMessage: 'webhook_secretRequired' },
  ],
  labels: { inSentence: 'webhook_inSentence' },
  messages: {
    webhook_inSentence: { message: 'The webhook' },
    webhook_url: { message: 'Webhook URL' },
    webhook_urlHint: { message: 'Each logged action is POSTed here as JSON. https:// only (http:// for localhost).' },
    webhook_secret: { message: 'Signing secret' },
    webhook_secretHint: { message: 'Shared with the receiver, which checks each delivery with it (README, "Receiving the webhook"). Only a server on this computer may go without.' },
    webhook_secretRequired: { message: 'Required: receivers verify the signature (only a server on this computer may go without)' },
  },
  mock: 'lib/sources/webhook/mock.ts',
});
