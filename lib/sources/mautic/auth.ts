/**
 * Mautic's two ways in: Basic auth, or OAuth2 client credentials whose access token is cached in
 * the secrets store (id `mautic-oauth-token`) until a minute before it expires, so a worker
 * restart does not cost a token request.
 */
import { clock } from '../../clock';
import { deleteSecret, getSecret, setSecret } from '../../store/secrets';
import { type FetchImpl, HttpError, type HttpOptions, fetchJson, parseBody } from '../http';
import { TOKEN_SECRET_ID } from './definition';
import { TokenResponse } from './raw';

export type MauticCredentials = { username: string; password: string } | { clientId: string; clientSecret: string };

export { TOKEN_SECRET_ID };

/** Refresh this long before the token's stated expiry, so a request never carries a token about to lapse. */
const EXPIRY_MARGIN_MS = 60_000;

export interface TokenStore {
  get(): Promise<Record<string, string> | undefined>;
  set(values: Record<string, string>): Promise<void>;
  clear(): Promise<void>;
}

/** The secrets store, bound like every secret to the Mautic address the token was issued by. */
export function secretsTokenStore(baseUrl: string): TokenStore {
  const origin = new URL(baseUrl).origin;
  return {
    get: () => getSecret(TOKEN_SECRET_ID, origin),
    set: (values) => setSecret(TOKEN_SECRET_ID, values, origin),
    clear: () => deleteSecret(TOKEN_SECRET_ID),
  };
}

export interface MauticAuth {
  header(signal?: AbortSignal): Promise<string>;
  /** Drops a token the server refused; true when a fresh one can be fetched (OAuth2 only). */
  invalidate(): Promise<boolean>;
}

export function basicAuth(username: string, password: string): MauticAuth {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  const header = `Basic ${btoa(String.fromCharCode(...bytes))}`;
  return { header: async () => header, invalidate: async () => false };
}

export function oauthClientCredentials(
  baseUrl: string,
  creds: { clientId: string; clientSecret: string },
  fetchImpl: FetchImpl,
  http: HttpOptions,
  store: TokenStore,
): MauticAuth {
  let pending: Promise<string> | undefined;

  async function cachedToken(): Promise<string | undefined> {
    const saved = await store.get();
    // A token belongs to the client that asked for it: a changed client id in Options starts afresh.
    if (!saved?.accessToken || saved.clientId !== creds.clientId) return undefined;
    return Number(saved.expiresAt) > clock.now() ? saved.accessToken : undefined;
  }

  async function requestToken(signal?: AbortSignal): Promise<string> {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: creds.clientId, client_secret: creds.clientSecret });
    let token;
    try {
      const response = await fetchJson(
        fetchImpl,
        `${baseUrl}/oauth/v2/token`,
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: body.toString() },
        { ...http, signal },
      );
      token = parseBody(TokenResponse, response);
    } catch (error) {
      // The token endpoint answers a bad client with 400 invalid_client: for the rep that is wrong credentials.
      if (error instanceof HttpError && error.failure.kind === 'status' && error.failure.status === 400) {
        throw new HttpError({ ...error.failure, status: 401 });
      }
      throw error;
    }
    const expiresAt = clock.now() + token.expires_in * 1000 - EXPIRY_MARGIN_MS;
    await store.set({ accessToken: token.access_token, expiresAt: String(expiresAt), clientId: creds.clientId });
    return token.access_token;
  }

  return {
    async header(signal) {
      const token = (await cachedToken()) ?? (await (pending ??= requestToken(signal).finally(() => (pending = undefined))));
      return `Bearer ${token}`;
    },
    async invalidate() {
      await store.clear();
      return true;
    },
  };
}
