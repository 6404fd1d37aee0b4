/**
 * Sync under faults, end to end in Node: the real outbox, drain loop and recovery (fake-indexeddb),
 * the real HubSpot and webhook destinations, talking real HTTP to the loopback mocks while those fail
 * a share of requests, answer 429 with Retry-After, reset connections and hang. The service worker is
 * "stopped" after a random number of requests or of database transactions, whichever comes first: its
 * drain is cut off mid-flight, its modules and connection are dropped, and a fresh worker boots the way
 * `startSync` does (recover first, then drain). Stops are counted in the engine's own steps, not in real
 * time, so the same seed stops the worker at the same points on a quiet or a loaded machine.
 *
 * Time: requests are real; the waits the engine asks for (Retry-After, the
 * backoff, the 30 s before an uncertain action is checked, HubSpot's search catching up) run on a
 * virtual clock that jumps to the next wake-up, as the alarm would. That is what lets 1,000 actions
 * finish in a minute or two.
 */
import { vi } from 'vitest';
import type { DestinationKind, SalesAction } from '@/lib/model/action';
import { HubSpotConnection } from '@/lib/sources/hubspot/definition';
import { WebhookConnection } from '@/lib/sources/webhook/definition';
import type { FetchImpl } from '@/lib/sources/http';
import type { BlockStore } from '@/lib/sync/rate-limit';
import type { DrainResult } from '@/lib/sync/drain';
import type { Destination } from '@/lib/sync/types';
import { type FaultRule, type HubSpotMock, type WebhookMock, startHubSpotMock, startWebhookMock } from '../../mocks';
import { mulberry32 } from '../../mocks/random';

export interface SoakOptions {
  actions: number;
  seed: number;
  /** The worker stops after this many database transactions (a random value in this range each time)… */
  killEveryTransactions: [number, number];
  /** …or sooner, after this many requests (a random value in this range), so stops land mid-request. */
  killEveryRequests: [number, number];
  /** Real milliseconds a request may hang before the client gives up (the engine's deadline). */
  timeoutMs?: number;
}

export interface SoakReport {
  actions: number;
  seed: number;
  requests: number;
  /** What the mocks answered: 5xx, 429 with Retry-After, or nothing (a reset connection or a hang). */
  faults: Record<'failed' | 'rateLimited' | 'noAnswer', number>;
  workerStops: number;
  /** Rows a stopped worker left inflight, which the next worker recovered. */
  recoveredInflight: number;
  /** Dead actions retried by hand, as a rep would from the popup. */
  retriedByHand: number;
  lost: number;
  /** HubSpot records per action beyond the first. */
  hubspotDuplicates: number;
  /** Webhook actions whose payload arrived under more than one Idempotency-Key (a real duplicate). */
  webhookDuplicates: number;
  /** Same Idempotency-Key delivered again after a lost answer; the receiver drops these by contract. */
  webhookRepeatsSameKey: number;
  requestsInsideRetryAfter: number;
  /** Those requests, by the path of the request whose 429 they ignored. */
  retryAfterIgnoredAfter: Record<string, number>;
  /** Actions not yet delivered when the faults stopped. */
  queuedWhenFaultsStopped: number;
  drainedAfterFaults: boolean;
  drainsAfterFaults: number;
  virtualMinutes: number;
  realSeconds: number;
}

const HUBSPOT_PROSPECTS = ['dana.whitfield@northwind.example', 'marcus.oyelaran@contoso.example', 'priya.raman@fabrikam.example'];
const START = Date.parse('2026-11-02T09:00:00.000Z');

/** The fault mix of the issue: 20% failures, 10% 429 with Retry-After, resets and hangs. */
export function faultRules(): FaultRule[] {
  return [
    { fault: { type: 'status', status: 429, body: { message: 'Slow down' }, headers: { 'retry-after': '10' } }, rate: 0.06 },
    { fault: { type: 'status', status: 429, body: { message: 'Slow down' }, headers: { 'retry-after': '60' } }, rate: 0.04 },
    { fault: { type: 'status', status: 503, body: { message: 'Unavailable' } }, rate: 0.14 },
    { fault: { type: 'status', status: 500, body: { message: 'Internal error' } }, rate: 0.06 },
    { fault: { type: 'reset' }, rate: 0.03 },
    { fault: { type: 'reset', after: true }, rate: 0.03 },
    { fault: { type: 'hang' }, rate: 0.015 },
  ];
}

interface Sent {
  at: number;
  destination: DestinationKind;
  path: string;
  status?: number;
  retryAfterMs?: number;
}

/** The modules one service worker holds: a fresh copy per worker, the database shared. */
async function bootModules(now: () => number) {
  vi.resetModules();
  const clock = await import('@/lib/clock');
  const restore = clock.setClock(now);
  return {
    restore,
    drain: await import('@/lib/sync/drain'),
    db: await import('@/lib/store/db'),
    actions: await import('@/lib/sync/actions'),
    outbox: await import('@/lib/store/outbox'),
    rateLimit: await import('@/lib/sync/rate-limit'),
    hubspot: await import('@/lib/sources/hubspot/destination'),
    webhook: await import('@/lib/sources/webhook/destination'),
    state: await import('@/lib/sync/state'),
  };
}
type Modules = Awaited<ReturnType<typeof bootModules>>;

export async function runSyncSoak(options: SoakOptions): Promise<SoakReport> {
  const started = performance.now();
  const random = mulberry32(options.seed);
  const timeoutMs = options.timeoutMs ?? 400;
  let t = START;
  const now = () => t;

  const hubspotMock: HubSpotMock = await startHubSpotMock({ now, searchDelayMs: 5_000, seed: options.seed });
  const webhookMock: WebhookMock = await startWebhookMock({ secret: 'whsec-hardening', seed: options.seed + 1, now });
  const sent: Sent[] = [];
  // storage.session: Retry-After blocks outlive a worker, as the gate's session store does in Chrome.
  let sessionBlocks: Record<string, number> = {};
  const blockStore: BlockStore = {
    load: async () => ({ ...sessionBlocks }),
    save: async (blocks) => {
      sessionBlocks = { ...blocks };
    },
  };

  /** Real fetch, noting each request's virtual time and any Retry-After it was answered with. */
  const recordingFetch = (destination: DestinationKind): FetchImpl => async (url, init) => {
    const entry: Sent = { at: t, destination, path: new URL(url).pathname };
    sent.push(entry);
    // The worker is stopped while this request is on the wire.
    if (sent.length >= worker.diesAtRequest) worker.die();
    const response = await fetch(url, init);
    entry.status = response.status;
    const retryAfter = response.headers.get('retry-after');
    if (response.status === 429 && retryAfter) entry.retryAfterMs = Number(retryAfter) * 1000;
    return response;
  };

  const policy = { timeoutMs, random: mulberry32(options.seed + 2) };
  const destinations = (m: Modules): Record<string, Destination> => ({
    hubspot: m.hubspot.createHubSpotDestination(
      HubSpotConnection.parse({ baseUrl: hubspotMock.url, ownerId: '9001' }),
      { token: hubspotMock.token },
      recordingFetch('hubspot'),
      { timeoutMs },
    ),
    webhook: m.webhook.createWebhookDestination(
      WebhookConnection.parse({ url: webhookMock.hookUrl }),
      { secret: 'whsec-hardening' },
      recordingFetch('webhook'),
      { timeoutMs },
    ),
  });

  let workerStops = 0;
  let recoveredInflight = 0;
  let retriedByHand = 0;
  let worker = await bootWorker();

  async function bootWorker() {
    const modules = await bootModules(now);
    const gate = new modules.rateLimit.DestinationGate(blockStore);
    const byKind = destinations(modules);
    const drainOptions = {
      resolveDestination: (kind: DestinationKind) => byKind[kind],
      getProspect: () => undefined,
      gate,
      policy,
      // The drain's short waits for the rate limit move the virtual clock instead of real time.
      sleep: async (ms: number) => {
        t += ms;
      },
    };
    recoveredInflight += await modules.drain.recoverInterrupted(t, { ...modules.state.DEFAULT_POLICY, ...policy });
    let die = () => {};
    const death = new Promise<'died'>((resolve) => {
      die = () => resolve('died');
    });
    // Stopped right after it starts its Nth transaction: between or inside the engine's writes.
    const connection = await modules.db.db();
    const open = connection.transaction.bind(connection);
    let transactions = 0;
    const diesAtTransaction = Math.round(between(random, options.killEveryTransactions));
    connection.transaction = ((...args: Parameters<typeof open>) => {
      if (++transactions >= diesAtTransaction) die();
      return open(...args);
    }) as typeof connection.transaction;
    return {
      modules,
      drainOptions,
      death,
      die,
      diesAtRequest: sent.length + Math.round(between(random, options.killEveryRequests)),
    };
  }

  /** Stops the worker as Chrome does: nothing it still had running may write afterwards. */
  async function stopWorker(running: Promise<unknown>, controller: AbortController) {
    const connection = await worker.modules.db.db();
    connection.transaction = (() => {
      throw new DOMException('The service worker was stopped', 'InvalidStateError');
    }) as typeof connection.transaction;
    controller.abort();
    await running.catch(() => undefined);
    connection.close();
    worker.modules.restore();
    workerStops++;
    worker = await bootWorker();
  }

  /** One wake-up: drain until the worker dies or the drain ends; then jump to the next wake-up. */
  async function wake(): Promise<DrainResult | undefined> {
    const controller = new AbortController();
    const running = worker.modules.drain.drainOutbox({ ...worker.drainOptions, signal: controller.signal });
    const ended = await Promise.race([running, worker.death]);
    if (ended === 'died') {
      await stopWorker(running, controller);
      return undefined;
    }
    return ended;
  }

  async function retryDead(): Promise<void> {
    for (const row of await worker.modules.outbox.actionsInState('dead')) {
      await worker.modules.actions.retryAction(row.id);
      retriedByHand++;
    }
  }

  async function advanceToNextWake(): Promise<boolean> {
    const next = await worker.modules.drain.nextWakeAt(worker.drainOptions);
    if (next === undefined) return false;
    // The scheduler never drains again sooner than a second after a drain.
    t = Math.max(next, t + 1_000);
    return true;
  }

  // Phase 1: actions are logged in waves while the destinations misbehave.
  hubspotMock.setFault(...faultRules());
  webhookMock.setFault(...faultRules());
  const logged: SalesAction[] = [];
  const waves = 10;
  for (let wave = 0; wave < waves; wave++) {
    const count = Math.round(options.actions / waves);
    for (let i = 0; i < count && logged.length < options.actions; i++) {
      const destination: DestinationKind = random() < 0.5 ? 'hubspot' : 'webhook';
      const prospectKey = HUBSPOT_PROSPECTS[Math.floor(random() * HUBSPOT_PROSPECTS.length)]!;
      logged.push(await worker.modules.actions.logAction({ prospectKey, type: 'note', notes: `Soak ${logged.length}` }, destination));
    }
    // The last wave is still queued when the faults stop.
    const rounds = wave === waves - 1 ? 0 : 20;
    for (let round = 0; round < rounds; round++) {
      await wake();
      await retryDead();
      if (!(await advanceToNextWake())) break;
    }
  }

  // Phase 2: faults stop; the queue must drain.
  hubspotMock.setFault();
  webhookMock.setFault();
  const queuedWhenFaultsStopped = (await worker.modules.outbox.allActions()).filter((r) => r.sync.state !== 'done').length;
  let drainsAfterFaults = 0;
  for (; drainsAfterFaults < 2_000; drainsAfterFaults++) {
    await wake();
    await retryDead();
    const rows = await worker.modules.outbox.allActions();
    if (rows.every((row) => row.sync.state === 'done')) break;
    if (!(await advanceToNextWake())) t += 1_000;
  }

  const rows = await worker.modules.outbox.allActions();
  const report: SoakReport = {
    actions: logged.length,
    seed: options.seed,
    requests: sent.length,
    faults: countFaults(hubspotMock, webhookMock),
    workerStops,
    recoveredInflight,
    retriedByHand,
    lost: logged.filter((a) => !rows.some((r) => r.id === a.id && r.sync.state === 'done')).length,
    hubspotDuplicates: hubspotDuplicates(hubspotMock, logged),
    ...webhookCounts(webhookMock),
    ...insideRetryAfter(sent),
    queuedWhenFaultsStopped,
    drainedAfterFaults: rows.length === logged.length && rows.every((r) => r.sync.state === 'done'),
    drainsAfterFaults,
    virtualMinutes: Math.round((t - START) / 60_000),
    realSeconds: Math.round((performance.now() - started) / 100) / 10,
  };
  worker.modules.restore();
  await worker.modules.db.closeDbForTests();
  await Promise.all([hubspotMock.close(), webhookMock.close()]);
  return report;
}

function between(random: () => number, [min, max]: [number, number]): number {
  return min + random() * (max - min);
}

function countFaults(...mocks: (HubSpotMock | WebhookMock)[]): SoakReport['faults'] {
  const faults = { failed: 0, rateLimited: 0, noAnswer: 0 };
  for (const mock of mocks) {
    for (const request of mock.requests) {
      if (request.status === 429) faults.rateLimited++;
      else if (request.status === 500 || request.status === 503) faults.failed++;
      else if (request.status === undefined) faults.noAnswer++;
    }
  }
  return faults;
}

/** Every HubSpot engagement carries its action's marker; more than one record per action is a duplicate. */
function hubspotDuplicates(mock: HubSpotMock, logged: SalesAction[]): number {
  const ids = new Set(logged.filter((a) => a.sync.destination === 'hubspot').map((a) => a.id));
  const perAction = new Map<string, number>();
  for (const note of mock.records.notes) {
    const id = [...ids].find((candidate) => note.properties.hs_note_body?.includes(candidate));
    if (id) perAction.set(id, (perAction.get(id) ?? 0) + 1);
  }
  return [...perAction.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
}

function webhookCounts(mock: WebhookMock): Pick<SoakReport, 'webhookDuplicates' | 'webhookRepeatsSameKey'> {
  const keysPerAction = new Map<string, Set<string>>();
  let repeats = 0;
  const seen = new Set<string>();
  for (const delivery of mock.deliveries) {
    const actionId = (delivery.json as { id?: string }).id ?? '?';
    const keys = keysPerAction.get(actionId) ?? new Set<string>();
    keys.add(delivery.idempotencyKey ?? '');
    keysPerAction.set(actionId, keys);
    if (seen.has(delivery.idempotencyKey ?? '')) repeats++;
    seen.add(delivery.idempotencyKey ?? '');
  }
  return { webhookDuplicates: [...keysPerAction.values()].filter((k) => k.size > 1).length, webhookRepeatsSameKey: repeats };
}

/**
 * Requests that started while an earlier 429 from the same destination still asked to wait, counted
 * by the request that was answered 429 (so a failure names the code path that ignored it).
 */
function insideRetryAfter(sent: Sent[]): Pick<SoakReport, 'requestsInsideRetryAfter' | 'retryAfterIgnoredAfter'> {
  let inside = 0;
  const ignoredAfter: Record<string, number> = {};
  const window: Partial<Record<DestinationKind, Sent>> = {};
  for (const request of sent) {
    const opened = window[request.destination];
    const until = opened ? opened.at + (opened.retryAfterMs ?? 0) : undefined;
    if (opened && until !== undefined && request.at < until) {
      inside++;
      ignoredAfter[opened.path] = (ignoredAfter[opened.path] ?? 0) + 1;
    }
    if (request.retryAfterMs !== undefined && request.at + request.retryAfterMs > (until ?? 0)) window[request.destination] = request;
  }
  return { requestsInsideRetryAfter: inside, retryAfterIgnoredAfter: ignoredAfter };
}
