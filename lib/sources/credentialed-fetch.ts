/**
 * The fetch every request that carries credentials goes through (CRM tokens, Basic auth, OAuth
 * client secrets, signed webhook bodies). Three checks, each one a way credentials once could leak:
 *
 * - the request goes to the origin the credentials were entered for, and nowhere else;
 * - that origin's host access is granted (`permissions.contains`) — loopback excepted, since it
 *   is this machine and plain http is accepted only there (local test servers);
 * - redirects are never followed: a 307/308 would re-send the body, and with it the secret, to
 *   wherever the server points.
 *
 * A refusal is an HttpError of kind `refused`, which http.ts turns into the card's or the outbox's
 * words. Nothing leaves the machine for `other-origin` and `no-access`.
 */
import { isLoopbackHost } from '../model/settings';
import { hasOrigin } from '../permissions';
import { defaultFetch, type FetchImpl, HttpError } from './http';

export interface CredentialedFetchOptions {
  fetchImpl?: FetchImpl;
  /** Whether host access to a URL's origin is granted; tests replace it. */
  hasAccess?: (url: string) => Promise<boolean>;
}

export function credentialedFetch(boundOrigin: string, { fetchImpl = defaultFetch, hasAccess = hasOrigin }: CredentialedFetchOptions = {}): FetchImpl {
  return async (input, init) => {
    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw new HttpError({ kind: 'refused', reason: 'other-origin', sent: false });
    }
    if (url.origin !== boundOrigin) throw new HttpError({ kind: 'refused', reason: 'other-origin', sent: false });
    const loopback = url.protocol === 'http:' && isLoopbackHost(url.hostname);
    if (!loopback && !(await hasAccess(url.href))) throw new HttpError({ kind: 'refused', reason: 'no-access', sent: false });

    const response = await fetchImpl(url.href, { ...init, redirect: 'manual', credentials: 'omit' });
    // `manual` gives an opaque redirect in browsers and the 3xx itself in Node: either way, stop here.
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      await response.body?.cancel().catch(() => undefined);
      throw new HttpError({ kind: 'refused', reason: 'redirect', sent: true });
    }
    return response;
  };
}
