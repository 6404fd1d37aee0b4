/**
 * Builds the configured sources and destinations from settings, the secrets store and the connector
 * registry (lib/connectors). Credentials are read here, in the background, and go no further than
 * the connector that uses them; every connector's requests go through the credentialed fetch bound
 * to its connection's origin.
 */
import { connectionOrigin, requiredCredentials, schemaIssueText } from '../connectors/catalog';
import type { Connector, ConnectorEnv } from '../connectors/connector';
import { RECONNECT_CREDENTIAL } from '../connectors/types';
import { CONNECTORS } from '../connectors/registry';
import { t } from '../i18n';
import type { ConnectionTestResult } from '../messaging';
import type { ConnectionKind, DestinationKind } from '../model/action';
import type { Settings } from '../model/settings';
import { credentialedFetch } from '../sources/credentialed-fetch';
import { type FetchImpl, HttpError } from '../sources/http';
import { type EngagementSource, SourceError } from '../sources/types';
import { getSecret, replaceSecret } from '../store/secrets';
import { getSettings } from '../store/settings';
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
    // What a connector learns on its own (a refreshed token) replaces a stored secret, never makes one.
    saveCredentials: async (values) => void (await replaceSecret(connector.kind, values, origin)),
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
  const connector = connectors.find((c) => c.kind === kind);
  const env = connector && (await envFor(connector, settings));
  if (!connector || !env) return { ok: false, state: 'not-configured', cause: 'not-configured', message: t('srcTest_notConfigured') };
  return runTest(connector, env);
}

/**
 * Options' Test before saving: the form's settings and typed credentials, used for this one test and
 * kept nowhere. A credential left empty is the one saved for the same origin (as saving would keep
 * it).
 *
 * Tokens the test refreshes are saved when it ran on the saved credentials (none typed) with the
 * saved sign-in: the same address and the same settings the tokens are bound to (`tokensBoundTo`,
 * Salesforce's consumer key). They are then those credentials' successors, whatever else the form
 * changed: with refresh token rotation the saved refresh token is spent by the refresh, and dropping
 * its successor would leave the connection asking to Reconnect. With a credential typed, or a key
 * the form changed, nothing is kept. A Test never writes the Reconnect mark: a refusal of what the
 * form holds says nothing about the saved tokens (an unsaved key is refused with valid tokens).
 */
export async function testUnsavedConnection(
  kind: ConnectionKind,
  rawConfig: Record<string, unknown>,
  typed: Readonly<Record<string, string>> = {},
  options: { hasAccess?: (url: string) => Promise<boolean> } = {},
): Promise<ConnectionTestResult> {
  const connector = connectors.find((c) => c.kind === kind);
  if (!connector) return { ok: false, state: 'not-configured', cause: 'not-configured', message: t('srcTest_notConfigured') };
  const parsed = connector.schema.safeParse(rawConfig);
  const issue = parsed.error?.issues[0];
  if (!parsed.success) return { ok: false, state: 'error', cause: 'failed', message: issue ? schemaIssueText(kind, issue) : t('srcTest_invalidSettings') };
  const config = parsed.data as Record<string, unknown>;
  const origin = connectionOrigin(connector, config);
  if (!origin) return { ok: false, state: 'not-configured', cause: 'not-configured', message: t('srcTest_notConfigured') };
  const declared = new Set(connector.fields.filter((f) => f.type === 'credential').map((f) => f.name));
  const saved = await getSecret(connector.kind, origin);
  const credentials: Record<string, string> = { ...saved };
  let typedNew = false;
  for (const [name, value] of Object.entries(typed)) {
    if (!declared.has(name) || !value.trim()) continue;
    credentials[name] = value.trim();
    typedNew ||= saved?.[name] !== value.trim();
  }
  if (requiredCredentials(connector, config).some((field) => !credentials[field])) {
    return { ok: false, state: 'not-configured', cause: 'not-configured', message: t('srcTest_notConfigured') };
  }
  const keepsRefreshed = saved !== undefined && !typedNew && (await sameSignIn(connector, config));
  const env: ConnectorEnv<Record<string, unknown>> = {
    config,
    credentials,
    fetch: credentialedFetch(origin, options.hasAccess ? { hasAccess: options.hasAccess } : {}),
    saveCredentials: async (values) => {
      if (keepsRefreshed && !values[RECONNECT_CREDENTIAL]) await replaceSecret(connector.kind, values, origin);
    },
  };
  return runTest(connector, env);
}

/** Whether the form signs in as the saved connection: its address and the settings its tokens are bound to. */
async function sameSignIn(connector: Connector, config: Record<string, unknown>): Promise<boolean> {
  const saved = ((await getSettings()).connections as Readonly<Record<string, Record<string, unknown> | undefined>>)[connector.kind];
  return !!saved && [connector.address, ...(connector.tokensBoundTo ?? [])].every((name) => saved[name] === config[name]);
}

/** Node names these causes (`error.cause.code`): the name did not resolve, or nothing listened. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);
/** …and these a certificate the TLS handshake refused (self-signed, expired, another host's). */
const CERTIFICATE_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

/** What the test's own requests saw, beneath the connector's words: the last answer or the last thrown error. */
interface Seen {
  url?: string;
  response?: { status: number; contentType: string };
  error?: unknown;
}

function watched(fetchImpl: FetchImpl, seen: Seen): FetchImpl {
  return async (input, init) => {
    seen.url = input;
    try {
      const response = await fetchImpl(input, init);
      seen.response = { status: response.status, contentType: response.headers.get('content-type') ?? '' };
      seen.error = undefined;
      return response;
    } catch (error) {
      seen.response = undefined;
      seen.error = error;
      throw error;
    }
  };
}

/**
 * Runs the connector's test through a fetch that watches what happened, and names the cause from
 * that rather than from the connector's words: those are for a card, which says a bare network error
 * is a failed connection; here the cause (unreachable, a refused certificate, a timeout) can be named.
 */
async function runTest(connector: Connector, env: ConnectorEnv<Record<string, unknown>>): Promise<ConnectionTestResult> {
  const seen: Seen = {};
  const watchedEnv = { ...env, fetch: watched(env.fetch, seen) };
  try {
    const signal = AbortSignal.timeout(15_000);
    const message = connector.test ? await connector.test(watchedEnv, signal) : await connector.createSource?.(watchedEnv).test(signal);
    if (message === undefined) return { ok: false, state: 'error', cause: 'failed', message: t('srcTest_notTestable') };
    return { ok: true, state: 'connected', cause: 'connected', message };
  } catch (error) {
    const words = error instanceof SourceError ? error.message : t('srcTest_unexpected');
    return { ok: false, ...causeOf(connector, seen, error), message: words };
  }
}

function causeOf(connector: Connector, seen: Seen, thrown: unknown): Pick<ConnectionTestResult, 'state' | 'cause' | 'scopes' | 'status'> {
  const failure = seen.error instanceof HttpError ? seen.error.failure : undefined;
  if (failure?.kind === 'refused' && failure.reason === 'no-access') return { state: 'needs-access', cause: 'no-access' };
  if (failure?.kind === 'refused') return { state: 'error', cause: failure.reason === 'redirect' ? 'wrong-path' : 'failed' };
  if (seen.error !== undefined) {
    const name = seen.error instanceof Error ? seen.error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') return { state: 'error', cause: 'timeout' };
    const code = causeCode(seen.error);
    if (code && CERTIFICATE_CODE.test(code)) return { state: 'error', cause: 'certificate' };
    if (code && UNREACHABLE_CODES.has(code)) return { state: 'error', cause: 'unreachable' };
    // A browser says only "Failed to fetch", the same for a closed port, an unknown name and a refused
    // certificate. Over plain http there is no certificate, so then it is unreachable; over https it
    // could be either, and that is what the rep is told.
    return { state: 'error', cause: seen.url?.startsWith('http:') ? 'unreachable' : 'unreachable-or-certificate' };
  }
  const response = seen.response;
  if (response) {
    if (response.status === 401 || response.status === 403) {
      return { state: 'error', cause: 'rejected-token', status: response.status, ...(connector.scopes ? { scopes: [...connector.scopes] } : {}) };
    }
    if (response.status === 404 || response.status === 405) return { state: 'error', cause: 'wrong-path', status: response.status };
    // An answer that is not JSON (a login page, a proxy's HTML) is not the API: the address is wrong.
    if (!/json/i.test(response.contentType) && response.contentType !== '') return { state: 'error', cause: 'wrong-path', status: response.status };
  }
  if (thrown instanceof SourceError && thrown.kind === 'not-configured') return { state: 'not-configured', cause: 'not-configured' };
  return { state: 'error', cause: 'failed', ...(response ? { status: response.status } : {}) };
}

function causeCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
