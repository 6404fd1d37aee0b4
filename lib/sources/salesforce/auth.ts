/**
 * Signing in to Salesforce with OAuth 2.0 (authorization code with PKCE, S256) from the browser's
 * auth window, and signing out. No client secret and no server: the verifier never leaves the
 * background, the `state` ties the answer to this attempt, and the code is exchanged at the login
 * host the rep chose through a fetch bound to that host.
 */
import { type ConnectIO, type ConnectResult, SIGN_IN_MINUTES } from '../../connectors/connector';
import { t } from '../../i18n';
import { type FetchImpl, HttpError, fetchJson, parseBody, toSourceError } from '../http';
import { SourceError } from '../types';
import { SALESFORCE_WORDS } from './client';
import { type SalesforceConnection, TOKEN_FIELDS, isSalesforceInstanceUrl, loginOrigin } from './definition';
import { OAuthError, TokenResponse } from './raw';

export const SCOPES = 'api refresh_token';

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A fresh verifier (43 characters from 32 random bytes) and its S256 challenge. */
export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return { verifier, challenge: base64url(digest) };
}

export function authorizeUrl(login: string, consumerKey: string, redirectUrl: string, challenge: string, state: string): string {
  const url = new URL('/services/oauth2/authorize', login);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: consumerKey,
    redirect_uri: redirectUrl,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    scope: SCOPES,
  }).toString();
  return url.href;
}

const SALESFORCE = SALESFORCE_WORDS.name;

/** What the rep reads when the auth window ends without a code. */
const denied = () => new SourceError('auth', t('srcError_salesforceDenied'));
const windowFailed = () => new SourceError('auth', t('srcError_salesforceWindowFailed'));

/** `work`'s answer, or a rejection with the signal's reason once it aborts first. */
function beforeAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

/** The code from the URL the auth window was sent back to, after checking it is ours and answers this attempt. */
export function codeFrom(redirected: string, redirectUrl: string, state: string): string {
  let url: URL;
  try {
    url = new URL(redirected);
  } catch {
    throw windowFailed();
  }
  const expected = new URL(redirectUrl);
  if (url.origin !== expected.origin || url.pathname !== expected.pathname) throw windowFailed();
  // Salesforce answers in the query; a fragment is read too so nothing is missed.
  const params = new URLSearchParams(url.search || url.hash.slice(1));
  if (params.get('state') !== state) throw new SourceError('auth', t('srcError_salesforceStateMismatch'));
  const error = params.get('error');
  if (error === 'access_denied') throw denied();
  if (error) throw new SourceError('auth', t('srcError_salesforceSignInRefused', (params.get('error_description') ?? error).slice(0, 300)));
  const code = params.get('code');
  if (!code) throw windowFailed();
  return code;
}

/**
 * The token endpoint's refusals, in words the rep (or the admin) can act on; and what else can end the
 * code's exchange (no network, no answer in time, an answer that is not Salesforce's), so a failed
 * sign-in is never "something went wrong".
 */
function tokenError(error: unknown, redirectUrl: string): unknown {
  if (!(error instanceof HttpError)) return error;
  const failure = error.failure;
  // A sign-in that met no network says Salesforce could not be reached; a lookup's would say its
  // connection failed. Every other failure but a status is worded as for any Salesforce request.
  if (failure.kind === 'network' && !failure.offline) return new SourceError('unavailable', t('srcError_unreachable', SALESFORCE));
  if (failure.kind !== 'status') return toSourceError(error, SALESFORCE_WORDS);
  const parsed = OAuthError.safeParse(failure.body);
  if (!parsed.success) return new SourceError('unavailable', t('srcError_salesforceTokenEndpoint', failure.status));
  switch (parsed.data.error) {
    case 'invalid_client_id':
    case 'invalid_client':
      return new SourceError('auth', t('srcError_salesforceUnknownKey'));
    case 'redirect_uri_mismatch':
      return new SourceError('auth', t('srcError_salesforceCallbackUrl', redirectUrl));
    default:
      return new SourceError(
        'auth',
        t('srcError_salesforceSignInRefusedCode', parsed.data.error_description ? `${parsed.data.error}: ${parsed.data.error_description.slice(0, 200)}` : parsed.data.error),
      );
  }
}

/** The Salesforce user id at the end of the identity URL (`…/id/<org id>/<user id>`). */
function userIdOf(identityUrl: string | undefined): string | undefined {
  const last = identityUrl?.split('/').at(-1);
  return last && /^[a-zA-Z0-9]{15,18}$/.test(last) ? last : undefined;
}

export async function connectSalesforce(config: SalesforceConnection, io: ConnectIO): Promise<ConnectResult> {
  const login = loginOrigin(config.loginHost);
  if (!login) throw new SourceError('not-configured', t('srcError_salesforceLoginHostFirst'));
  if (!config.consumerKey) throw new SourceError('not-configured', t('srcError_salesforceConsumerKeyFirst'));
  const { verifier, challenge } = await pkcePair();
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));

  let redirected: string;
  try {
    redirected = await beforeAbort(io.launchWebAuthFlow(authorizeUrl(login, config.consumerKey, io.redirectUrl, challenge, state)), io.signal);
  } catch (error) {
    // The rep's time to sign in is over: given up, and a code that comes back later is not exchanged.
    if (io.signal.aborted && error === io.signal.reason) throw new SourceError('auth', t('srcError_salesforceSignInTimedOut', SIGN_IN_MINUTES));
    // Chrome and Firefox reject alike when the window is closed or never comes back to the redirect URL.
    throw windowFailed();
  }
  const code = codeFrom(redirected, io.redirectUrl, state);

  const form = new URLSearchParams({ grant_type: 'authorization_code', code, client_id: config.consumerKey, redirect_uri: io.redirectUrl, code_verifier: verifier });
  let token;
  try {
    const response = await fetchJson(
      io.fetchFor(login),
      `${login}/services/oauth2/token`,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() },
      // Its own timeout (fetchJson's), not the sign-in's: a rep who took most of it to sign in still
      // gets the exchange of the code they came back with.
      {},
    );
    token = parseBody(TokenResponse, response);
  } catch (error) {
    throw tokenError(error, io.redirectUrl);
  }
  if (!isSalesforceInstanceUrl(token.instance_url)) throw new SourceError('auth', t('srcError_salesforceNotSalesforce'));
  if (!token.refresh_token) throw new SourceError('auth', t('srcError_salesforceNoRefreshScope'));
  const userId = userIdOf(token.id);
  return {
    config: { ...config, instanceUrl: token.instance_url.replace(/\/+$/, ''), ...(userId ? { userId } : {}) },
    credentials: { [TOKEN_FIELDS.access]: token.access_token, [TOKEN_FIELDS.refresh]: token.refresh_token },
  };
}

/**
 * Revokes the refresh token (which ends its access tokens too) at the instance, through the fetch
 * bound to it. A token Salesforce no longer knows is already revoked; other failures are reported.
 */
export async function revokeSalesforce(instanceUrl: string, credentials: Readonly<Record<string, string>>, fetchImpl: FetchImpl, signal: AbortSignal): Promise<void> {
  const token = credentials[TOKEN_FIELDS.refresh] ?? credentials[TOKEN_FIELDS.access];
  if (!token) return;
  try {
    await fetchJson(
      fetchImpl,
      `${instanceUrl.replace(/\/+$/, '')}/services/oauth2/revoke`,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }).toString() },
      { signal },
    );
  } catch (error) {
    const gone = error instanceof HttpError && error.failure.kind === 'status' && error.failure.status === 400;
    if (!gone) throw new SourceError('unavailable', t('srcError_salesforceRevokeFailed'));
  }
}
