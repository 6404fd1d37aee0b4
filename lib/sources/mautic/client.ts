/** Authenticated requests to a Mautic instance, and how Mautic's failures are worded. */
import { t } from '../../i18n';
import type { MauticConnection } from './definition';
import { type FetchImpl, HttpError, type HttpOptions, type JsonResponse, type ServiceWords, fetchJson } from '../http';
import { SourceError } from '../types';
import { type MauticAuth, type MauticCredentials, type TokenStore, basicAuth, oauthClientCredentials, secretsTokenStore } from './auth';

export interface MauticOptions {
  timeoutMs?: number;
  maxBytes?: number;
  /** Where the OAuth2 token is cached; the secrets store unless a test says otherwise. */
  tokenStore?: TokenStore;
}

/** Mautic's limit is per hour and its 429 carries no Retry-After: a minute is a polite first wait. */
const RATE_LIMIT_WAIT_MS = 60_000;

export const MAUTIC_WORDS: ServiceWords = {
  name: 'Mautic',
  get auth() {
    return t('srcError_mauticAuth');
  },
  get forbidden() {
    return t('srcError_mauticForbidden');
  },
  rateLimitWaitMs: () => RATE_LIMIT_WAIT_MS,
};

export type MauticCall = (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, signal?: AbortSignal) => Promise<JsonResponse>;

export function mauticClient(config: MauticConnection, creds: MauticCredentials, fetchImpl: FetchImpl, options: MauticOptions = {}): MauticCall {
  const base = config.baseUrl.replace(/\/+$/, '');
  const http: HttpOptions = {};
  if (options.timeoutMs !== undefined) http.timeoutMs = options.timeoutMs;
  if (options.maxBytes !== undefined) http.maxBytes = options.maxBytes;
  const auth = authFor(config, creds, base, fetchImpl, http, options.tokenStore ?? secretsTokenStore(base));

  async function send(method: string, path: string, body: unknown, signal: AbortSignal | undefined): Promise<JsonResponse> {
    const headers: Record<string, string> = { authorization: await auth.header(signal), accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const init: RequestInit = { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
    return fetchJson(fetchImpl, `${base}${path}`, init, { ...http, signal });
  }

  return async (method, path, body, signal) => {
    try {
      return await send(method, path, body, signal);
    } catch (error) {
      // An OAuth2 token can be revoked or expire early: fetch a new one and try once more.
      const refused = error instanceof HttpError && error.failure.kind === 'status' && error.failure.status === 401;
      if (refused && (await auth.invalidate())) return send(method, path, body, signal);
      throw error;
    }
  };
}

function authFor(config: MauticConnection, creds: MauticCredentials, base: string, fetchImpl: FetchImpl, http: HttpOptions, store: TokenStore): MauticAuth {
  if (config.authMethod === 'oauth2' && 'clientId' in creds) return oauthClientCredentials(base, creds, fetchImpl, http, store);
  if (config.authMethod === 'basic' && 'username' in creds) return basicAuth(creds.username, creds.password);
  // Reported on first use rather than thrown here, so a destination's deliver() still never throws.
  const missing = new SourceError('not-configured', t(config.authMethod === 'oauth2' ? 'srcError_mauticOAuthMissing' : 'srcError_mauticBasicMissing'));
  return { header: () => Promise.reject(missing), invalidate: async () => false };
}
