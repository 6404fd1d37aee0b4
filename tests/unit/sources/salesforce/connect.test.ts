// @vitest-environment node
/**
 * The connect step: the background's `connection/connect` and `connection/disconnect` with the auth
 * window stubbed to drive the loopback org's authorize endpoint the way the browser does (load the
 * page, stop at the redirect to the extension's URL, hand that URL back).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { connectedSources, destinationFor } from '@/lib/background/connections';
import { connectConnection, disconnectConnection, revokeSignInsBeforeErase, type WebAuth } from '@/lib/background/connect';
import { MessageError } from '@/lib/messaging';
import { authorizeUrl, codeFrom, pkcePair } from '@/lib/sources/salesforce/auth';
import { resetApiUsage } from '@/lib/sources/salesforce/client';
import { connectOrigins, isSalesforceInstanceUrl } from '@/lib/sources/salesforce/definition';

/** Chrome's and Firefox's match-pattern rule for `https://<host>/*`: `*.` covers any subdomain depth. */
function patternCovers(pattern: string, url: string): boolean {
  const [, scheme, host] = /^(https?):\/\/([^/]+)\/\*$/.exec(pattern) ?? [];
  const target = new URL(url);
  if (!host || `${scheme}:` !== target.protocol) return false;
  return host.startsWith('*.') ? target.hostname.endsWith(host.slice(1)) || target.hostname === host.slice(2) : target.hostname === host;
}
import { type SalesforceMock, startSalesforceMock } from '@/lib/sources/salesforce/mock';
import { closeDbForTests } from '@/lib/store/db';
import { getSecret, secretOrigin } from '@/lib/store/secrets';
import { getSettings } from '@/lib/store/settings';
import { makeAction, context } from '../helpers';
import { testBackground } from '../../support/background';

let mock: SalesforceMock;

beforeEach(async () => {
  await closeDbForTests();
  resetApiUsage();
  mock = await startSalesforceMock();
});

afterEach(async () => {
  vi.restoreAllMocks();
  await mock.close();
});

/** The browser's auth window: follows the authorize page until it redirects to our URL (or fails to load, like Chrome). */
function authWindow(tamper: (redirected: URL) => void = () => undefined): WebAuth & { urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    redirectUrl: mock.callbackUrl,
    launchWebAuthFlow: async (url) => {
      urls.push(url);
      const answer = await fetch(url, { redirect: 'manual' });
      const location = answer.headers.get('location');
      if (answer.status !== 302 || !location?.startsWith(mock.callbackUrl)) throw new Error('Authorization page could not be loaded.');
      const redirected = new URL(location);
      tamper(redirected);
      return redirected.href;
    },
  };
}

const form = (extra: Record<string, unknown> = {}) => ({ loginHost: mock.url, consumerKey: mock.consumerKey, ...extra });

/** The sign-in's 5 minutes (AbortSignal.timeout in connect.ts), ended by the test when it says. */
function timeLeft(): { abort(): void } {
  const fiveMinutes = new AbortController();
  const realTimeout = AbortSignal.timeout.bind(AbortSignal);
  vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms: number) => (ms === 5 * 60_000 ? fiveMinutes.signal : realTimeout(ms)));
  return { abort: () => fiveMinutes.abort(new DOMException('The operation timed out.', 'TimeoutError')) };
}

async function refusal(promise: Promise<unknown>): Promise<MessageError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MessageError);
  return error as MessageError;
}

describe('connect', () => {
  it('signs in with PKCE (S256) and state, saves the tokens bound to the instance origin, and the org answers with them', async () => {
    const auth = authWindow();
    const settings = await connectConnection('salesforce', form(), () => auth);

    const sent = new URL(auth.urls[0]!);
    expect(Object.fromEntries(sent.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: mock.consumerKey,
      redirect_uri: mock.callbackUrl,
      code_challenge_method: 'S256',
      scope: 'api refresh_token',
    });
    expect(sent.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent.searchParams.get('state')!.length).toBeGreaterThanOrEqual(20);

    const token = mock.requests.find((r) => r.path === '/services/oauth2/token')!;
    expect(new URLSearchParams(token.body).get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token.status).toBe(200);

    expect(settings.connections.salesforce).toMatchObject({ instanceUrl: mock.url, userId: '005000000000001AAA', loginHost: mock.url });
    expect(settings.destination).toBe('salesforce');
    expect(await secretOrigin('salesforce')).toBe(mock.url);
    const secret = await getSecret('salesforce', mock.url);
    expect(Object.keys(secret!).sort()).toEqual(['accessToken', 'refreshToken']);
    expect(JSON.stringify(settings)).not.toContain(secret!.accessToken);

    const [source] = await connectedSources(settings);
    const [record] = await source!.lookup([{ key: 'dana.whitfield@northwind.example', emails: ['dana.whitfield@northwind.example'] }]);
    expect(record!.prospect.name).toBe('Dana Whitfield');
    const destination = await destinationFor('salesforce', settings);
    expect(await destination!.deliver(makeAction({ type: 'call' }), context())).toMatchObject({ kind: 'delivered' });
  });

  it('refuses an answer whose state is not this attempt’s, and saves nothing', async () => {
    const error = await refusal(connectConnection('salesforce', form(), () => authWindow((u) => u.searchParams.set('state', 'forged'))));
    expect(error.message).toMatch(/state mismatch/);
    expect(mock.requests.some((r) => r.path === '/services/oauth2/token')).toBe(false);
    expect(await secretOrigin('salesforce')).toBeUndefined();
  });

  it('says so when the rep declines access', async () => {
    mock.setConsent('deny');
    const error = await refusal(connectConnection('salesforce', form(), () => authWindow()));
    expect(error.message).toMatch(/declined/);
    expect((await getSettings()).connections.salesforce).toBeUndefined();
  });

  it('a wrong consumer key never gets back from the sign-in window: a clear message naming what to check', async () => {
    const error = await refusal(connectConnection('salesforce', form({ consumerKey: '3MVG9wrongWrongWrongWrong' }), () => authWindow()));
    expect(error.message).toMatch(/consumer key/);
  });

  it('a code sent back with a different verifier is refused by the token endpoint (the mock checks S256)', async () => {
    const { verifier, challenge } = await pkcePair();
    const auth = authWindow();
    const redirected = await auth.launchWebAuthFlow(authorizeUrl(mock.url, mock.consumerKey, mock.callbackUrl, challenge, 'st'));
    const code = codeFrom(redirected, mock.callbackUrl, 'st');
    const exchange = (codeVerifier: string) =>
      fetch(`${mock.url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: mock.consumerKey, redirect_uri: mock.callbackUrl, code_verifier: codeVerifier }),
      });
    const wrong = await exchange(`${verifier.slice(0, -1)}x`);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: 'invalid_grant', error_description: 'invalid code verifier' });
    // And a code is single-use, even after a failed exchange.
    expect((await exchange(verifier)).status).toBe(400);
  });

  it.each([
    ['login.salesforce.com', 'https://na123.salesforce.com'],
    ['login.salesforce.com', 'https://eu12.salesforce.com'],
    ['login.salesforce.com', 'https://acme.my.salesforce.com'],
    ['test.salesforce.com', 'https://cs42.salesforce.com'],
    ['test.salesforce.com', 'https://acme--uat.sandbox.my.salesforce.com'],
    ['https://acme.my.salesforce.com', 'https://acme.my.salesforce.com'],
    ['acme--uat.sandbox.my.salesforce.com', 'https://acme--uat.sandbox.my.salesforce.com'],
  ])('the host access asked for in the click at %s covers the instance %s the org may answer with', (loginHost, instance) => {
    expect(isSalesforceInstanceUrl(instance)).toBe(true);
    expect(connectOrigins({ loginHost }).some((pattern) => patternCovers(pattern, instance))).toBe(true);
  });

  it('gives up when the rep is still in the auth window after the sign-in time, and exchanges no code that comes back later', async () => {
    const sinceStart = timeLeft();
    const window = authWindow(() => sinceStart.abort());
    const error = await refusal(connectConnection('salesforce', form(), () => window));
    expect(error.message).toBe('The Salesforce sign-in took longer than 5 minutes and was given up; choose Connect to start again');
    expect(mock.requests.filter((r) => r.path === '/services/oauth2/token')).toHaveLength(0);
    expect((await getSettings()).connections.salesforce).toBeUndefined();
  });

  it('says the window did not finish, not that time ran out, when the window fails with nothing to say', async () => {
    timeLeft();
    const window: WebAuth = { redirectUrl: mock.callbackUrl, launchWebAuthFlow: () => Promise.reject(undefined) };
    const error = await refusal(connectConnection('salesforce', form(), () => window));
    expect(error.message).toMatch(/^The Salesforce sign-in did not finish/);
  });

  it('exchanges the code of a sign-in that ended just in time, even when the time runs out during the exchange', async () => {
    const sinceStart = timeLeft();
    mock.setFault({ path: '/services/oauth2/token', times: 1, fault: { type: 'delay', ms: 100 } });
    const window = authWindow();
    const done = connectConnection('salesforce', form(), () => window);
    await vi.waitFor(() => expect(mock.requests.some((r) => r.path === '/services/oauth2/token')).toBe(true), { timeout: 5_000, interval: 5 });
    sinceStart.abort();
    await done;
    expect((await getSettings()).connections.salesforce).toMatchObject({ instanceUrl: expect.any(String) });
  });

  it('says in words when the code exchange meets no network, no answer in time, or an answer that is not Salesforce’s', async () => {
    mock.setFault({ path: '/services/oauth2/token', times: 1, fault: { type: 'reset' } });
    expect((await refusal(connectConnection('salesforce', form(), () => authWindow()))).message).toBe('Salesforce could not be reached');

    mock.setFault({ path: '/services/oauth2/token', times: 1, fault: { type: 'raw', body: '<html><body>Maintenance</body></html>', contentType: 'text/html' } });
    expect((await refusal(connectConnection('salesforce', form(), () => authWindow()))).message).toBe('Salesforce sent an answer Prospect Lens does not understand');

    // The exchange's own timeout (fetchJson's 15 s), shortened here.
    const realTimeout = AbortSignal.timeout.bind(AbortSignal);
    vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms: number) => realTimeout(ms === 15_000 ? 50 : ms));
    mock.setFault({ path: '/services/oauth2/token', times: 1, fault: { type: 'hang' } });
    expect((await refusal(connectConnection('salesforce', form(), () => authWindow()))).message).toBe('Salesforce did not answer in time');
    expect(await secretOrigin('salesforce')).toBeUndefined();
  });

  it('refuses an instance URL that is no API host, so no token goes there', async () => {
    for (const bad of ['https://acme.lightning.force.com', 'https://acme.my.site.com', 'https://acme--c.vf.force.com', 'https://login.salesforce.com.evil.example', 'https://www.salesforce.com']) {
      expect(isSalesforceInstanceUrl(bad), bad).toBe(false);
    }
  });

  it('refuses a login host that is not Salesforce before opening any window', async () => {
    const auth = authWindow();
    const error = await refusal(connectConnection('salesforce', form({ loginHost: 'https://login.evil.example' }), () => auth));
    expect(error.message).toMatch(/login\.salesforce\.com/);
    expect(auth.urls).toEqual([]);
  });

  it('asks host access for the login host and the API hosts the org may name, and none for loopback', () => {
    expect(connectOrigins({ loginHost: 'login.salesforce.com' })).toEqual(['https://login.salesforce.com/*', 'https://*.salesforce.com/*']);
    expect(connectOrigins({ loginHost: 'test.salesforce.com' })).toEqual(['https://test.salesforce.com/*', 'https://*.salesforce.com/*']);
    expect(connectOrigins({ loginHost: 'https://acme.my.salesforce.com' })).toEqual(['https://*.my.salesforce.com/*']);
    expect(connectOrigins({ loginHost: 'http://127.0.0.1:4000' })).toEqual([]);
    expect(connectOrigins({ loginHost: 'evil.example' })).toEqual([]);
  });
});

describe('a revoked connection', () => {
  it('is neither a source nor a destination until Reconnect, so logged actions wait pending and then go', async () => {
    let settings = await connectConnection('salesforce', form(), () => authWindow());
    mock.revokeRefreshTokens();
    mock.expireSessions();
    const destination = await destinationFor('salesforce', settings);
    expect(await destination!.deliver(makeAction({ type: 'call' }), context())).toMatchObject({ kind: 'retry', error: expect.stringMatching(/Reconnect/) });
    expect(await getSecret('salesforce', mock.url)).toEqual({ reconnect: 'invalid_grant' });
    expect(await destinationFor('salesforce', settings)).toBeUndefined();
    expect(await connectedSources(settings)).toEqual([]);

    settings = await connectConnection('salesforce', form(), () => authWindow());
    expect(await destinationFor('salesforce', settings)).toBeDefined();
    expect(await connectedSources(settings)).toHaveLength(1);
  });
});

describe('disconnect', () => {
  it('revokes the refresh token at the org, forgets the tokens and the instance, and keeps the form', async () => {
    await connectConnection('salesforce', form(), () => authWindow());
    expect(mock.liveTokens().refresh).toHaveLength(1);
    const { settings, warning } = await disconnectConnection('salesforce');
    expect(warning).toBeUndefined();
    expect(mock.liveTokens()).toEqual({ access: [], refresh: [] });
    expect(await secretOrigin('salesforce')).toBeUndefined();
    expect(settings.connections.salesforce).toMatchObject({ loginHost: mock.url, consumerKey: mock.consumerKey });
    expect(settings.connections.salesforce?.instanceUrl).toBeUndefined();
    // Logged actions wait (the destination is not connected) rather than fail.
    expect(await destinationFor('salesforce', settings)).toBeUndefined();
  });

  it('still forgets the tokens when the org cannot be reached, and says so', async () => {
    await connectConnection('salesforce', form(), () => authWindow());
    mock.setFault({ path: '/services/oauth2/revoke', fault: { type: 'status', status: 503 } });
    const { warning } = await disconnectConnection('salesforce');
    expect(warning).toMatch(/revoke/);
    expect(await secretOrigin('salesforce')).toBeUndefined();
  });
});

describe('through the message router', () => {
  it('connection/connect runs browser.identity.launchWebAuthFlow with the extension redirect URL', async () => {
    const auth = authWindow();
    vi.spyOn(fakeBrowser.identity, 'getRedirectURL').mockReturnValue(mock.callbackUrl);
    const launch = vi.spyOn(fakeBrowser.identity, 'launchWebAuthFlow').mockImplementation(async ({ url }) => auth.launchWebAuthFlow(url));
    const { route } = testBackground();
    const caller = { id: 'test-extension', url: 'chrome-extension://test-extension/options.html' };
    const reply = (await route({ type: 'connection/connect', kind: 'salesforce', config: form() }, caller)) as { ok: boolean };
    expect(reply.ok).toBe(true);
    expect(launch).toHaveBeenCalledWith(expect.objectContaining({ interactive: true }));
    expect(await secretOrigin('salesforce')).toBe(mock.url);
    const gone = (await route({ type: 'connection/disconnect', kind: 'salesforce' }, caller)) as { ok: boolean };
    expect(gone.ok).toBe(true);
    expect(mock.liveTokens().refresh).toEqual([]);
  });

  it('connection/remove revokes a signed-in connection before forgetting it', async () => {
    const auth = authWindow();
    vi.spyOn(fakeBrowser.identity, 'getRedirectURL').mockReturnValue(mock.callbackUrl);
    vi.spyOn(fakeBrowser.identity, 'launchWebAuthFlow').mockImplementation(async ({ url }) => auth.launchWebAuthFlow(url));
    const { route } = testBackground();
    const caller = { id: 'test-extension', url: 'chrome-extension://test-extension/options.html' };
    await route({ type: 'connection/connect', kind: 'salesforce', config: form() }, caller);
    expect(mock.liveTokens().refresh).toHaveLength(1);
    expect(((await route({ type: 'connection/remove', kind: 'salesforce' }, caller)) as { ok: boolean }).ok).toBe(true);
    expect(mock.liveTokens().refresh).toEqual([]);
    expect((await getSettings()).connections.salesforce).toBeUndefined();
  });

  it('data/erase revokes the tokens at the org before deleting everything', async () => {
    const auth = authWindow();
    vi.spyOn(fakeBrowser.identity, 'getRedirectURL').mockReturnValue(mock.callbackUrl);
    vi.spyOn(fakeBrowser.identity, 'launchWebAuthFlow').mockImplementation(async ({ url }) => auth.launchWebAuthFlow(url));
    const { route } = testBackground();
    const caller = { id: 'test-extension', url: 'chrome-extension://test-extension/options.html' };
    await route({ type: 'connection/connect', kind: 'salesforce', config: form() }, caller);
    expect(mock.liveTokens().refresh).toHaveLength(1);
    expect(await route({ type: 'data/erase' }, caller)).toMatchObject({ ok: true });
    expect(mock.requests.filter((r) => r.path === '/services/oauth2/revoke')).toHaveLength(1);
    expect(mock.liveTokens()).toEqual({ access: [], refresh: [] });
    expect(await secretOrigin('salesforce')).toBeUndefined();
    expect((await getSettings()).connections.salesforce).toBeUndefined();
  });

  it('data/erase deletes everything even when the org refuses to revoke', async () => {
    const auth = authWindow();
    vi.spyOn(fakeBrowser.identity, 'getRedirectURL').mockReturnValue(mock.callbackUrl);
    vi.spyOn(fakeBrowser.identity, 'launchWebAuthFlow').mockImplementation(async ({ url }) => auth.launchWebAuthFlow(url));
    const { route } = testBackground();
    const caller = { id: 'test-extension', url: 'chrome-extension://test-extension/options.html' };
    await route({ type: 'connection/connect', kind: 'salesforce', config: form() }, caller);
    mock.setFault({ path: '/services/oauth2/revoke', fault: { type: 'status', status: 503 } });
    expect(await route({ type: 'data/erase' }, caller)).toMatchObject({ ok: true });
    expect(await secretOrigin('salesforce')).toBeUndefined();
    expect((await getSettings()).connections.salesforce).toBeUndefined();
  });

  it('a revoke that hangs is given up after the timeout, not waited for', async () => {
    await connectConnection('salesforce', form(), () => authWindow());
    mock.setFault({ path: '/services/oauth2/revoke', fault: { type: 'hang' } });
    const started = Date.now();
    await revokeSignInsBeforeErase(300);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(mock.requests.filter((r) => r.path === '/services/oauth2/revoke').length + mock.liveTokens().refresh.length).toBeGreaterThan(0);
  });

  it('refuses connection/connect for a connector that does not sign in', async () => {
    const { route } = testBackground();
    const reply = (await route({ type: 'connection/connect', kind: 'hubspot', config: {} }, { id: 'test-extension', url: 'chrome-extension://test-extension/options.html' })) as {
      ok: boolean;
      error?: { code: string };
    };
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});
