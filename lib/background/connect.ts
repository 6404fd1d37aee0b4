/**
 * Signing a connection in and out (OAuth connectors such as Salesforce; docs/architecture.md,
 * "Connectors that sign in with OAuth"). The background runs the browser's auth window, so the PKCE
 * verifier and the tokens never reach a page; the connector's `connect` part does the protocol. What
 * it learned is checked by the connection's schema, the tokens are saved bound to the address it
 * learned (credentials first, as connection-store.ts does), and only then do the settings point there.
 */
import { browser } from 'wxt/browser';
import { connectionOrigin, definitionOf } from '../connectors/catalog';
import type { ConnectIO, Connector } from '../connectors/connector';
import { connectorFor } from '../connectors/registry';
import { describeInvalid, MessageError } from '../messaging';
import type { ConnectionKind } from '../model/action';
import type { Settings } from '../model/settings';
import { credentialedFetch } from '../sources/credentialed-fetch';
import { SourceError } from '../sources/types';
import { deleteSecret, getSecret, setSecret } from '../store/secrets';
import { getSettings, updateSettings } from '../store/settings';

/** Everything but the auth window itself, which the handler takes from `browser.identity`. */
export type WebAuth = Pick<ConnectIO, 'launchWebAuthFlow' | 'redirectUrl'>;

/** The browser's auth window (Chrome's and Firefox's `identity` API, through the polyfill). */
export function browserWebAuth(): WebAuth {
  return {
    launchWebAuthFlow: async (url) => {
      const redirected = await browser.identity.launchWebAuthFlow({ url, interactive: true });
      if (!redirected) throw new Error('The auth window returned nothing');
      return redirected;
    },
    redirectUrl: browser.identity.getRedirectURL(),
  };
}

/** The rep has this long to sign in before the attempt is given up. */
const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

/** Whether this connection signs in (and so has tokens to revoke). */
export function signsIn(kind: ConnectionKind): boolean {
  return !!connectorFor(kind)?.connect;
}

function signingConnector(kind: ConnectionKind): Connector {
  const connector = connectorFor(kind);
  if (!connector?.connect) throw new MessageError('invalid', `${definitionOf(kind)?.name ?? kind} does not sign in`);
  return connector;
}

/** `auth` is asked for only once the request is known to be a sign-in with valid settings. */
export async function connectConnection(kind: ConnectionKind, rawConfig: Record<string, unknown>, auth: () => WebAuth): Promise<Settings> {
  const connector = signingConnector(kind);
  const parsed = connector.schema.safeParse(rawConfig);
  if (!parsed.success) throw new MessageError('invalid', describeInvalid(parsed.error, 'connection'));

  let result;
  try {
    result = await connector.connect!(parsed.data, { ...auth(), fetchFor: (origin) => credentialedFetch(origin), signal: AbortSignal.timeout(SIGN_IN_TIMEOUT_MS) });
  } catch (error) {
    if (error instanceof SourceError) throw new MessageError(error.kind === 'no-access' ? 'forbidden' : 'invalid', error.message);
    throw error;
  }
  // What the provider said is input like any other: the schema checks the address it named.
  const learned = connector.schema.safeParse(result.config);
  if (!learned.success) throw new MessageError('invalid', describeInvalid(learned.error, 'connection'));
  const config = learned.data as Record<string, unknown>;
  const origin = connectionOrigin(connector, config);
  if (!origin) throw new MessageError('invalid', 'The sign-in gave no address');

  await setSecret(kind, result.credentials, origin);
  return updateSettings((s) => ({
    ...s,
    connections: { ...s.connections, [kind]: config },
    destination: connector.roles.destination ? kind : s.destination,
  }));
}

/**
 * Revokes at the provider, then forgets the tokens and the learned address whatever the provider
 * said: the rep asked to be signed out here. Logged actions bound for it wait, pending, for a reconnect.
 */
export async function disconnectConnection(kind: ConnectionKind): Promise<{ settings: Settings; warning?: string }> {
  const connector = signingConnector(kind);
  const settings = await getSettings();
  const config = (settings.connections as Readonly<Record<string, Record<string, unknown> | undefined>>)[kind];
  const origin = connectionOrigin(connector, config);
  let warning: string | undefined;
  const credentials = origin && (await getSecret(kind, origin));
  if (config && origin && credentials && connector.disconnect) {
    try {
      await connector.disconnect({ config, credentials, fetch: credentialedFetch(origin), saveCredentials: async () => undefined }, AbortSignal.timeout(15_000));
    } catch (error) {
      warning = error instanceof SourceError ? error.message : 'The provider could not be told; the connection was removed here';
    }
  }
  await deleteSecret(kind);
  const next = await updateSettings((s) => {
    const current = (s.connections as Readonly<Record<string, Record<string, unknown> | undefined>>)[kind];
    if (!current) return s;
    const kept = { ...current };
    delete kept[connector.address];
    return { ...s, connections: { ...s.connections, [kind]: kept } };
  });
  return warning ? { settings: next, warning } : { settings: next };
}
