/**
 * A CRM that answered 429 with Retry-After: 1 h rests for the hour (views.ts, restUntil), and neither a
 * mute nor a card's Retry (a page's lookup with refresh: true) asks it before then.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildTabViews } from '@/lib/background/tab-builder';
import { resetSourceFailures } from '@/lib/background/views';
import { setClock } from '@/lib/clock';
import { closeDbForTests } from '@/lib/store/db';
import { gmail, hostileBackground } from './helpers/hostile-background';

const counter = vi.hoisted(() => ({ asked: 0 }));
vi.mock('@/lib/background/connections', async (original) => ({ ...(await original<object>()), connectedSources: async () => [(await import('./helpers/resting-crm')).restingCrm(counter)] }));

let now = Date.UTC(2026, 2, 2, 9);
let restore: () => void;
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  await closeDbForTests();
  resetSourceFailures();
  restore = setClock(() => now);
});
afterEach(async () => {
  vi.clearAllTimers();
  vi.useRealTimers();
  restore();
  await closeDbForTests();
});

describe('Retry-After rest and the page', () => {
  it("a page's lookup refresh does not ask a CRM resting for its Retry-After", async () => {
    const bg = hostileBackground({ build: buildTabViews });
    const key = 'dana@northwind.example';
    await bg.ask({ type: 'detected', url: 'https://mail.google.com/mail/u/0/#inbox/1', candidates: [{ key, email: key }] }, gmail(5));
    await vi.waitFor(() => expect(counter.asked).toBe(1), { timeout: 5_000, interval: 20 });
    // The CRM said: not for an hour. The page presses "Retry" once a second for a minute.
    for (let i = 0; i < 60; i++) {
      now += 1_000;
      await bg.ask({ type: 'lookup', keys: [key], refresh: true }, gmail(5));
    }
    await new Promise((r) => setImmediate(r));
    expect(counter.asked, 'CRM lookups inside its Retry-After').toBe(1);
  }, 60_000);
});
