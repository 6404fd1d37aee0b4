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
import { getSecret } from '../store/secrets';
import { localDestination } from '../sync/local';
import type { Destination } from '../sync/types';

async function hubspotCreds() {
  const token = (await getSecret('hubspot'))?.token;
  return token ? { token } : undefined;
}

async function mauticCreds(): Promise<MauticCredentials | undefined> {
  return (await getSecret('mautic')) as MauticCredentials | undefined;
}

/** The sources the rep turned on, with credentials present. */
export async function connectedSources(settings: Settings): Promise<EngagementSource[]> {
  const sources: EngagementSource[] = [];
  const { hubspot, mautic } = settings.connections;
  if (hubspot?.useAsSource) {
    const creds = await hubspotCreds();
    if (creds) sources.push(createHubSpotSource(hubspot, creds, undefined, hubspot.portalId ? { portalId: hubspot.portalId } : {}));
  }
  if (mautic?.useAsSource) {
    const creds = await mauticCreds();
    if (creds) sources.push(createMauticSource(mautic, creds));
  }
  return sources;
}

export async function destinationFor(kind: DestinationKind, settings: Settings): Promise<Destination | undefined> {
  const { hubspot, mautic, webhook } = settings.connections;
  switch (kind) {
    case 'local':
      return localDestination;
    case 'hubspot': {
      const creds = await hubspotCreds();
      return hubspot && creds ? createHubSpotDestination(hubspot, creds) : undefined;
    }
    case 'mautic': {
      const creds = await mauticCreds();
      return mautic && creds ? createMauticDestination(mautic, creds) : undefined;
    }
    case 'webhook': {
      const secret = (await getSecret('webhook'))?.secret;
      return webhook ? createWebhookDestination(webhook, { secret: secret ?? '' }) : undefined;
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
    const creds = kind === 'hubspot' ? await hubspotCreds() : await mauticCreds();
    if (!config || !creds) return { ok: false, state: 'not-configured', message: 'Not configured yet' };
    const source =
      kind === 'hubspot'
        ? createHubSpotSource(settings.connections.hubspot!, creds as { token: string })
        : createMauticSource(settings.connections.mautic!, creds as MauticCredentials);
    return { ok: true, state: 'connected', message: await source.test(AbortSignal.timeout(15_000)) };
  } catch (error) {
    if (error instanceof SourceError) {
      return { ok: false, state: error.kind === 'no-access' ? 'needs-access' : 'error', message: error.message };
    }
    return { ok: false, state: 'error', message: 'The test failed unexpectedly' };
  }
}
