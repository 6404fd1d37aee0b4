/**
 * A tab's budget of people asked of the CRM sources (tab-builder.ts) counts no negative time: a clock
 * stepped back a few seconds (NTP) neither refills a spent budget nor turns it into "all but the last N".
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildTabViews } from '@/lib/background/tab-builder';
import { resetSourceFailures } from '@/lib/background/views';
import { setClock } from '@/lib/clock';
import type { EngagementSource, LookupQuery } from '@/lib/sources/types';
import { closeDbForTests } from '@/lib/store/db';
import { gmail, hostileBackground } from './helpers/hostile-background';

/** One connected CRM that finds everyone it is asked about. */
const asked: string[] = [];
const crm: EngagementSource = {
  kind: 'hubspot',
  lookup: async (queries: LookupQuery[]) => {
    asked.push(...queries.map((q) => q.key));
    return queries.map((q) => ({ key: q.key, prospect: { key: q.key, lifecycleStage: 'lead', refs: [] }, events: [] }));
  },
  test: async () => 'ok',
};
vi.mock('@/lib/background/connections', async (original) => ({ ...(await original<object>()), connectedSources: async () => [crm] }));

let now = Date.UTC(2026, 2, 2, 9);
let restoreClock: () => void;
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  await closeDbForTests();
  resetSourceFailures();
  asked.length = 0;
  // Each test starts well past the last: every tab's budget is full again.
  now += 3_600_000;
  restoreClock = setClock(() => now);
});
afterEach(async () => {
  // The retries left by a test go with it.
  vi.clearAllTimers();
  vi.useRealTimers();
  restoreClock();
  await closeDbForTests();
});

const people = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => ({ key: `${prefix}${i}@${prefix}.example`, email: `${prefix}${i}@${prefix}.example` }));
const detect = (bg: ReturnType<typeof hostileBackground>, tabId: number, candidates: object[], thread = 1) =>
  bg.ask({ type: 'detected', url: `https://mail.google.com/mail/u/0/#inbox/${thread}`, candidates }, gmail(tabId));
/** The answers land through fake-indexeddb, slow on a loaded machine. */
const landed = { timeout: 15_000, interval: 50 };

describe('tab budget and a clock stepped back', () => {
  it('a clock stepped back a few seconds does not let a spent tab ask more people', async () => {
    const bg = hostileBackground({ build: buildTabViews });
    await detect(bg, 11, people('a', 50), 1);
    await vi.waitFor(() => expect(asked).toHaveLength(50), landed);
    // NTP steps the clock back 6 s; the page reports 30 new people at once.
    now -= 6_000;
    await detect(bg, 11, people('b', 30), 2);
    // Give the lookups of that build time to land (the bug asks; a correct budget asks nobody).
    await vi.waitFor(() => expect(asked.length).toBeGreaterThan(50), { timeout: 3_000, interval: 50 }).catch(() => undefined);
    expect(asked, 'people asked with the budget spent').toHaveLength(50);
  }, 30_000);
});
