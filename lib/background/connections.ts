/**
 * Builds the configured sources and destinations from settings, the secrets store and the connector
 * registry (lib/connectors). Credentials are read here, in the background, and go no further than
 * the connector that uses them; every connector's requests go through the credentialed fetch bound
 * to its connection's origin.
 */
import { connectionOrigin, requiredCredentials } from '../connectors/catalog';
import type { Connector, ConnectorEnv } from '../connectors/connector';
import { RECONNECT_CREDENTIAL } from '../connectors/types';
import { CONNECTORS } from '../connectors/registry';
import type { ConnectionTestResult } from '../messaging';
import type { ConnectionKind, DestinationKind } from '../model/action';
import type { Settings } from '../model/settings';
import { credentialedFetch } from '../sources/credentialed-fetch';
import { type EngagementSource, SourceError } from '../sources/types';
import { getSecret, setSecret } from '../store/secrets';
import { localDestination } from '../sync/local';
import type { Destination } from '../sync/types';

const connectors = Object.values(CONNECTORS) as readonly Connector[];

/**
 * What a configured connection's connector is given: its settings, the credentials entered for the
 * address it is configured at now (undefined when a required one is missing), and the fetch bound
 * to that address's origin.
 */
async function envFor(connector: Connector, settings: Settings): Promise<ConnectorEnv<Record<string, unknown>> | undefined> {
  const config = (settings.connections as Readonly<Record<string, Record<string, unknown> | undefined>>)[connector.kind];
  const origin = connectionOrigin(connector, config);
  if (!config || !origin) return undefined;
  const credentials = (await getSecret(connector.kind, origin)) ?? {};
  if (requiredCredentials(connector, config).some((field) => !credentials[field])) return undefined;
  // A connection that signs in is usable only while signed in: tokens saved and not marked for Reconnect.
  // Until then its actions wait, pending, like those of any connection that is not configured.
  const signsIn = connector.fields.some((f) => f.type === 'connect');
  if (signsIn && (Object.keys(credentials).length === 0 || credentials[RECONNECT_CREDENTIAL])) return undefined;
  return {
    config,
    credentials,
    fetch: credentialedFetch(origin),
    saveCredentials: (values) => setSecret(connector.kind, values, origin),
  };
}

/** A connection the rep turned lookups off for stays a destination only. */
const looksUp = (config: Record<string, unknown>) => config.useAsSource !== false;

/** The sources the rep turned on, with credentials present. */
export async function connectedSources(settings: Settings): Promise<EngagementSource[]> {
  const sources: EngagementSource[] = [];
  for (const connector of connectors) {
    if (!connector.roles.source || !connector.createSource) continue;
    const env = await envFor(connector, settings);
    if (env && looksUp(env.config)) sources.push(connector.createSource(env));
  }
  return sources;
}

export async function destinationFor(kind: DestinationKind, settings: Settings): Promise<Destination | undefined> {
  if (kind === 'local') return localDestination;
  const connector = connectors.find((c) => c.kind === kind);
  if (!connector?.createDestination) return undefined;
  const env = await envFor(connector, settings);
  return env && connector.createDestination(env);
}

export async function testConnection(kind: ConnectionKind, settings: Settings): Promise<ConnectionTestResult> {
  try {
    const connector = connectors.find((c) => c.kind === kind);
    const env = connector && (await envFor(connector, settings));
    if (!connector || !env) return { ok: false, state: 'not-configured', message: 'Not configured yet' };
    const signal = AbortSignal.timeout(15_000);
    const message = connector.test ? await connector.test(env, signal) : await connector.createSource?.(env).test(signal);
    if (message === undefined) return { ok: false, state: 'error', message: 'This connection cannot be tested' };
    return { ok: true, state: 'connected', message };
  } catch (error) {
    if (error instanceof SourceError) {
      return { ok: false, state: error.kind === 'no-access' ? 'needs-access' : 'error', message: error.message };
    }
    return { ok: false, state: 'error', message: 'The test failed unexpectedly' };
  }
}
