// @vitest-environment node
/**
 * The checks every credentialed request passes (lib/sources/credentialed-fetch.ts), against a real
 * loopback HTTP server: the bound origin only, granted host access only (loopback excepted), and
 * no redirect ever followed with the credentials.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { credentialedFetch } from '@/lib/sources/credentialed-fetch';
import { HttpError, fetchJson, toOutcome, toSourceError } from '@/lib/sources/http';
import { HubSpotConnection } from '@/lib/sources/hubspot/definition';
import { createHubSpotSource } from '@/lib/sources/hubspot/source';
import { MauticConnection } from '@/lib/sources/mautic/definition';
import { createMauticSource } from '@/lib/sources/mautic/source';
import { AccessNotGranted, SourceError } from '@/lib/sources/types';

let server: Server;
let origin: string;
const seen: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    if (req.url === '/redirect') {
      res.writeHead(307, { location: `${origin}/elsewhere` });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const words = { name: 'HubSpot', auth: 'a', forbidden: 'f', rateLimitWaitMs: () => 1000 };
const init = { method: 'POST', headers: { authorization: 'Bearer pat-secret' }, body: '{}' };

describe('credentialed requests', () => {
  it('go to the origin the credentials were entered for', async () => {
    const response = await fetchJson(credentialedFetch(origin), `${origin}/crm/v3/objects/contacts`, init);
    expect(response.body).toEqual({ ok: true });
  });

  it('are refused, unsent, for any other origin (another port counts)', async () => {
    const before = seen.length;
    const other = origin.replace(/:\d+$/, ':1');
    const failure = await fetchJson(credentialedFetch(origin), `${other}/steal`, init).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HttpError);
    expect((failure as HttpError).failure).toEqual({ kind: 'refused', reason: 'other-origin', sent: false });
    expect(seen.length).toBe(before);
  });

  it('are refused, unsent, when the origin is not granted (loopback needs no grant)', async () => {
    const hasAccess = vi.fn(async () => false);
    const fetchImpl = vi.fn();
    const failure = await fetchJson(credentialedFetch('https://api.hubapi.com', { hasAccess, fetchImpl }), 'https://api.hubapi.com/x', init).catch((e: unknown) => e);
    expect((failure as HttpError).failure).toMatchObject({ kind: 'refused', reason: 'no-access' });
    expect(fetchImpl).not.toHaveBeenCalled();
    expect(toSourceError(failure, words)).toMatchObject({ kind: 'no-access', message: 'Access not granted — grant it in Options' });
    expect(toOutcome(failure, words, true)).toMatchObject({ kind: 'not-sent' });
    const loopbackAccess = vi.fn(async () => false);
    await fetchJson(credentialedFetch(origin, { hasAccess: loopbackAccess }), `${origin}/ok`, init);
    expect(loopbackAccess).not.toHaveBeenCalled();
  });

  it('tell a missing grant from a network failure on every CRM card', async () => {
    // Mautic's and HubSpot's lookups through the credentialed fetch: without the grant nothing is sent
    // and the card says so; with it, a bare TypeError (the browser's "Failed to fetch") is the network.
    const mautic = MauticConnection.parse({ baseUrl: 'https://marketing.example.com', authMethod: 'basic' });
    const basic = { username: 'api-user', password: 's3cret!' };
    const hubspot = HubSpotConnection.parse({ baseUrl: 'https://api.hubapi.com' });
    const throwing = async (): Promise<Response> => {
      throw new TypeError('Failed to fetch');
    };
    const via = (granted: boolean, baseUrl: string) => credentialedFetch(new URL(baseUrl).origin, { hasAccess: async () => granted, fetchImpl: throwing });
    const query = { key: 'dana.whitfield@northwind.example', emails: ['dana.whitfield@northwind.example'] };
    const failure = (lookup: Promise<unknown>) => lookup.catch((e: unknown) => e);

    const refused = [
      await failure(createMauticSource(mautic, basic, via(false, mautic.baseUrl)).lookup([query])),
      await failure(createHubSpotSource(hubspot, { token: 'pat-na1-x' }, via(false, hubspot.baseUrl)).lookup([query])),
    ];
    for (const error of refused) expect(error).toBeInstanceOf(AccessNotGranted);

    expect(await failure(createMauticSource(mautic, basic, via(true, mautic.baseUrl)).lookup([query]))).toEqual(
      new SourceError('unavailable', 'Connection to Mautic failed (Failed to fetch)'),
    );
    expect(await failure(createHubSpotSource(hubspot, { token: 'pat-na1-x' }, via(true, hubspot.baseUrl)).lookup([query]))).toEqual(
      new SourceError('unavailable', 'Connection to HubSpot failed (Failed to fetch)'),
    );
  });

  it('never follow a redirect: the server pointing elsewhere ends the request there', async () => {
    const before = seen.length;
    const failure = await fetchJson(credentialedFetch(origin), `${origin}/redirect`, init).catch((e: unknown) => e);
    expect((failure as HttpError).failure).toMatchObject({ kind: 'refused', reason: 'redirect', sent: true });
    expect(seen.length).toBe(before + 1);
    expect(seen.at(-1)!.url).toBe('/redirect');
    expect(toOutcome(failure, words, true)).toMatchObject({ kind: 'fatal' });
  });
});
