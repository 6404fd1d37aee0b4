/** The webhook as the background runs it: a destination only. */
import { defineConnector } from '../../connectors/connector';
import { webhookDefinition } from './definition';
import { createWebhookDestination } from './destination';

export const webhookConnector = defineConnector(webhookDefinition, {
  createDestination: ({ config, credentials, fetch }) => createWebhookDestination(config, { secret: credentials.secret ?? '' }, fetch),
  // Nothing to ask a receiver without sending it an action: say what is true.
  test: async () => 'Saved. The webhook receives the next logged action.',
});
