import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DestinationGate, sessionBlockStore } from '@/lib/sync/rate-limit';

const T = 1_000_000;

describe('token bucket', () => {
  it('allows a burst of one second of requests, then one per 1/rate seconds', () => {
    const gate = new DestinationGate();
    const waits = Array.from({ length: 6 }, () => gate.tryTake('hubspot', 5, T));
    expect(waits).toEqual([0, 0, 0, 0, 0, 200]);
    expect(gate.tryTake('hubspot', 5, T + 199)).toBe(1);
    expect(gate.tryTake('hubspot', 5, T + 200)).toBe(0);
    expect(gate.tryTake('hubspot', 5, T + 200)).toBe(200);
  });

  it("keeps each destination's bucket separate", () => {
    const gate = new DestinationGate();
    expect(gate.tryTake('webhook', 1, T)).toBe(0);
    expect(gate.tryTake('webhook', 1, T)).toBe(1000);
    expect(gate.tryTake('mautic', 1, T)).toBe(0);
  });

  it('never sends more than the burst plus the rate in any second, however it is asked', () => {
    const gate = new DestinationGate();
    const sent: number[] = [];
    for (let t = T; t < T + 10_000; t += 7) if (gate.tryTake('hubspot', 4, t) === 0) sent.push(t);
    for (const start of sent) expect(sent.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(8);
    expect(sent.length).toBeGreaterThanOrEqual(40);
  });
});

describe('Retry-After blocks', () => {
  it('blocks every request to the destination until the window ends, and only that destination', () => {
    const gate = new DestinationGate();
    gate.block('hubspot', T + 30_000);
    expect(gate.tryTake('hubspot', 10, T)).toBe(30_000);
    expect(gate.tryTake('hubspot', 10, T + 29_999)).toBe(1);
    expect(gate.tryTake('mautic', 10, T)).toBe(0);
    expect(gate.tryTake('hubspot', 10, T + 30_000)).toBe(0);
  });

  it('a shorter Retry-After does not shorten a longer one', () => {
    const gate = new DestinationGate();
    gate.block('hubspot', T + 60_000);
    gate.block('hubspot', T + 5_000);
    expect(gate.blockedUntil('hubspot', T)).toBe(T + 60_000);
  });

  it('survives a worker restart through session storage', async () => {
    const before = new DestinationGate(sessionBlockStore);
    before.block('mautic', T + 45_000);
    await new Promise((r) => setTimeout(r, 0));
    expect(await fakeBrowser.storage.session.get('syncBlockedUntil')).toEqual({ syncBlockedUntil: { mautic: T + 45_000 } });

    const after = new DestinationGate(sessionBlockStore);
    await after.load();
    expect(after.tryTake('mautic', 10, T + 1_000)).toBe(44_000);
  });
});
