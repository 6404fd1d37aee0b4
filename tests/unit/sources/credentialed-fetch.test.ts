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

  it('never follow a redirect: the server pointing elsewhere ends the request there', async () => {
    const before = seen.length;
    const failure = await fetchJson(credentialedFetch(origin), `${origin}/redirect`, init).catch((e: unknown) => e);
    expect((failure as HttpError).failure).toMatchObject({ kind: 'refused', reason: 'redirect', sent: true });
    expect(seen.length).toBe(before + 1);
    expect(seen.at(-1)!.url).toBe('/redirect');
    expect(toOutcome(failure, words, true)).toMatchObject({ kind: 'fatal' });
  });
});
