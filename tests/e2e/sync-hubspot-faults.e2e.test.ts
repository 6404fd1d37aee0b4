import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesAction, SalesActionInput } from '@/lib/model/action';
import { type HubSpotMock, type LoggedRequest, startHubSpotMock } from '@/tests/mocks';
import { type ExtensionHarness, launchExtension } from './helpers';
import {
  configureDestination,
  countByState,
  DANA,
  logAction,
  logFromPopup,
  markedIds,
  openGmailThread,
  openPopup,
  stampArrivals,
  stopWorkerMidRequest,
  tally,
  TEST_WAIT_DIVISOR,
  testWaitDivisor,
  waitForNthRequest,
  waitUntilSettled,
} from './helpers/sync';

/**
 * Twenty actions logged in a burst (three with the popup's form on a Gmail thread, the rest as the
 * popup's message) reach a loopback HubSpot that misbehaves the way the real one can: a request that
 * never answers while the worker is stopped, a record created after the worker that sent it died, a
 * record created after the client gave up waiting, 429s with Retry-After, a record created and then
 * answered with a 500, and 30% of the remaining creates refused with 503. Search, like HubSpot's, finds new records only after a delay. Every
 * action must end up recorded exactly once.
 *
 * It runs on the e2e test build, whose settle before a "not found" is believed (a minute in production),
 * first look at an uncertain action and backoff are divided by TEST_WAIT_DIVISOR (lib/test-waits.ts);
 * the search lag is divided by the same, so it stays shorter than the settle exactly as HubSpot's does.
 */
const CREATE = /^\/crm\/v3\/objects\/(notes|calls)$/;
const isCreate = (r: LoggedRequest) => r.method === 'POST' && CREATE.test(r.path);
const isSearch = (r: LoggedRequest) => r.method === 'POST' && r.path.endsWith('/search');
const RETRY_AFTER_S = 2;
/** How long the HubSpot client waits for an answer (lib/sources/http.ts DEFAULT_TIMEOUT_MS). */
const CLIENT_TIMEOUT_MS = 15_000;
const ACTIONS = 20;
const BY_POPUP = 3;
/** HubSpot's search lag in production terms (8 s, inside the 60 s settle), scaled like the build's waits. */
const SEARCH_DELAY_MS = 8_000 / TEST_WAIT_DIVISOR;

describe('HubSpot sync under faults', () => {
  let ext: ExtensionHarness;
  let hubspot: HubSpotMock;
  let arrivedAt: ReturnType<typeof stampArrivals>;
  const started = Date.now();

  beforeAll(async () => {
    hubspot = await startHubSpotMock({ searchDelayMs: SEARCH_DELAY_MS, seed: 7 });
    arrivedAt = stampArrivals(hubspot.requests);
    ext = await launchExtension();
  });
  afterAll(async () => {
    await ext?.close();
    await hubspot?.close();
    console.log(`sync-hubspot-faults: ${((Date.now() - started) / 1000).toFixed(1)} s wall time`);
  });

  it('records each of 20 actions exactly once despite a stopped worker, lost answers, 429s, a 500 after storing and 503s', async () => {
    // The mock's search lag is scaled for the test build: on any other build it would race the settle.
    expect(await testWaitDivisor(ext)).toBe(TEST_WAIT_DIVISOR);
    // Cards come from the local store, so every request the mock sees is the outbox's.
    await configureDestination(ext, { kind: 'hubspot', baseUrl: hubspot.url, token: hubspot.token, useAsSource: false });
    const { page: gmail, tabId } = await openGmailThread(ext);
    const popup = await openPopup(ext, tabId);

    hubspot.setFault(
      // 1st create: never answers; the worker is stopped while it waits.
      { fault: { type: 'hang' }, method: 'POST', path: CREATE, times: 1 },
      // 2nd: HubSpot creates the record 3 s late, after the worker that asked was stopped.
      { fault: { type: 'delay', ms: 3_000 }, method: 'POST', path: CREATE, times: 1 },
      // 3rd: created, but only after the client stopped waiting (15 s): the answer is lost. (A reset
      // after creating is no use here: Chromium itself re-sends a POST whose reused connection drops
      // before any answer, so HubSpot, which has no idempotency key, would get it twice.)
      { fault: { type: 'delay', ms: CLIENT_TIMEOUT_MS + 1_000 }, method: 'POST', path: CREATE, times: 1 },
      // 4th and 5th: rate limited, with Retry-After.
      {
        fault: {
          type: 'status',
          status: 429,
          headers: { 'retry-after': String(RETRY_AFTER_S) },
          body: { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', category: 'RATE_LIMITS', policyName: 'TEN_SECONDLY_ROLLING' },
        },
        method: 'POST',
        path: CREATE,
        times: 2,
      },
      // 6th: HubSpot stores the record, then answers 500: sent again without a look, it would be there twice.
      { fault: { type: 'status', status: 500, after: true, body: { status: 'error', message: 'internal error', category: 'INTERNAL' } }, method: 'POST', path: CREATE, times: 1 },
      // Then 30% of creates are refused as unavailable (nothing stored).
      { fault: { type: 'status', status: 503, body: { status: 'error', message: 'Service unavailable', category: 'INTERNAL' } }, method: 'POST', path: CREATE, rate: 0.3 },
    );

    const ids: string[] = [];
    for (let i = 0; i < BY_POPUP; i++) {
      const entry = i === 1 ? { type: 'call', notes: `Popup call ${i}`, fields: { outcome: 'connected', direction: 'outbound' } } : { type: 'note', notes: `Popup note ${i}` };
      const { id, status } = await logFromPopup(popup, { ...entry, prospect: DANA });
      expect(status).toBe('Saved — will sync');
      ids.push(id);
    }
    for (let i = BY_POPUP; i < ACTIONS; i++) {
      const action: SalesActionInput = { prospectKey: DANA, type: i % 2 ? 'call' : 'note', notes: `Burst ${i}` };
      ids.push((await logAction(ext, action)).id);
    }

    // The first create hangs: the outbox shows it inflight; stop the worker under it.
    const hung = markedIds((await waitForNthRequest(hubspot.requests, isCreate, 1)).body)[0]!;
    await stopWorkerMidRequest(ext, hung);
    await waitForNthRequest(hubspot.requests, isCreate, 2);
    await ext.stopServiceWorker();

    const settled = await waitUntilSettled(ext, ids, { timeoutMs: 150_000 });
    expect(countByState(settled)).toEqual({ done: ACTIONS });

    // Exactly once: one record per action id, and nothing else.
    const records = [...hubspot.records.notes, ...hubspot.records.calls];
    const recorded = tally(records.flatMap((r) => markedIds(r.properties.hs_note_body ?? r.properties.hs_call_body ?? '')));
    expect([...recorded.keys()].sort()).toEqual([...ids].sort());
    const duplicated = [...recorded].filter(([, n]) => n > 1).map(([id]) => history(hubspot.requests, id, arrivedAt, settled));
    expect(duplicated).toEqual([]);
    expect(records).toHaveLength(ACTIONS);
    for (const r of records) expect(r.associations[0]?.to.id).toBe('51');

    // Retry-After honoured: after each 429, HubSpot heard nothing from the outbox for that long.
    const limited = hubspot.requests.filter((r) => r.status === 429);
    expect(limited).toHaveLength(2);
    for (const r of limited) {
      const next = hubspot.requests.find((n) => (arrivedAt(n) ?? 0) > arrivedAt(r)!);
      expect(arrivedAt(next!)! - arrivedAt(r)!).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 50);
    }

    report(hubspot.requests, settled);
    expect(await ext.cspViolations()).toEqual([]);
    await popup.close();
    await gmail.close();
    // An uncertain HubSpot action is not re-checked before HubSpot's search has had DEFAULT_SETTLE_MS to
    // catch up: a minute in production, 6 s in the test build this runs on.
  }, 180_000);
});

/** What the mock saw of one action, and what the outbox says of it: for a failure message. */
function history(requests: LoggedRequest[], id: string, arrivedAt: (r: LoggedRequest) => number | undefined, settled: SalesAction[]) {
  const t0 = arrivedAt(requests[0]!) ?? 0;
  const seen = requests
    .filter((r) => r.body.includes(id))
    .map((r) => `+${((arrivedAt(r) ?? 0) - t0) / 1000}s ${r.method} ${r.path} → ${r.status ?? 'no answer'}`);
  return { id, seen, sync: settled.find((a) => a.id === id)?.sync };
}

function report(requests: LoggedRequest[], settled: { sync: { attempts: number } }[]) {
  const creates = requests.filter(isCreate);
  const perAction = tally(creates.flatMap((r) => markedIds(r.body)));
  const resent = [...perAction.values()].reduce((sum, n) => sum + n - 1, 0);
  const statuses = tally(creates.map((r) => String(r.status ?? 'no answer')));
  console.log(
    [
      `HubSpot: ${requests.length} requests (${creates.length} creates for ${perAction.size} actions → ${resent} redeliveries; ` +
        `${requests.filter(isSearch).length} searches before re-sending)`,
      `  create answers: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}`,
      `  outbox attempts: total ${settled.reduce((s, a) => s + a.sync.attempts, 0)}, max ${Math.max(...settled.map((a) => a.sync.attempts))}`,
    ].join('\n'),
  );
}
