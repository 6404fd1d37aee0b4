// @vitest-environment node
/**
 * Options' Test names the cause it met, over real HTTP against the loopback mocks: a closed port, a
 * rejected token (with HubSpot's scopes), a path that 404s, an HTML answer, missing host access. The
 * unsaved test keeps nothing. Where a cause cannot be produced on loopback (a refused certificate, a
 * browser's bare "Failed to fetch"), fetch is replaced by one that throws what Node and Chrome throw.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testUnsavedConnection } from '@/lib/background/connections';
import { hubspotDefinition } from '@/lib/sources/hubspot/definition';
import { getSecret, setSecret } from '@/lib/store/secrets';
import { getSettings } from '@/lib/store/settings';
import { type HubSpotMock, type MauticMock, type WebhookMock, startHubSpotMock, startMauticMock, startWebhookMock, verifyWebhook } from '../../mocks';

const TOKEN = 'pat-na1-right';
let mock: HubSpotMock | MauticMock | WebhookMock | undefined;

afterEach(async () => {
  vi.unstubAllGlobals();
  await mock?.close();
  mock = undefined;
});

/** A loopback port where nothing listens: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const granted = async () => true;

describe('Test before saving: HubSpot', () => {
  it('says unreachable where nothing listens, not that access is missing', async () => {
    const port = await closedPort();
    const result = await testUnsavedConnection('hubspot', { baseUrl: `http://127.0.0.1:${port}` }, { token: TOKEN });
    expect(result).toMatchObject({ ok: false, state: 'error', cause: 'unreachable' });
  });

  it('connects with the right token', async () => {
    mock = await startHubSpotMock({ token: TOKEN });
    expect(await testUnsavedConnection('hubspot', { baseUrl: mock.url }, { token: TOKEN })).toMatchObject({ ok: true, state: 'connected', cause: 'connected' });
  });

  it('names a rejected token and the scopes it needs', async () => {
    mock = await startHubSpotMock({ token: TOKEN });
    const result = await testUnsavedConnection('hubspot', { baseUrl: mock.url }, { token: 'pat-na1-wrong' });
    expect(result).toMatchObject({ ok: false, cause: 'rejected-token', status: 401 });
    expect(result.scopes).toEqual([...hubspotDefinition.scopes!]);
    expect(result.scopes).toContain('crm.objects.contacts.read');
  });

  it('calls a path that 404s the wrong path', async () => {
    mock = await startHubSpotMock({ token: TOKEN });
    const result = await testUnsavedConnection('hubspot', { baseUrl: `${mock.url}/not-the-api` }, { token: TOKEN });
    expect(result).toMatchObject({ ok: false, cause: 'wrong-path', status: 404 });
  });

  it('calls an HTML answer the wrong path, even with a 200', async () => {
    mock = await startHubSpotMock({ token: TOKEN });
    mock.setFault({ fault: { type: 'raw', status: 200, body: '<!doctype html><title>Sign in</title>', contentType: 'text/html' } });
    expect(await testUnsavedConnection('hubspot', { baseUrl: mock.url }, { token: TOKEN })).toMatchObject({ ok: false, cause: 'wrong-path' });
  });

  it('says access is missing only when it is, sends nothing then, and works once granted', async () => {
    const fetch = vi.fn(async () => Response.json({ results: [] }));
    vi.stubGlobal('fetch', fetch);
    const url = { baseUrl: 'https://api.hubapi.com' };
    expect(await testUnsavedConnection('hubspot', url, { token: TOKEN }, { hasAccess: async () => false })).toMatchObject({ state: 'needs-access', cause: 'no-access' });
    expect(fetch).not.toHaveBeenCalled();
    expect(await testUnsavedConnection('hubspot', url, { token: TOKEN }, { hasAccess: granted })).toMatchObject({ ok: true, cause: 'connected' });
    expect(fetch).toHaveBeenCalledOnce();
  });

  it('names a refused certificate when the error says so', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) });
    });
    expect(await testUnsavedConnection('hubspot', { baseUrl: 'https://api.hubapi.com' }, { token: TOKEN }, { hasAccess: granted })).toMatchObject({
      cause: 'certificate',
    });
  });

  it('does not guess between unreachable and a certificate when the browser cannot tell', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await testUnsavedConnection('hubspot', { baseUrl: 'https://api.hubapi.com' }, { token: TOKEN }, { hasAccess: granted })).toMatchObject({
      state: 'error',
      cause: 'unreachable-or-certificate',
    });
  });

  it('keeps nothing it was given: no secret, no settings', async () => {
    mock = await startHubSpotMock({ token: TOKEN });
    const before = await getSettings();
    expect(await testUnsavedConnection('hubspot', { baseUrl: mock.url }, { token: TOKEN })).toMatchObject({ ok: true });
    expect(await getSecret('hubspot', mock.url)).toBeUndefined();
    expect(await getSettings()).toEqual(before);
  });

  it('uses the token saved for the same address when the form leaves it empty, and only for that address', async () => {
    mock = await startHubSpotMock({ token: TOKEN });
    await setSecret('hubspot', { token: TOKEN }, mock.url);
    expect(await testUnsavedConnection('hubspot', { baseUrl: mock.url }, {})).toMatchObject({ ok: true });
    const port = await closedPort();
    expect(await testUnsavedConnection('hubspot', { baseUrl: `http://127.0.0.1:${port}` }, {})).toMatchObject({ ok: false, cause: 'not-configured' });
  });
});

describe('Test before saving: Mautic', () => {
  it('names rejected credentials (401) without HubSpot scopes', async () => {
    mock = await startMauticMock({ basic: { username: 'rep', password: 'right' } });
    const result = await testUnsavedConnection('mautic', { baseUrl: mock.url, authMethod: 'basic' }, { username: 'rep', password: 'wrong' });
    expect(result).toMatchObject({ ok: false, cause: 'rejected-token', status: 401 });
    expect(result.scopes).toBeUndefined();
    expect(await testUnsavedConnection('mautic', { baseUrl: mock.url, authMethod: 'basic' }, { username: 'rep', password: 'right' })).toMatchObject({ ok: true });
  });
});

describe('Test before saving: the webhook', () => {
  const SECRET = 'whsec_test_7f3a';

  it('sends a signed ping the receiver verifies, and is green only on its 2xx', async () => {
    const webhook = await startWebhookMock({ secret: SECRET });
    mock = webhook;
    expect(await testUnsavedConnection('webhook', { url: webhook.hookUrl }, { secret: SECRET })).toMatchObject({ ok: true, cause: 'connected' });
    const [ping] = webhook.deliveries;
    expect(ping!.json).toMatchObject({ type: 'ping' });
    expect(verifyWebhook(SECRET, ping!.timestamp, ping!.signature, ping!.body, Date.now())).toBeUndefined();

    webhook.setStatus(500);
    expect(await testUnsavedConnection('webhook', { url: webhook.hookUrl }, { secret: SECRET })).toMatchObject({ ok: false, state: 'error' });
  });

  it('names a wrong secret as rejected', async () => {
    const webhook = await startWebhookMock({ secret: SECRET });
    mock = webhook;
    expect(await testUnsavedConnection('webhook', { url: webhook.hookUrl }, { secret: 'not-it' })).toMatchObject({ ok: false, cause: 'rejected-token', status: 401 });
  });

  it('never says connected for a made-up host', async () => {
    const result = await testUnsavedConnection('webhook', { url: 'https://hooks.prospect-lens-made-up.invalid/x' }, { secret: SECRET }, { hasAccess: granted });
    expect(result.ok).toBe(false);
    expect(result.cause).toMatch(/^unreachable/);
  });
});
