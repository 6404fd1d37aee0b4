/**
 * The loopback mocks, for unit tests and end-to-end scripts alike. Each connector's mock lives in its
 * folder (`lib/sources/<crm>/mock.ts`, named by its definition's `mock`); the server they share is here.
 */
export { type HubSpotMock, type HubSpotMockOptions, type RateLimit, startHubSpotMock } from '@/lib/sources/hubspot/mock';
export { type MauticMock, type MauticMockOptions, startMauticMock } from '@/lib/sources/mautic/mock';
export { type SalesforceMock, type SalesforceMockOptions, startSalesforceMock } from '@/lib/sources/salesforce/mock';
export { type WebhookMock, type WebhookMockOptions, startWebhookMock, verifyWebhook, webhookSignature } from '@/lib/sources/webhook/mock';
export { type Fault, type FaultRule, type LoggedRequest } from './server';
