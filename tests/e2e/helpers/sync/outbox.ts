import { expect } from 'vitest';
import type { SalesAction } from '@/lib/model/action';
import type { ExtensionHarness } from '../launch';
import { listActions, syncNow } from './background';

export interface SettleOptions {
  timeoutMs: number;
  /** How often the outbox is read (each read also keeps the worker awake, as an open popup would). */
  pollMs?: number;
  /** Called after each read, e.g. to print progress. */
  onPoll?(actions: SalesAction[]): void;
}

const FINAL = new Set(['done', 'dead']);

/**
 * Waits until every action in `ids` is done or dead, reading the outbox through `action/list`. When an
 * action is due (its backoff or Retry-After has passed) it presses "Sync now" (`sync/now`) instead of
 * waiting for the next timer or alarm; the engine still decides what is due, so this never skips a wait
 * the engine imposes. Resolves with the final rows; rejects with the unsettled rows after `timeoutMs`.
 */
export async function waitUntilSettled(ext: ExtensionHarness, ids: string[], options: SettleOptions): Promise<SalesAction[]> {
  const deadline = Date.now() + options.timeoutMs;
  const wanted = new Set(ids);
  let draining: Promise<unknown> | undefined;
  for (;;) {
    const { actions } = await listActions(ext);
    const mine = actions.filter((a) => wanted.has(a.id));
    options.onPoll?.(mine);
    if (mine.length === wanted.size && mine.every((a) => FINAL.has(a.sync.state))) return mine;
    if (Date.now() > deadline) {
      const open = mine.filter((a) => !FINAL.has(a.sync.state)).map((a) => `${a.id} ${a.sync.state} next=${a.sync.nextAttemptAt} ${a.sync.lastError ?? ''}`);
      throw new Error(`${open.length} of ${wanted.size} actions not settled after ${options.timeoutMs} ms:\n${open.join('\n')}`);
    }
    const due = mine.some((a) => a.sync.state === 'pending' && (!a.sync.nextAttemptAt || Date.parse(a.sync.nextAttemptAt) <= Date.now()));
    // One "Sync now" at a time; a drain can wait on a slow request, so it is not awaited here.
    if (due && !draining) draining = syncNow(ext).catch(() => undefined).finally(() => (draining = undefined));
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
  }
}

/** Each action's state, e.g. `{ done: 19, dead: 1 }`. */
export function countByState(actions: SalesAction[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of actions) counts[a.sync.state] = (counts[a.sync.state] ?? 0) + 1;
  return counts;
}

/**
 * The action `id` is inflight on a request the mock holds: stops the worker under it, then waits until
 * the fresh worker (started by the next message) has found the row inflight and marked it uncertain — to
 * be looked up at the destination, not blindly re-sent. Only recovery writes "Interrupted" and
 * `uncertainSince`; on the e2e test build's short backoff (lib/test-waits.ts) the row may already be
 * claimed again by the time it is read (a webhook has nothing to look up, so it is re-sent under the same
 * key), so inflight counts as well once those two show the recovery happened. It may even have been
 * looked up already: the lookup's own answer for an uncertain row ("Waiting for HubSpot search to catch
 * up") then stands in `lastError` beside the `uncertainSince` that only recovery writes (seen once in CI,
 * session 9).
 */
export async function stopWorkerMidRequest(ext: ExtensionHarness, id: string): Promise<void> {
  expect((await listActions(ext)).actions.find((a) => a.id === id)?.sync.state).toBe('inflight');
  await ext.stopServiceWorker();
  await expect.poll(async () => (await listActions(ext)).actions.find((a) => a.id === id)?.sync).toMatchObject({
    state: expect.stringMatching(/^(pending|inflight)$/),
    uncertainSince: expect.any(String),
    lastError: expect.stringMatching(/Interrupted|search to catch up/),
  });
}
