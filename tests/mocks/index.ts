/** The loopback mocks, for unit tests and end-to-end scripts alike. */
export { type HubSpotMock, type HubSpotMockOptions, type RateLimit, startHubSpotMock } from './hubspot-mock';
export { type MauticMock, type MauticMockOptions, startMauticMock } from './mautic-mock';
export { type Fault, type FaultRule, type LoggedRequest } from './server';
export { type WebhookMock, type WebhookMockOptions, startWebhookMock, verifyWebhook, webhookSignature } from './webhook-mock';
