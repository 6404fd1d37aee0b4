/**
 * Signing a connection in and out (OAuth connectors such as Salesforce; docs/architecture.md,
 * "Connectors that sign in with OAuth"). The background runs the browser's auth window, so the PKCE
 * verifier and the tokens never reach a page; the connector's `connect` part does the protocol. What
 * it learned is checked by the connection's schema, the tokens are saved bound to the address it
 * learned (credentials first, as connection-store.ts does), and only then do the settings point there.
 */
import { browser } from 'wxt/browser';
import { connectionOrigin, definitionOf, wordedIssues } from '../connectors/catalog';
import { t } from '../i18n';
import { type ConnectIO, type Connector, SIGN_IN_MINUTES } from '../connectors/connector';
import { CONNECTORS, connectorFor } from '../connectors/registry';
import { describeInvalid, MessageError } from '../messaging';
import type { ConnectionKind } from '../model/action';
import type { Settings } from '../model/settings';
import { credentialedFetch } from '../sources/credentialed-fetch';
import { SourceError } from '../sources/types';
import { destinationAfterSave } from './connection-store';
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

/** The rep has this long to sign in (the auth window) before the attempt is given up. */
const SIGN_IN_TIMEOUT_MS = SIGN_IN_MINUTES * 60_000;

/** Whether this connection signs in (and so has tokens to revoke). */
export function signsIn(kind: ConnectionKind): boolean {
  return !!connectorFor(kind)?.connect;
}

function signingConnector(kind: ConnectionKind): Connector {
  const connector = connectorFor(kind);
  if (!connector?.connect) throw new MessageError('invalid', t('bgError_noSignIn', definitionOf(kind)?.name ?? kind));
  return connector;
}

/**
 * `auth` is asked for only once the request is known to be a sign-in with valid settings. The
 * connection becomes the destination only with `useAsDestination` (as `connection/save`): a Reconnect
 * of a CRM used for lookups only must not take the rep's logged actions elsewhere.
 */
export async function connectConnection(kind: ConnectionKind, rawConfig: Record<string, unknown>, auth: () => WebAuth, useAsDestination = true): Promise<Settings> {
  const connector = signingConnector(kind);
  const parsed = connector.schema.safeParse(rawConfig);
  if (!parsed.success) throw new MessageError('invalid', describeInvalid(wordedIssues(kind, parsed.error), 'connection'));

  let result;
  try {
    result = await connector.connect!(parsed.data, { ...auth(), fetchFor: (origin) => credentialedFetch(origin), signal: AbortSignal.timeout(SIGN_IN_TIMEOUT_MS) });
  } catch (error) {
    if (error instanceof SourceError) throw new MessageError(error.kind === 'no-access' ? 'forbidden' : 'invalid', error.message);
    throw error;
  }
  // What the provider said is input like any other: the schema checks the address it named.
  const learned = connector.schema.safeParse(result.config);
  if (!learned.success) throw new MessageError('invalid', describeInvalid(wordedIssues(kind, learned.error), 'connection'));
  const config = learned.data as Record<string, unknown>;
  const origin = connectionOrigin(connector, config);
  if (!origin) throw new MessageError('invalid', t('bgError_signInNoAddress'));

  await setSecret(kind, result.credentials, origin);
  return updateSettings((s) => ({
    ...s,
    connections: { ...s.connections, [kind]: config },
    destination: destinationAfterSave(kind, useAsDestination, connector, s.destination),
  }));
}

/**
 * Revokes at the provider, then forgets the tokens and the learned address whatever the provider
 * said: the rep asked to be signed out here. Logged actions bound for it wait, pending, for a reconnect.
 */
export async function disconnectConnection(kind: ConnectionKind): Promise<{ settings: Settings; warning?: string }> {
  const connector = signingConnector(kind);
  const warning = await revokeAtProvider(kind, connector, 15_000);
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

/** Runs a signed-in connection's `disconnect` part (the provider revokes its tokens); what went wrong, in words. */
async function revokeAtProvider(kind: string, connector: Connector, timeoutMs: number): Promise<string | undefined> {
  const settings = await getSettings();
  const config = (settings.connections as Readonly<Record<string, Record<string, unknown> | undefined>>)[kind];
  const origin = connectionOrigin(connector, config);
  const credentials = origin && (await getSecret(kind, origin));
  if (!config || !origin || !credentials || !connector.disconnect) return undefined;
  try {
    await connector.disconnect({ config, credentials, fetch: credentialedFetch(origin), saveCredentials: async () => undefined }, AbortSignal.timeout(timeoutMs));
    return undefined;
  } catch (error) {
    return error instanceof SourceError ? error.message : t('bgError_disconnectUntold');
  }
}

/** How long "delete everything" waits for the providers before it deletes anyway. */
export const ERASE_REVOKE_TIMEOUT_MS = 5_000;

/**
 * "Delete everything" first asks each provider a connection is signed in to (Salesforce) to revoke its
 * tokens, all at once, best effort: a provider that refuses, fails or does not answer within
 * `timeoutMs` is not waited for, and the deletion goes on. (Revoking after the deletion is not possible:
 * the tokens are in the database it deletes.)
 */
export async function revokeSignInsBeforeErase(timeoutMs = ERASE_REVOKE_TIMEOUT_MS): Promise<void> {
  const kinds = Object.keys(CONNECTORS).filter((kind) => connectorFor(kind)?.disconnect);
  const revoking = Promise.allSettled(kinds.map((kind) => revokeAtProvider(kind, connectorFor(kind)!, timeoutMs)));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  await Promise.race([revoking, late]).finally(() => clearTimeout(timer));
}
