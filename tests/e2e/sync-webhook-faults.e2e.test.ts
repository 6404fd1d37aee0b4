import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesActionInput } from '@/lib/model/action';
import { type LoggedRequest, startWebhookMock, type WebhookMock, webhookSignature } from '@/tests/mocks';
import { type ExtensionHarness, launchExtension } from './helpers';
import {
  configureDestination,
  countByState,
  DANA,
  logAction,
  logFromPopup,
  openGmailThread,
  openPopup,
  stampArrivals,
  stopWorkerMidRequest,
  tally,
  waitForNthRequest,
  waitUntilSettled,
} from './helpers/sync';

/**
 * Twenty actions logged in a burst reach a loopback webhook that misbehaves: a request that never
 * answers while the worker is stopped, one answered after the worker that sent it died, connections
 * dropped after the delivery was accepted, 429s with Retry-After, and 30% of the rest failing with 500.
 * A webhook cannot be asked what it has, so an action whose answer was lost is sent again with the same
 * `Idempotency-Key` and the same signed body: the receiver records each key once.
 */
const SECRET = 'whsec-loopback-test';
const RETRY_AFTER_S = 2;
const ACTIONS = 20;
const BY_POPUP = 3;
const isPost = (r: LoggedRequest) => r.method === 'POST';

describe('webhook sync under faults', () => {
  let ext: ExtensionHarness;
  let hook: WebhookMock;
  let arrivedAt: ReturnType<typeof stampArrivals>;
  const started = Date.now();

  beforeAll(async () => {
    hook = await startWebhookMock({ secret: SECRET, seed: 11 });
    arrivedAt = stampArrivals(hook.requests);
    ext = await launchExtension();
  });
  afterAll(async () => {
    await ext?.close();
    await hook?.close();
    console.log(`sync-webhook-faults: ${((Date.now() - started) / 1000).toFixed(1)} s wall time`);
  });

  it('delivers each of 20 actions under one Idempotency-Key, signed, despite a stopped worker, resets, 429s and 500s', async () => {
    await configureDestination(ext, { kind: 'webhook', url: hook.hookUrl, secret: SECRET });
    const { page: gmail, tabId } = await openGmailThread(ext);
    const popup = await openPopup(ext, tabId);

    hook.setFault(
      // 1st request: never answers; the worker is stopped while it waits.
      { fault: { type: 'hang' }, method: 'POST', times: 1 },
      // 2nd: accepted 3 s late, after the worker that sent it was stopped.
      { fault: { type: 'delay', ms: 3_000 }, method: 'POST', times: 1 },
      // 3rd: accepted, then the connection drops before the answer (Chromium re-sends it once by itself).
      { fault: { type: 'reset', after: true }, method: 'POST', times: 2 },
      // Then two 429s with Retry-After.
      { fault: { type: 'status', status: 429, headers: { 'retry-after': String(RETRY_AFTER_S) }, body: { error: 'slow down' } }, method: 'POST', times: 2 },
      // Then 30% of deliveries fail.
      { fault: { type: 'status', status: 500, body: { error: 'internal error' } }, method: 'POST', rate: 0.3 },
    );

    const ids: string[] = [];
    for (let i = 0; i < BY_POPUP; i++) {
      const { id, status } = await logFromPopup(popup, { type: 'note', notes: `Popup note ${i}`, prospect: DANA });
      expect(status).toBe('Saved — will sync');
      ids.push(id);
    }
    for (let i = BY_POPUP; i < ACTIONS; i++) {
      const action: SalesActionInput = { prospectKey: DANA, type: i % 2 ? 'call' : 'email', notes: `Burst ${i}` };
      ids.push((await logAction(ext, action)).id);
    }

    const hung = String((await waitForNthRequest(hook.requests, isPost, 1)).headers['idempotency-key']);
    await stopWorkerMidRequest(ext, hung);
    await waitForNthRequest(hook.requests, isPost, 2);
    await ext.stopServiceWorker();

    const settled = await waitUntilSettled(ext, ids, { timeoutMs: 150_000 });
    expect(countByState(settled)).toEqual({ done: ACTIONS });

    // Every action reached the receiver; each delivery is signed with the secret, keyed by the action
    // id, and a repeat carries the very same body, so dropping repeats by key loses nothing.
    const byKey = tally(hook.deliveries.map((d) => d.idempotencyKey ?? 'none'));
    expect([...byKey.keys()].sort()).toEqual([...ids].sort());
    for (const d of hook.deliveries) {
      expect(d.signature).toBe(webhookSignature(SECRET, d.timestamp!, d.body));
      expect((d.json as { id: string }).id).toBe(d.idempotencyKey);
    }
    for (const id of ids) expect(new Set(hook.deliveries.filter((d) => d.idempotencyKey === id).map((d) => d.body)).size).toBe(1);
    // The receiver (verifying signature, 5-minute window and repeats as the README says) acted on each action once.
    expect(hook.processed.map((d) => (d.json as { id: string }).id).sort()).toEqual([...ids].sort());
    expect(hook.requests.filter((r) => r.status === 401)).toEqual([]);

    const limited = hook.requests.filter((r) => r.status === 429);
    expect(limited).toHaveLength(2);
    for (const r of limited) {
      const next = hook.requests.find((n) => (arrivedAt(n) ?? 0) > arrivedAt(r)!);
      expect(arrivedAt(next!)! - arrivedAt(r)!).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 50);
    }

    report(hook, arrivedAt, settled);
    expect(await ext.cspViolations()).toEqual([]);
    await popup.close();
    await gmail.close();
  });
});

function report(hook: WebhookMock, arrivedAt: (r: LoggedRequest) => number | undefined, settled: { sync: { attempts: number } }[]) {
  const posts = hook.requests.filter(isPost);
  const keys = tally(posts.map((r) => String(r.headers['idempotency-key'])));
  // A repeat of the same key within a second is Chromium re-sending on a new connection, not the outbox.
  const byBrowser = posts.filter((r, i) => posts.slice(0, i).some((p) => p.headers['idempotency-key'] === r.headers['idempotency-key'] && arrivedAt(r)! - arrivedAt(p)! < 1_000)).length;
  const statuses = tally(posts.map((r) => String(r.status ?? 'no answer')));
  console.log(
    [
      `Webhook: ${posts.length} requests for ${keys.size} actions → ${posts.length - keys.size} redeliveries ` +
        `(${byBrowser} re-sent by Chromium itself after a dropped connection); ` +
        `${hook.deliveries.length} accepted deliveries, ${hook.deliveries.length - keys.size} of them repeats a receiver drops by Idempotency-Key`,
      `  answers: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}`,
      `  outbox attempts: total ${settled.reduce((s, a) => s + a.sync.attempts, 0)}, max ${Math.max(...settled.map((a) => a.sync.attempts))}`,
    ].join('\n'),
  );
}
