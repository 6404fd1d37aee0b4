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
    gate.block('hubspot', T + 30_000, T);
    expect(gate.tryTake('hubspot', 10, T)).toBe(30_000);
    expect(gate.tryTake('hubspot', 10, T + 29_999)).toBe(1);
    expect(gate.tryTake('mautic', 10, T)).toBe(0);
    expect(gate.tryTake('hubspot', 10, T + 30_000)).toBe(0);
  });

  it('a shorter Retry-After does not shorten a longer one', () => {
    const gate = new DestinationGate();
    gate.block('hubspot', T + 60_000, T);
    gate.block('hubspot', T + 5_000, T);
    expect(gate.blockedUntil('hubspot', T)).toBe(T + 60_000);
  });

  it('survives a worker restart through session storage', async () => {
    const before = new DestinationGate(sessionBlockStore);
    before.block('mautic', T + 45_000, T);
    await new Promise((r) => setTimeout(r, 0));
    expect(await fakeBrowser.storage.session.get(['syncBlockedUntil', 'syncBlockedAt'])).toEqual({ syncBlockedUntil: { mautic: T + 45_000 }, syncBlockedAt: { mautic: T } });

    const after = new DestinationGate(sessionBlockStore);
    await after.load();
    expect(after.tryTake('mautic', 10, T + 1_000)).toBe(44_000);
  });

  it('is over once the clock stepped back past when it was set, and a new one then replaces it', () => {
    const gate = new DestinationGate();
    gate.block('hubspot', T + 60_000, T);
    // NTP steps the clock back three hours: waiting out the block would take three hours and a minute.
    const back = T - 3 * 3_600_000;
    expect(gate.blockedUntil('hubspot', back)).toBeUndefined();
    expect(gate.tryTake('hubspot', 10, back)).toBe(0);
    gate.block('hubspot', back + 30_000, back);
    expect(gate.blockedUntil('hubspot', back)).toBe(back + 30_000);
    // A step back of a few seconds only lengthens a block by as much.
    expect(gate.blockedUntil('hubspot', back - 5_000)).toBe(back + 30_000);
  });

  it('drops a block stored without its time (the previous version) that is further ahead than any Retry-After', async () => {
    await fakeBrowser.storage.session.set({ syncBlockedUntil: { mautic: T + 45_000, webhook: T + 2 * 86_400_000 } });
    const gate = new DestinationGate(sessionBlockStore);
    await gate.load();
    expect(gate.blockedUntil('mautic', T)).toBe(T + 45_000);
    expect(gate.blockedUntil('webhook', T)).toBeUndefined();
  });
});
