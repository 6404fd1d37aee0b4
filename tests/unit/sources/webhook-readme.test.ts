// @vitest-environment node
/**
 * The README's "Receiving the webhook" example, run as written against real deliveries: it accepts
 * one, drops its repeat, and refuses a replay with a new timestamp, a stale one, and a wrong secret.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setClock } from '@/lib/clock';
import { WebhookConnection } from '@/lib/sources/webhook/definition';
import { webhookConnector } from '@/lib/sources/webhook/connector';
import { createWebhookDestination } from '@/lib/sources/webhook/destination';
import { context, makeAction, scriptedFetch } from './helpers';

type Receive = (headers: Record<string, string>, rawBody: string, secret: string, handled: Set<string>) => number;

async function readmeReceiver(): Promise<Receive> {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Receiving the webhook'));
  const code = /```js\n([\s\S]*?)```/.exec(section)![1]!;
  const dir = mkdtempSync(join(tmpdir(), 'pl-readme-'));
  try {
    writeFileSync(join(dir, 'receive.mjs'), code);
    return ((await import(/* @vite-ignore */ pathToFileURL(join(dir, 'receive.mjs')).href)) as { receive: Receive }).receive;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SECRET = 'whsec_readme_example';
const T0 = Date.parse('2026-11-20T09:12:05Z');
let restore: () => void;

beforeEach(() => {
  restore = setClock(() => T0);
  vi.useFakeTimers({ now: T0, toFake: ['Date'] });
});
afterEach(() => {
  restore();
  vi.useRealTimers();
});

describe('README webhook receiver', () => {
  it('verifies a delivery, drops its repeat, and refuses replays and a wrong secret', async () => {
    const receive = await readmeReceiver();
    // Counts what the receiver acted on: it adds an id only when it handles the action.
    const acted: string[] = [];
    const handled = new (class extends Set<string> {
      override add(id: string) {
        acted.push(id);
        return super.add(id);
      }
    })();
    const sent: { headers: Record<string, string>; body: string }[] = [];
    const fetchImpl = scriptedFetch((_url, init) => {
      const request = { headers: init!.headers as Record<string, string>, body: String(init!.body) };
      sent.push(request);
      return new Response('{}', { status: receive(request.headers, request.body, SECRET, handled) });
    });
    const destination = createWebhookDestination(WebhookConnection.parse({ url: 'https://hooks.example.com/pl' }), { secret: SECRET }, fetchImpl);
    const action = makeAction();

    expect(await destination.deliver(action, context())).toEqual({ kind: 'delivered' });
    expect(await destination.deliver(action, context())).toEqual({ kind: 'delivered' });
    expect(acted).toEqual([action.id]);

    const [captured] = sent;
    expect(receive({ ...captured!.headers, 'x-prospect-lens-timestamp': String(T0 / 1000 + 60) }, captured!.body, SECRET, new Set())).toBe(401);
    vi.setSystemTime(T0 + 301_000);
    expect(receive(captured!.headers, captured!.body, SECRET, new Set())).toBe(401);
    vi.setSystemTime(T0 + 299_000);
    expect(receive(captured!.headers, captured!.body, SECRET, new Set())).toBe(200);
    expect(receive(captured!.headers, captured!.body, 'another-secret', new Set())).toBe(401);
  });

  it("answers Options' Test (a signed ping) 2xx without acting on it", async () => {
    const receive = await readmeReceiver();
    const handled = new Set<string>();
    const fetchImpl = scriptedFetch((_url, init) => new Response('{}', { status: receive(init!.headers as Record<string, string>, String(init!.body), SECRET, handled) }));
    const config = WebhookConnection.parse({ url: 'https://hooks.example.com/pl' });
    expect(await webhookConnector.test!({ config, credentials: { secret: SECRET }, fetch: fetchImpl, saveCredentials: async () => undefined }, AbortSignal.timeout(5_000))).toBe('Connected');
    expect([...handled]).toEqual([]);
  });
});
