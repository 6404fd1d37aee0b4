/**
 * Builds the configured sources and destinations from settings and the secrets store. Credentials
 * are read here, in the background, and go no further than the connector that uses them.
 */
import type { ConnectionTestResult } from '../messaging';
import type { DestinationKind } from '../model/action';
import type { Settings } from '../model/settings';
import { createHubSpotDestination } from '../sources/hubspot/destination';
import { createHubSpotSource } from '../sources/hubspot/source';
import type { MauticCredentials } from '../sources/mautic/auth';
import { createMauticDestination } from '../sources/mautic/destination';
import { createMauticSource } from '../sources/mautic/source';
import { type EngagementSource, SourceError } from '../sources/types';
import { createWebhookDestination } from '../sources/webhook/destination';
import { credentialedFetch } from '../sources/credentialed-fetch';
import { getSecret } from '../store/secrets';
import { localDestination } from '../sync/local';
import type { Destination } from '../sync/types';

const originOf = (url: string) => new URL(url).origin;

/** The HubSpot token, if it was entered for the address HubSpot is configured at now. */
async function hubspotCreds(baseUrl: string) {
  const token = (await getSecret('hubspot', originOf(baseUrl)))?.token;
  return token ? { token } : undefined;
}

async function mauticCreds(baseUrl: string): Promise<MauticCredentials | undefined> {
  return (await getSecret('mautic', originOf(baseUrl))) as MauticCredentials | undefined;
}

/** Every connector's requests go through the credentialed fetch, bound to the connection's origin. */
const fetchFor = (url: string) => credentialedFetch(originOf(url));

/** The sources the rep turned on, with credentials present. */
export async function connectedSources(settings: Settings): Promise<EngagementSource[]> {
  const sources: EngagementSource[] = [];
  const { hubspot, mautic } = settings.connections;
  if (hubspot?.useAsSource) {
    const creds = await hubspotCreds(hubspot.baseUrl);
    const options = hubspot.portalId ? { portalId: hubspot.portalId } : {};
    if (creds) sources.push(createHubSpotSource(hubspot, creds, fetchFor(hubspot.baseUrl), options));
  }
  if (mautic?.useAsSource) {
    const creds = await mauticCreds(mautic.baseUrl);
    if (creds) sources.push(createMauticSource(mautic, creds, fetchFor(mautic.baseUrl)));
  }
  return sources;
}

export async function destinationFor(kind: DestinationKind, settings: Settings): Promise<Destination | undefined> {
  const { hubspot, mautic, webhook } = settings.connections;
  switch (kind) {
    case 'local':
      return localDestination;
    case 'hubspot': {
      const creds = hubspot && (await hubspotCreds(hubspot.baseUrl));
      return hubspot && creds ? createHubSpotDestination(hubspot, creds, fetchFor(hubspot.baseUrl)) : undefined;
    }
    case 'mautic': {
      const creds = mautic && (await mauticCreds(mautic.baseUrl));
      return mautic && creds ? createMauticDestination(mautic, creds, fetchFor(mautic.baseUrl)) : undefined;
    }
    case 'webhook': {
      if (!webhook) return undefined;
      const secret = (await getSecret('webhook', originOf(webhook.url)))?.secret;
      return createWebhookDestination(webhook, { secret: secret ?? '' }, fetchFor(webhook.url));
    }
  }
}

export async function testConnection(kind: 'hubspot' | 'mautic' | 'webhook', settings: Settings): Promise<ConnectionTestResult> {
  try {
    if (kind === 'webhook') {
      if (!settings.connections.webhook) return { ok: false, state: 'not-configured', message: 'No webhook address saved' };
      return { ok: true, state: 'connected', message: 'Saved. The webhook receives the next logged action.' };
    }
    const config = settings.connections[kind];
    const creds = config && (kind === 'hubspot' ? await hubspotCreds(config.baseUrl) : await mauticCreds(config.baseUrl));
    if (!config || !creds) return { ok: false, state: 'not-configured', message: 'Not configured yet' };
    const source =
      kind === 'hubspot'
        ? createHubSpotSource(settings.connections.hubspot!, creds as { token: string }, fetchFor(config.baseUrl))
        : createMauticSource(settings.connections.mautic!, creds as MauticCredentials, fetchFor(config.baseUrl));
    return { ok: true, state: 'connected', message: await source.test(AbortSignal.timeout(15_000)) };
  } catch (error) {
    if (error instanceof SourceError) {
      return { ok: false, state: error.kind === 'no-access' ? 'needs-access' : 'error', message: error.message };
    }
    return { ok: false, state: 'error', message: 'The test failed unexpectedly' };
  }
}
