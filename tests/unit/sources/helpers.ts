/** Shared helpers for the connector tests: recorded responses, a scripted fetch, valid actions. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SalesAction } from '@/lib/model/action';
import type { FetchImpl } from '@/lib/sources/http';
import type { DeliveryContext } from '@/lib/sync/types';

const FIXTURES = fileURLToPath(new URL('../../fixtures/api/', import.meta.url));

export function fixtureText(path: string): string {
  return readFileSync(`${FIXTURES}${path}`, 'utf8');
}

export function fixtureJson(path: string): unknown {
  return JSON.parse(fixtureText(path));
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(status === 204 ? null : text, { status, headers: { 'content-type': 'application/json', ...headers } });
}

export interface ScriptedFetch extends FetchImpl {
  calls: { url: string; init: RequestInit | undefined }[];
}

/** A fetch that answers from `answer`, recording what it was asked. */
export function scriptedFetch(answer: (url: string, init?: RequestInit) => Response | Promise<Response>): ScriptedFetch {
  const calls: ScriptedFetch['calls'] = [];
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return answer(url, init);
  }) as ScriptedFetch;
  fetchImpl.calls = calls;
  return fetchImpl;
}

/** A fetch that never answers until its signal aborts, like a server that hangs. */
export const hangingFetch: FetchImpl = (_url, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
  });

export function makeAction(overrides: Partial<SalesAction> = {}): SalesAction {
  return {
    id: crypto.randomUUID(),
    prospectKey: 'dana.whitfield@northwind.example',
    type: 'note',
    notes: 'Asked for a pricing call next week.',
    occurredAt: '2024-11-19T10:00:00.000Z',
    createdAt: '2024-11-19T10:00:05.000Z',
    sync: { state: 'inflight', attempts: 0, destination: 'hubspot', updatedAt: '2024-11-19T10:00:05.000Z' },
    ...overrides,
  };
}

export function context(overrides: Partial<DeliveryContext> = {}): DeliveryContext {
  return { prospect: undefined, signal: new AbortController().signal, ...overrides };
}
