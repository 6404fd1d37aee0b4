// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { setClock } from '@/lib/clock';
import { HttpError, fetchJson, parseRetryAfter, toOutcome, toSourceError } from '@/lib/sources/http';
import { HUBSPOT_WORDS } from '@/lib/sources/hubspot/client';
import { AccessNotGranted, SourceError } from '@/lib/sources/types';
import { fixtureText, hangingFetch, jsonResponse, scriptedFetch } from './helpers';

/** A fetch that fails as a browser's does when the network goes: a bare TypeError, no cause. */
const bareTypeError = () =>
  fetchJson(
    scriptedFetch(() => {
      throw new TypeError('Failed to fetch');
    }),
    'https://x.example/',
    {},
  );

async function failureOf(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('7', 0)).toBe(7000);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2024-11-19T10:00:00Z');
    expect(parseRetryAfter('Tue, 19 Nov 2024 10:00:30 GMT', now)).toBe(30_000);
  });

  it('never answers a negative wait for a date in the past', () => {
    expect(parseRetryAfter('Tue, 19 Nov 2024 09:00:00 GMT', Date.parse('2024-11-19T10:00:00Z'))).toBe(0);
  });

  it('takes at most a day, however long or far away the server says', () => {
    const day = 24 * 60 * 60_000;
    expect(parseRetryAfter('86400', 0)).toBe(day);
    expect(parseRetryAfter('99999999999999999999999999', 0)).toBe(day);
    expect(parseRetryAfter('Fri, 01 Jan 9999 00:00:00 GMT', Date.parse('2024-11-19T10:00:00Z'))).toBe(day);
    // Which the outbox can schedule: an endless wait was no date at all.
    expect(() => new Date(Date.parse('2024-11-19T10:00:00Z') + parseRetryAfter('9'.repeat(400), 0)!).toISOString()).not.toThrow();
  });

  it('ignores absent and unreadable values', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('fetchJson', () => {
  it('parses a JSON answer', async () => {
    const answer = await fetchJson(scriptedFetch(() => jsonResponse(200, { ok: 1 })), 'https://x.example/', {});
    expect(answer.body).toEqual({ ok: 1 });
  });

  it('reports a truncated body as malformed, with the status it came with', async () => {
    const error = await failureOf(fetchJson(scriptedFetch(() => jsonResponse(200, fixtureText('hubspot/batch-read-truncated.txt'))), 'https://x.example/', {}));
    expect(error.failure).toMatchObject({ kind: 'malformed', status: 200 });
  });

  it('stops reading a body larger than the cap, even without Content-Length', async () => {
    const huge = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(64 * 1024).fill(32));
      },
    });
    const error = await failureOf(fetchJson(scriptedFetch(() => new Response(huge, { status: 200 })), 'https://x.example/', {}, { maxBytes: 256 * 1024 }));
    expect(error.failure.kind).toBe('too-large');
  });

  it('refuses a declared Content-Length over the cap without reading it', async () => {
    const response = jsonResponse(200, 'x'.repeat(10), { 'content-length': String(10 * 1024 * 1024) });
    const error = await failureOf(fetchJson(scriptedFetch(() => response), 'https://x.example/', {}, { maxBytes: 1024 }));
    expect(error.failure.kind).toBe('too-large');
  });

  it('reads a 5xx whose error page is over the cap as its status, so a write it may have stored is uncertain', async () => {
    for (const headers of [{}, { 'content-length': String(98 * 1024) }] as Record<string, string>[]) {
      const page = new Response('<pre>'.padEnd(98 * 1024, 'x'), { status: 500, headers: { 'retry-after': '7', ...headers } });
      const error = await failureOf(fetchJson(scriptedFetch(() => page), 'https://x.example/', {}, { maxBytes: 64 * 1024 }));
      expect(error.failure).toEqual({ kind: 'status', status: 500, body: undefined, retryAfterMs: 7_000 });
      expect(toOutcome(error, HUBSPOT_WORDS, true).kind).toBe('uncertain');
    }
  });

  it('gives up on a server that does not answer', async () => {
    const error = await failureOf(fetchJson(hangingFetch, 'https://x.example/', {}, { timeoutMs: 30 }));
    expect(error.failure.kind).toBe('timeout');
  });

  it("rethrows the caller's own cancellation instead of classifying it", async () => {
    const controller = new AbortController();
    const pending = fetchJson(hangingFetch, 'https://x.example/', {}, { signal: controller.signal });
    controller.abort(new Error('worker stopping'));
    await expect(pending).rejects.toThrow('worker stopping');
  });

  it('keeps the error body and Retry-After of a non-2xx answer', async () => {
    const body = JSON.parse(fixtureText('hubspot/error-429-ten-secondly.json'));
    const error = await failureOf(fetchJson(scriptedFetch(() => jsonResponse(429, body, { 'retry-after': '3' })), 'https://x.example/', {}));
    expect(error.failure).toEqual({ kind: 'status', status: 429, body, retryAfterMs: 3000 });
  });

  it('knows a refused connection never left the machine', async () => {
    const refused = scriptedFetch(() => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    });
    const error = await failureOf(fetchJson(refused, 'https://x.example/', {}));
    expect(error.failure).toMatchObject({ kind: 'network', sent: false });
  });

  it("cannot tell where a browser's bare TypeError happened", async () => {
    const error = await failureOf(bareTypeError());
    expect(error.failure).toMatchObject({ kind: 'network', sent: 'unknown', offline: false });
  });

  it('says offline when the browser knows it is offline', async () => {
    vi.stubGlobal('navigator', { onLine: false });
    try {
      const error = await failureOf(bareTypeError());
      expect(toSourceError(error, HUBSPOT_WORDS)).toMatchObject({ kind: 'offline' });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('failure → SourceError', () => {
  const status = (code: number, body?: unknown, retryAfterMs?: number) =>
    toSourceError(new HttpError({ kind: 'status', status: code, body, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }), HUBSPOT_WORDS) as SourceError;

  it.each([
    [401, 'auth'],
    [403, 'no-access'],
    [429, 'rate-limited'],
    [423, 'unavailable'],
    [500, 'unavailable'],
    [503, 'unavailable'],
    [400, 'unavailable'],
  ])('%i → %s', (code, kind) => {
    expect(status(code).kind).toBe(kind);
  });

  it('words a rejected HubSpot token for the rep', () => {
    expect(status(401).message).toBe('HubSpot rejected the token (401) — check it in Options');
  });

  it('waits at least 2 s on 423', () => {
    expect(status(423).retryAfterMs).toBe(2000);
    expect(status(423, undefined, 5000).retryAfterMs).toBe(5000);
  });

  it('says a bare network error is a failed connection, not missing access', () => {
    // This once read "Access not granted": but the credentialed fetch refuses a missing grant before
    // sending (a `refused` failure), so a TypeError after it met the network, and sending the rep to
    // Options to grant what is granted would not help.
    const error = toSourceError(new HttpError({ kind: 'network', sent: 'unknown', offline: false, detail: 'Failed to fetch' }), HUBSPOT_WORDS);
    expect(error).toEqual(new SourceError('unavailable', 'Connection to HubSpot failed (Failed to fetch)'));
    expect(error).not.toBeInstanceOf(AccessNotGranted);
  });

  it('keeps "access not granted" for the request the credentialed fetch refused for want of access', () => {
    const error = toSourceError(new HttpError({ kind: 'refused', reason: 'no-access', sent: false }), HUBSPOT_WORDS);
    expect(error).toBeInstanceOf(AccessNotGranted);
    expect(error).toMatchObject({ kind: 'no-access', message: 'Access not granted — grant it in Options' });
  });

  it("says the caller's deadline passing as the service not answering in time", () => {
    const reason = AbortSignal.abort(new DOMException('The operation timed out.', 'TimeoutError')).reason;
    expect(toSourceError(reason, HUBSPOT_WORDS)).toEqual(new SourceError('unavailable', 'HubSpot did not answer in time'));
    // A cancellation is not a failure to show: it stays what it was.
    const cancelled = new DOMException('The operation was aborted.', 'AbortError');
    expect(toSourceError(cancelled, HUBSPOT_WORDS)).toBe(cancelled);
  });

  it('turns malformed and oversized answers into the same plain sentence', () => {
    for (const failure of [{ kind: 'malformed', status: 200, detail: 'x' } as const, { kind: 'too-large', status: 200 } as const]) {
      const error = toSourceError(new HttpError(failure), HUBSPOT_WORDS) as SourceError;
      expect(error.kind).toBe('malformed');
      expect(error.message).toBe('HubSpot sent an answer Prospect Lens does not understand');
    }
  });

  it('tries a DAILY 429 without Retry-After again just after the next whole hour, not at UTC midnight', () => {
    // The account's midnight may be any hour in UTC (r8 #3), so the wait is at most an hour.
    const restore = setClock(() => Date.parse('2024-11-19T22:30:00Z'));
    try {
      expect(status(429, JSON.parse(fixtureText('hubspot/error-429-daily.json'))).retryAfterMs).toBe(31 * 60_000);
      expect(status(429, JSON.parse(fixtureText('hubspot/error-429-ten-secondly.json'))).retryAfterMs).toBe(10_000);
    } finally {
      restore();
    }
  });
});

describe('failure → DeliveryOutcome', () => {
  const outcome = (failure: ConstructorParameters<typeof HttpError>[0], write = true) => toOutcome(new HttpError(failure), HUBSPOT_WORDS, write);

  it.each([
    [429, 'retry'],
    [423, 'retry'],
    [500, 'uncertain'],
    [502, 'uncertain'],
    [503, 'retry'],
    [504, 'uncertain'],
    [400, 'fatal'],
    [401, 'fatal'],
    [403, 'fatal'],
    [404, 'fatal'],
  ])('write answered %i → %s', (code, kind) => {
    expect(outcome({ kind: 'status', status: code, body: undefined }).kind).toBe(kind);
  });

  it('retries a read that failed with a 500 or 502: it stored nothing', () => {
    expect(outcome({ kind: 'status', status: 500, body: undefined }, false).kind).toBe('retry');
    expect(outcome({ kind: 'status', status: 502, body: undefined }, false).kind).toBe('retry');
  });

  it('says why a 500 on a write leaves it uncertain, and keeps the Retry-After', () => {
    expect(outcome({ kind: 'status', status: 500, body: undefined, retryAfterMs: 3000 })).toEqual({
      kind: 'uncertain',
      error: 'HubSpot answered with an error (500); it may have the record already',
      retryAfterMs: 3000,
    });
  });

  it('carries Retry-After into the retry', () => {
    expect(outcome({ kind: 'status', status: 429, body: undefined, retryAfterMs: 4000 })).toMatchObject({ kind: 'retry', retryAfterMs: 4000 });
  });

  it('is uncertain about a write whose answer was lost, and simply retries a read', () => {
    expect(outcome({ kind: 'timeout' }).kind).toBe('uncertain');
    expect(outcome({ kind: 'network', sent: 'unknown', offline: false, detail: 'UND_ERR_SOCKET' }).kind).toBe('uncertain');
    expect(outcome({ kind: 'timeout' }, false).kind).toBe('retry');
  });

  it('keeps a write uncertain when the browser went offline before it failed: it may have left first', async () => {
    vi.stubGlobal('navigator', { onLine: false });
    try {
      const error = await failureOf(bareTypeError());
      expect(error.failure).toMatchObject({ kind: 'network', sent: 'unknown', offline: true });
      expect(toOutcome(error, HUBSPOT_WORDS, true)).toEqual({ kind: 'uncertain', error: 'No answer from HubSpot; it may have the record already' });
      expect(toOutcome(error, HUBSPOT_WORDS, false)).toEqual({ kind: 'retry', error: 'Offline' });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('says a read met the network, not a missing grant (the outbox checked access before sending)', () => {
    expect(outcome({ kind: 'network', sent: 'unknown', offline: false, detail: 'Failed to fetch' }, false)).toEqual({ kind: 'retry', error: 'Connection to HubSpot failed (Failed to fetch)' });
  });

  it('retries a write that provably never left', () => {
    expect(outcome({ kind: 'network', sent: false, offline: false, detail: 'ECONNREFUSED' }).kind).toBe('retry');
  });
});
