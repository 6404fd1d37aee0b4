/**
 * A CRM answer that comes after the tab was rebuilt (a mute, a link) is about the build before: its
 * people, links and settings are those of then. The tab keeps the rebuild, and the rebuild still gets
 * the answer (docs/architecture.md, "The flow of one detection", step 4).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildTabViews } from '@/lib/background/tab-builder';
import type { BuildOptions, Detection } from '@/lib/background/tab-views';
import { resetSourceFailures } from '@/lib/background/views';
import { setClock } from '@/lib/clock';
import type { Push } from '@/lib/model/messages';
import type { ProspectView } from '@/lib/model/view';
import { type EngagementSource, type LookupQuery, SourceError } from '@/lib/sources/types';
import { putCached } from '@/lib/store/cache';
import { closeDbForTests } from '@/lib/store/db';
import { upsertProspects } from '@/lib/store/prospects';
import { gmail, hostileBackground, options } from './helpers/hostile-background';

/** One connected CRM that finds everyone, and answers only when the test releases it. */
const asked: string[] = [];
const held: (() => void)[] = [];
const releaseAll = () => held.splice(0).forEach((release) => release());
const FAILS = 'fails@initech.example';
const crm: EngagementSource = {
  kind: 'hubspot',
  lookup: async (queries: LookupQuery[]) => {
    asked.push(...queries.map((q) => q.key));
    if (queries.some((q) => q.key === FAILS)) throw new SourceError('offline', 'unreachable');
    await new Promise<void>((resolve) => held.push(resolve));
    return queries.map((q) => ({ key: q.key, prospect: { key: q.key, lifecycleStage: 'lead', refs: [] }, events: [] }));
  },
  test: async () => 'ok',
} as unknown as EngagementSource;
vi.mock('@/lib/background/connections', async (original) => ({ ...(await original<object>()), connectedSources: async () => [crm] }));

let now = Date.UTC(2026, 2, 2, 9);
let restoreClock: () => void;
beforeEach(async () => {
  await closeDbForTests();
  resetSourceFailures();
  asked.length = 0;
  // Each test starts well past the last: every tab's budget of people asked is full again.
  now += 3_600_000;
  restoreClock = setClock(() => now);
});
afterEach(async () => {
  releaseAll();
  restoreClock();
  await closeDbForTests();
});

const URL = 'https://mail.google.com/mail/u/0/#inbox/1';
const X = 'xavier@acme.example';
const Y = 'yvonne@acme.example';
const BOB = 'bob@globex.example';
const ALICE = 'alice@globex.example';
const fresh = (key: string) => putCached('hubspot', key, { key, prospect: { key, lifecycleStage: 'lead', refs: [] }, events: [] });

/** The real builder, counting the late answers it hands the tab owner. */
function background() {
  let lateAnswers = 0;
  const build = (detection: Detection, opts: BuildOptions) =>
    buildTabViews(detection, {
      ...opts,
      onRefreshed: (views) => {
        lateAnswers++;
        opts.onRefreshed(views);
      },
    });
  const bg = hostileBackground({ build });
  const last = (to: 'tab' | 'pages') => (bg.pushes.filter((p) => p.to === to).at(-1)!.push as Extract<Push, { type: 'push/tab' }>).views;
  return {
    ...bg,
    lateAnswers: () => lateAnswers,
    /** The tab's state, its page's last push and its side panel's last push, each as the keys of its cards. */
    shown: async (tabId: number) => [(await bg.tabs.get(tabId))!.views, last('tab'), last('pages')].map((views: ProspectView[]) => views.map((v) => v.key)),
  };
}

/** Lets the CRM answer and waits until the tab owner had the answer for the build before, and could publish it. */
async function answer(bg: ReturnType<typeof background>): Promise<void> {
  const before = bg.lateAnswers();
  releaseAll();
  await vi.waitFor(() => expect(bg.lateAnswers()).toBeGreaterThan(before), { timeout: 15_000, interval: 20 });
  await new Promise((resolve) => setTimeout(resolve, 100));
}
/** The rebuild's own answer comes with the same lookup, right after. */
const settled = { timeout: 3_000, interval: 20 };

describe('a CRM answer for the build before a rebuild', () => {
  it('does not bring back a person the rep muted while it was on its way', async () => {
    await fresh(Y);
    const bg = background();
    await bg.ask({ type: 'detected', url: URL, candidates: [{ key: X, email: X }, { key: Y, email: Y }] }, gmail(7));
    await vi.waitFor(() => expect(asked).toEqual([X]));

    expect(await bg.ask({ type: 'ignore/add', entry: X, tabId: 7 }, options)).toMatchObject({ ok: true });
    await vi.waitFor(async () => expect((await bg.tabs.get(7))!.views.map((v) => v.key)).toEqual([Y]));

    await answer(bg);
    expect(await bg.shown(7), 'tab state, page push, panel push').toEqual([[Y], [Y], [Y]]);
  });

  it('does not turn a linked card back into the person before the link', async () => {
    await upsertProspects([
      { key: ALICE, emails: [ALICE], name: 'Alice Arden', company: 'Globex', domain: 'globex.example', refs: [] },
      { key: 'carol@globex.example', emails: ['carol@globex.example'], name: 'Carol Chen', company: 'Globex', domain: 'globex.example', refs: [] },
    ]);
    await fresh(ALICE);
    const bg = background();
    await bg.ask({ type: 'detected', url: URL, candidates: [{ key: BOB, email: BOB, name: 'Bob Baker' }] }, gmail(7));
    await vi.waitFor(() => expect(asked).toEqual([BOB]));

    expect(await bg.ask({ type: 'match/choose', detectedKey: BOB, chosenKey: ALICE, tabId: 7 }, options)).toMatchObject({ ok: true });
    expect((await bg.tabs.get(7))!.views[0]).toMatchObject({ key: ALICE, match: 'chosen' });

    await answer(bg);
    expect(await bg.shown(7), 'tab state, page push, panel push').toEqual([[ALICE], [ALICE], [ALICE]]);
    expect((await bg.tabs.get(7))!.views[0]).toMatchObject({ key: ALICE, match: 'chosen' });
  });

  it('still reaches the rebuilt cards, without asking the CRM again, when the whole budget is on its way', async () => {
    // 50 people: the tab's whole budget of people asked at once (tab-builder.ts).
    const people = Array.from({ length: 50 }, (_, i) => `p${i}@acme.example`);
    const bg = background();
    await bg.ask({ type: 'detected', url: URL, candidates: people.map((key) => ({ key, email: key })) }, gmail(7));
    await vi.waitFor(() => expect(asked).toHaveLength(50));

    expect(await bg.ask({ type: 'ignore/add', entry: people[0], tabId: 7 }, options)).toMatchObject({ ok: true });
    await vi.waitFor(async () => expect((await bg.tabs.get(7))!.views).toHaveLength(49));

    await answer(bg);
    await vi.waitFor(async () => {
      const states = (await bg.tabs.get(7))!.views.map((v) => v.sources[0]?.state);
      expect(new Set(states), 'every card has the CRM answer').toEqual(new Set(['ok']));
    }, settled);
    expect(asked, 'each person asked once').toHaveLength(50);
  });

  it('still reaches the rebuilt cards when the CRM failed for another tab meanwhile', async () => {
    await fresh(Y);
    const bg = background();
    await bg.ask({ type: 'detected', url: URL, candidates: [{ key: X, email: X }, { key: Y, email: Y }] }, gmail(7));
    await vi.waitFor(() => expect(asked).toEqual([X]));
    // Another tab's lookup fails: the CRM rests, and builds from now on do not ask it.
    await bg.ask({ type: 'detected', url: URL, candidates: [{ key: FAILS, email: FAILS }] }, gmail(8));
    await vi.waitFor(() => expect(asked).toEqual([X, FAILS]));

    expect(await bg.ask({ type: 'ignore/add', entry: Y, tabId: 7 }, options)).toMatchObject({ ok: true });
    await vi.waitFor(async () => expect((await bg.tabs.get(7))!.views.map((v) => v.key)).toEqual([X]));

    await answer(bg);
    await vi.waitFor(async () => expect((await bg.tabs.get(7))!.views[0]!.sources[0]).toMatchObject({ source: 'hubspot', state: 'ok' }), settled);
  });
});
