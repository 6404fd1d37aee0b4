/**
 * What one tab can make the CRM sources do (docs/hardening.md): a content script chooses the people it
 * reports (200 a detection, 5 detections a second), and each person asked is a request to every
 * connected CRM and a row in the `cache` store. A tab's budget bounds them; a busy thread still gets
 * every card and every answer.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildTabViews } from '@/lib/background/tab-builder';
import { resetSourceFailures } from '@/lib/background/views';
import { setClock } from '@/lib/clock';
import type { Push } from '@/lib/model/messages';
import type { EngagementSource, LookupQuery } from '@/lib/sources/types';
import { closeDbForTests, db } from '@/lib/store/db';
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
/** The views of the newest push to the tab's extension pages (side panel). */
const lastPanelViews = (pushes: { to: string; push: Push }[]) => {
  const last = pushes.filter((p) => p.to === 'pages').at(-1)?.push;
  return last?.type === 'push/tab' ? last.views : [];
};
const cacheRows = async () => (await db()).count('cache');
/** The answers land through fake-indexeddb, slow on a loaded machine. */
const landed = { timeout: 15_000, interval: 50 };

describe("a tab's budget of people asked of the sources", () => {
  it('a page reporting invented people cannot make the CRM look up, or the cache keep, more than the budget', async () => {
    const bg = hostileBackground({ build: buildTabViews });
    for (let round = 0; round < 5; round++) {
      const reply = await detect(bg, 7, people(`p${round}x`, 200), round);
      // Every card is still built, from what is at hand.
      expect(reply).toMatchObject({ ok: true });
      expect((reply as { data: { views: unknown[] } }).data.views).toHaveLength(200);
    }
    await vi.waitFor(async () => expect(await cacheRows()).toBeGreaterThanOrEqual(50), landed);
    expect(asked, 'people asked of the CRM in one burst from one tab').toHaveLength(50);
    expect(await cacheRows(), 'cache rows written').toBe(50);

    // A minute on, the tab's budget has 50 people again: the page's current people are asked then.
    now += 60_000;
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(async () => expect(await cacheRows()).toBe(100), landed);
    expect(asked.slice(50).every((key) => key.endsWith('@p4x.example'))).toBe(true);
  }, 60_000);

  it('a busy thread (30 people) gets every card, and every one is asked of the CRM', async () => {
    const bg = hostileBackground({ build: buildTabViews });
    await detect(bg, 8, people('busy', 30));
    await vi.waitFor(() => expect(lastPanelViews(bg.pushes).filter((v) => v.known)).toHaveLength(30), landed);
    expect(asked).toHaveLength(30);
    // The same thread reported again (a reply opened) asks nothing: the answers are fresh.
    await detect(bg, 8, people('busy', 30));
    expect(asked).toHaveLength(30);
  });

  it('people past the budget get their card now and their answer once the budget allows', async () => {
    const bg = hostileBackground({ build: buildTabViews });
    await detect(bg, 9, people('first', 30), 1);
    await detect(bg, 9, people('second', 30), 2);
    await vi.waitFor(() => expect(lastPanelViews(bg.pushes).filter((v) => v.known)).toHaveLength(20), landed);
    expect(asked).toHaveLength(50);
    expect(lastPanelViews(bg.pushes)).toHaveLength(30);
    expect(lastPanelViews(bg.pushes).filter((v) => v.known)).toHaveLength(20);
    // The 10 left out need 12 s of budget.
    now += 12_000;
    await vi.advanceTimersByTimeAsync(12_000);
    await vi.waitFor(() => expect(lastPanelViews(bg.pushes).filter((v) => v.known)).toHaveLength(30), landed);
    expect(asked).toHaveLength(60);
  });
});

// The budget counts no negative time: a clock stepped back a few seconds (NTP) neither refills a spent
// budget nor turns the grant into "all but the last N" (tab-builder.ts, tokensOf / takePeople).
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
