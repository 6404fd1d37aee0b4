/**
 * A CRM that asked for a rest (a 429's Retry-After, HubSpot's daily limit) is not asked again when the
 * MV3 worker stops after an idle half-minute and the next thread starts it: the rest is kept in
 * `storage.session` (lib/background/views.ts, `rememberFailures`), not only in the worker's memory.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { setClock } from '@/lib/clock';
import { closeDbForTests } from '@/lib/store/db';

const counter = vi.hoisted(() => ({ asked: 0 }));
vi.mock('@/lib/background/connections', async (original) => ({ ...(await original<object>()), connectedSources: async () => [(await import('./helpers/resting-crm')).restingCrm(counter)] }));

let now = Date.UTC(2026, 2, 2, 9);
let restoreClock = () => {};
beforeEach(async () => {
  await closeDbForTests();
  restoreClock = setClock(() => now);
});
afterEach(async () => {
  restoreClock();
  await closeDbForTests();
});

/** A worker as it starts: every module loaded afresh, storage as the browser kept it. */
async function startWorker() {
  // The new worker's own clock module, read as the test's clock.
  (await import('@/lib/clock')).setClock(() => now);
  const { buildTabViews } = await import('@/lib/background/tab-builder');
  const { gmail, hostileBackground } = await import('./helpers/hostile-background');
  const bg = hostileBackground({ build: buildTabViews });
  const KEY = 'dana@northwind.example';
  return (thread: number) => bg.ask({ type: 'detected', url: `https://mail.google.com/mail/u/0/#inbox/${thread}`, candidates: [{ key: KEY, email: KEY }] }, gmail(5));
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

it('keeps resting a CRM that asked for an hour across a restart of the worker, and asks it once the hour is over', async () => {
  let detect = await startWorker();
  await detect(1);
  await vi.waitFor(() => expect(counter.asked).toBe(1), { timeout: 5_000, interval: 20 });

  vi.resetModules();
  detect = await startWorker();
  now += 10 * 60_000;
  await detect(2);
  await settle();
  expect(counter.asked).toBe(1);

  vi.resetModules();
  detect = await startWorker();
  now += 60 * 60_000;
  await detect(3);
  await vi.waitFor(() => expect(counter.asked).toBe(2), { timeout: 5_000, interval: 20 });
}, 30_000);
