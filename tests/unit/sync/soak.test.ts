/**
 * 300 actions against a destination that misbehaves at random (seeded), on a simulated clock:
 * 20% plain failures, 10% 429 with Retry-After, 10% "uncertain" (recorded, but the answer is lost),
 * and its existence check cannot tell 10% of the time. Now and then the worker "dies" holding an
 * action it claimed, after its request arrived or before. Drained the way the scheduler does it:
 * drain, sleep until `nextWakeAt`, again; a dead action is retried, as a rep would.
 */
import { describe, expect, it } from 'vitest';
import { actionsInState, allActions, updateAction } from '@/lib/store/outbox';
import { logAction, retryAction } from '@/lib/sync/actions';
import { drainOutbox, nextWakeAt, recoverInterrupted } from '@/lib/sync/drain';
import { claim, isDue } from '@/lib/sync/state';
import { DestinationGate } from '@/lib/sync/rate-limit';
import { type Answer, FakeDestination, callInput, fakeClock, freshDatabasePerTest, seeded } from './helpers';

freshDatabasePerTest();
const clock = fakeClock();

const ACTIONS = 300;
const RATE = 5;

async function soak(seed: number) {
  const random = seeded(seed);
  const answer = (): Answer => {
    const r = random();
    if (r < 0.2) return { kind: 'retry', error: 'HTTP 503' };
    if (r < 0.3) return { kind: 'retry', error: 'HTTP 429', retryAfterMs: 1_000 + Math.floor(random() * 59_000) };
    if (r < 0.4) return 'lost-response';
    return { kind: 'delivered' };
  };
  const check = () => (random() < 0.1 ? { unknown: 'Search is unavailable' } : ('truth' as const));
  const hubspot = new FakeDestination('hubspot', clock.now, answer, check, RATE);

  const ids = new Set<string>();
  for (let i = 0; i < ACTIONS; i++) ids.add((await logAction(callInput({ notes: `Call ${i}` }), 'hubspot')).id);

  const options = {
    resolveDestination: () => hubspot,
    getProspect: () => undefined,
    gate: new DestinationGate(),
    sleep: clock.sleep,
    policy: { random: seeded(seed + 1) },
  };
  const totals = { drains: 0, attempted: 0, delivered: 0, retried: 0, dead: 0, revived: 0, workerDeaths: 0 };
  const started = clock.now();
  for (let guard = 0; guard < 5_000; guard++) {
    if (random() < 0.3 && (await dieMidRequest(hubspot, random() < 0.5))) totals.workerDeaths++;
    const result = await drainOutbox(options);
    totals.drains++;
    for (const key of ['attempted', 'delivered', 'retried', 'dead'] as const) totals[key] += result[key];
    for (const dead of (await allActions()).filter((a) => a.sync.state === 'dead')) {
      await retryAction(dead.id);
      totals.revived++;
    }
    const wake = await nextWakeAt(options);
    if (wake === undefined) break;
    // The scheduler never drains again sooner than a second after a drain.
    clock.set(Math.max(wake, clock.now() + 1_000));
  }
  return { hubspot, ids, totals, simulatedMs: clock.now() - started, rows: await allActions() };
}

/**
 * A worker claims a due action, its request reaches the destination (or not), and it dies before
 * storing the outcome; the next worker starts with recovery, as `startSync` does.
 */
async function dieMidRequest(destination: FakeDestination, arrived: boolean): Promise<boolean> {
  const victim = (await actionsInState('pending')).find((a) => isDue(a, clock.now()));
  if (!victim) return false;
  await updateAction(victim.id, (current) => claim(current, clock.now()));
  // Like a real worker, it looked first when the action was uncertain, and sent only if not found.
  const sent = !(victim.sync.uncertainSince && destination.records.has(victim.id));
  if (sent && arrived) destination.records.set(victim.id, [...(destination.records.get(victim.id) ?? []), `lost-${victim.id}`]);
  clock.advance(30_000);
  await recoverInterrupted();
  return true;
}

describe('soak: 300 actions, an unreliable destination', () => {
  it.each([1, 2, 3])('seed %i: nothing lost, nothing recorded twice, no request inside a Retry-After window', async (seed) => {
    const { hubspot, ids, totals, simulatedMs, rows } = await soak(seed);

    expect(rows).toHaveLength(ACTIONS);
    expect(rows.every((a) => a.sync.state === 'done')).toBe(true);
    expect(totals.workerDeaths).toBeGreaterThan(5);
    // Every action is recorded at the destination exactly once, under the remote id its row holds.
    expect(hubspot.records.size).toBe(ACTIONS);
    expect([...hubspot.records.keys()].every((id) => ids.has(id))).toBe(true);
    expect(hubspot.duplicates()).toBe(0);
    for (const row of rows) expect(hubspot.records.get(row.id)).toEqual([row.sync.remoteId]);
    expect(hubspot.insideRetryAfter).toEqual([]);
    // The rate limit held: never more than the burst plus one second's worth in any second.
    const times = hubspot.requests.map((r) => r.at);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 1_000).length).toBeLessThanOrEqual(2 * RATE);

    const kinds = hubspot.requests.map((r) => r.kind);
    const report = {
      seed,
      ...totals,
      requests: kinds.length,
      deliveries: kinds.filter((k) => k === 'deliver').length,
      resentAfterFailure: kinds.filter((k) => k === 'deliver').length - ACTIONS,
      existenceChecks: kinds.filter((k) => k === 'find').length,
      simulatedMinutes: Math.round(simulatedMs / 60_000),
    };
    console.log(`soak ${JSON.stringify(report)}`);
  });
});
