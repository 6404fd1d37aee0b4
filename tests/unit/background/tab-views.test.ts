import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BuildOptions, createTabViews, type Detection, loadingAddress, lookupAddress } from '@/lib/background/tab-views';
import { setClock } from '@/lib/clock';
import { createSession, type ScanResult } from '@/lib/content/session';
import type { Push } from '@/lib/model/messages';
import type { Candidate } from '@/lib/model/prospect';
import type { ProspectView } from '@/lib/model/view';
import { memoryArea } from '../support/background';

const view = (key: string, extra: Partial<ProspectView> = {}) =>
  ({ key, detectedKey: key, known: true, alternatives: [], actions: [], events: [], prospect: { key, emails: [key], refs: [] }, ...extra }) as unknown as ProspectView;

const THREAD = 'https://mail.google.com/mail/u/0/#inbox/1';
const detection = (...keys: string[]): Detection => ({
  url: THREAD,
  candidates: keys.map((key) => ({ key, email: key })),
  selfAddresses: [],
});
/** What the context menu hands over on the tab's page: a selected address or a mailto link. */
const lookup = (...keys: string[]): Detection => ({ url: THREAD, candidates: keys.map((key): Candidate => ({ key, email: key, role: 'lookup' })), selfAddresses: [] });
const lastPush = (pushes: { to: 'tab' | 'pages'; push: Push }[], to: 'tab' | 'pages') =>
  pushes.filter((p) => p.to === to).at(-1)!.push as Extract<Push, { type: 'push/tab' }>;

/** A tab owner whose builder answers at once from the candidates, and lets the test play a slow source. */
function harness({ area = memoryArea(), pageGetsCards }: { area?: ReturnType<typeof memoryArea>; pageGetsCards?: (site: string | null) => Promise<boolean> } = {}) {
  const pushes: { to: 'tab' | 'pages'; push: Push }[] = [];
  const badges: { tabId: number; count: number }[] = [];
  const refreshers: { keys: string[]; options: BuildOptions }[] = [];
  let builds = 0;
  const tabs = createTabViews({
    area,
    build: async (d, options) => {
      builds++;
      const keys = d.candidates.map((c) => c.key);
      refreshers.push({ keys, options });
      return keys.map((k) => view(k));
    },
    paintBadge: async (tabId, views) => void badges.push({ tabId, count: views.length }),
    pushToTab: (_tabId, push) => pushes.push({ to: 'tab', push }),
    pushToPages: (push) => pushes.push({ to: 'pages', push }),
    pageGetsCards,
    coalesceMs: 5,
  });
  const shownKeys = (to: 'tab' | 'pages') =>
    pushes.filter((p) => p.to === to && p.push.type === 'push/tab').map((p) => (p.push as Extract<Push, { type: 'push/tab' }>).views.map((v) => v.key));
  return { tabs, pushes, badges, refreshers, builds: () => builds, shownKeys, area };
}

// A tab's first revision is at least the time in milliseconds (tab-views.ts); with the clock at 0 they
// count from 1, and a test that wants the time moves the clock.
let time = 0;
let restoreClock: () => void;
beforeEach(() => {
  time = 0;
  restoreClock = setClock(() => time);
});
afterEach(() => restoreClock());

describe('the tab owner', () => {
  it('gives every detection the next revision and publishes it once to the tab, the pages and the badge', async () => {
    const h = harness();
    const first = await h.tabs.detect(7, detection('a@x.example'));
    const second = await h.tabs.detect(7, detection('b@y.example'));
    expect([first.revision, second.revision]).toEqual([1, 2]);
    expect(h.shownKeys('tab')).toEqual([['a@x.example'], ['b@y.example']]);
    expect(h.shownKeys('pages')).toEqual([['a@x.example'], ['b@y.example']]);
    expect(h.badges).toEqual([
      { tabId: 7, count: 1 },
      { tabId: 7, count: 1 },
    ]);
  });

  it('drops a slow source answer for the previous detection: the next page never shows its people', async () => {
    const h = harness();
    await h.tabs.detect(7, detection('a@x.example'));
    const slowForA = h.refreshers[0]!.options;
    await h.tabs.detect(7, detection('b@y.example'));
    const before = h.pushes.length;
    slowForA.onRefreshed([view('a@x.example', { known: true })]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(h.pushes).toHaveLength(before);
    expect((await h.tabs.get(7))!.views.map((v) => v.key)).toEqual(['b@y.example']);
  });

  it('gives a rebuild the next revision and drops a slow source answer for the build before it', async () => {
    const h = harness();
    await h.tabs.detect(7, detection('a@x.example'));
    const slowBeforeRebuild = h.refreshers[0]!.options;
    const rebuilt = await h.tabs.rebuild(7);
    expect(rebuilt!.revision).toBe(2);
    expect(lastPush(h.pushes, 'pages').revision).toBe(2);
    const before = h.pushes.length;
    // Built with what the tab held before (a person muted since, a card before its link).
    slowBeforeRebuild.onRefreshed([view('a@x.example', { known: false })]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(h.pushes).toHaveLength(before);
    // The rebuild's own answer is published under its revision.
    h.refreshers[1]!.options.onRefreshed([view('a@x.example'), view('a2@x.example')]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect([lastPush(h.pushes, 'pages').revision, (await h.tabs.get(7))!.views.map((v) => v.key)]).toEqual([2, ['a@x.example', 'a2@x.example']]);
  });

  it('publishes a source answer for the current detection with its revision', async () => {
    const h = harness();
    await h.tabs.detect(7, detection('a@x.example'));
    h.refreshers[0]!.options.onRefreshed([view('a@x.example'), view('a2@x.example')]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const last = h.pushes.at(-1)!.push as Extract<Push, { type: 'push/tab' }>;
    expect(last.revision).toBe(1);
    expect(last.views.map((v) => v.key)).toEqual(['a@x.example', 'a2@x.example']);
  });

  it('keeps every tab in its list when several tabs report for the first time at once', async () => {
    const h = harness();
    await Promise.all([7, 8, 9, 10].map((tabId) => h.tabs.detect(tabId, detection(`p${tabId}@x.example`))));
    expect((await h.tabs.all()).map((t) => t.tabId).sort()).toEqual([10, 7, 8, 9]);
  });

  it('reads without writing: get neither rebuilds, pushes nor paints', async () => {
    const h = harness();
    await h.tabs.detect(7, detection('a@x.example'));
    const [builds, pushes, badges] = [h.builds(), h.pushes.length, h.badges.length];
    expect((await h.tabs.get(7))!.revision).toBe(1);
    expect(await h.tabs.get(8)).toBeUndefined();
    expect([h.builds(), h.pushes.length, h.badges.length]).toEqual([builds, pushes, badges]);
  });

  it('coalesces a burst of rebuild requests into one rebuild per tab', async () => {
    const h = harness();
    await h.tabs.detect(7, detection('a@x.example'));
    await h.tabs.detect(8, detection('b@y.example'));
    const builds = h.builds();
    await Promise.all([h.tabs.refreshTabs(), h.tabs.refreshTabs('a@x.example'), h.tabs.refreshTabs(), h.tabs.refreshTabs('b@y.example')]);
    expect(h.builds() - builds).toBe(2);
  });

  it('keeps a rebuild of every tab asked while a rebuild of one person’s tabs reads which tabs show them', async () => {
    const h = harness();
    await h.tabs.detect(7, detection('a@x.example'));
    await h.tabs.detect(8, detection('b@y.example'));
    const builds = h.builds();
    // A logged action (one person's tabs) and, before it has read the tabs, a settings save (every tab).
    await Promise.all([h.tabs.refreshTabs('a@x.example'), h.tabs.refreshTabs()]);
    expect(h.builds() - builds).toBe(2);
  });

  it('rebuilds only the tabs showing a person when one is named', async () => {
    const h = harness();
    await h.tabs.detect(7, detection('a@x.example'));
    await h.tabs.detect(8, detection('b@y.example'));
    const builds = h.builds();
    await h.tabs.refreshTabs('b@y.example');
    expect(h.builds() - builds).toBe(1);
    expect((h.pushes.at(-1)!.push as Extract<Push, { type: 'push/tab' }>).tabId).toBe(8);
  });

  it('keeps state in the session area it is given: a restarted worker still has it, a new browser session does not', async () => {
    const area = memoryArea();
    await harness({ area }).tabs.detect(7, detection('a@x.example'));
    const restartedWorker = harness({ area });
    expect((await restartedWorker.tabs.get(7))!.views.map((v) => v.key)).toEqual(['a@x.example']);
    expect((await restartedWorker.tabs.detect(7, detection('b@y.example'))).revision).toBe(2);

    const newBrowserSession = harness({ area: memoryArea() });
    expect(await newBrowserSession.tabs.get(7)).toBeUndefined();
    await newBrowserSession.tabs.repaintBadges();
    expect(newBrowserSession.badges).toEqual([]);
  });

  it('forgets a closed tab, and empties a tab that goes to another address under a newer revision', async () => {
    const h = harness();
    await h.tabs.detect(7, detection('a@x.example'));
    const shown = await h.tabs.detect(8, detection('b@y.example'));
    await h.tabs.navigated(8, 'https://www.example.com/');
    const emptied = h.pushes.at(-1)!.push as Extract<Push, { type: 'push/tab' }>;
    expect([emptied.tabId, emptied.revision, emptied.views]).toEqual([8, shown.revision + 1, []]);
    await h.tabs.forget(7);
    expect(await h.tabs.get(7)).toBeUndefined();
    expect((await h.tabs.all()).map((t) => t.tabId)).toEqual([8]);
  });

  it('empties a tab whose load names no address (a site the extension may not read), and keeps one reloading its page', async () => {
    const h = harness();
    const shown = await h.tabs.detect(8, detection('b@y.example'));
    const page = (await h.tabs.get(8))!.url;
    const tabAt = (url?: string) => async () => (url === undefined ? {} : { url });
    const loads = async (change: { status?: string; url?: string }, getTab: (id: number) => Promise<{ url?: string }>) => {
      const url = await loadingAddress(8, change, getTab);
      if (url !== undefined) await h.tabs.navigated(8, url);
    };
    // Not a load, or a tab closed meanwhile: nothing changes.
    await loads({ title: 'x' } as never, tabAt());
    await loads({ status: 'loading' }, async () => Promise.reject(new Error('No tab with id: 8')));
    // A reload of the same page: the event has no url, the tab names it.
    await loads({ status: 'loading' }, tabAt(page));
    expect((await h.tabs.get(8))!.views.map((v) => v.key)).toEqual(['b@y.example']);
    // Off to a site the extension may not read: neither the event nor the tab names it.
    await loads({ status: 'loading' }, tabAt());
    expect((await h.tabs.get(8))!.views).toEqual([]);
    expect(((h.pushes.at(-1)!.push as Extract<Push, { type: 'push/tab' }>).revision)).toBe(shown.revision + 1);
  });

  it('keeps the cards the content script already reported for the address an in-app navigation went to', async () => {
    // Chrome reports pushState and hash changes as tabs.onUpdated {status: 'loading', url} too
    // (w3c/webextensions#328), and the content script's own report for the new address may come first.
    let session: ReturnType<typeof createSession> | undefined;
    const tabs = createTabViews({
      area: memoryArea(),
      build: async (d) => d.candidates.map((c) => view(c.key)),
      paintBadge: async () => undefined,
      pushToTab: (_tabId, push) => void (push.type === 'push/tab' && session?.receive(push)),
      pushToPages: () => undefined,
    });
    let url = 'https://mail.google.com/mail/u/0/#inbox/A';
    let scan: ScanResult = { candidates: [{ key: 'dana@northwind.example', email: 'dana@northwind.example' }], selfAddresses: [] };
    session = createSession({
      scan: () => scan,
      url: () => url,
      report: async (reported, found) => {
        const state = await tabs.detect(7, { url: reported, candidates: found.candidates, selfAddresses: found.selfAddresses });
        return { revision: state.revision, views: state.views };
      },
      onState: () => undefined,
    });
    await session.rescan();

    // The rep opens thread B: the page reports at once, and the browser's event comes after.
    url = 'https://mail.google.com/mail/u/0/#inbox/B';
    scan = { candidates: [{ key: 'jonas@fabrikam.example', email: 'jonas@fabrikam.example' }], selfAddresses: [] };
    await session.rescan();
    await tabs.navigated(7, url);
    await session.rescan(); // nothing changed on the page: it does not report again

    expect(session.state.views.map((v) => v.key)).toEqual(['jonas@fabrikam.example']);
    expect((await tabs.get(7))!.views.map((v) => v.key)).toEqual(['jonas@fabrikam.example']);
    // Heard the other way round, the tab empties until the page's report fills it.
    await tabs.navigated(7, 'https://mail.google.com/mail/u/0/#inbox/C');
    expect((await tabs.get(7))!.views).toEqual([]);
  });

  it('empties every open tab at once on "delete everything", and keeps nothing', async () => {
    const h = harness();
    await h.tabs.detect(7, detection('a@x.example'));
    await h.tabs.detect(8, detection('b@y.example'));
    await h.tabs.clearAll();
    const last = h.pushes.slice(-4).map((p) => p.push as Extract<Push, { type: 'push/tab' }>);
    expect(last.every((p) => p.views.length === 0)).toBe(true);
    expect(new Set(last.map((p) => p.tabId))).toEqual(new Set([7, 8]));
    expect(await h.tabs.all()).toEqual([]);
  });

  it('never goes back in revision for a tab after "delete everything", also in a restarted worker', async () => {
    const area = memoryArea();
    const h = harness({ area });
    for (const key of ['a@x.example', 'b@x.example', 'c@x.example']) await h.tabs.detect(7, detection(key));
    // The erase clears the session area as well (lib/data/erase.ts).
    await h.tabs.clearAll(() => area.clear());
    const emptied = lastPush(h.pushes, 'pages');
    expect([emptied.revision, emptied.views]).toEqual([4, []]);
    expect(await h.tabs.all()).toEqual([]);

    // A receiver that showed the emptied tab drops anything older than revision 4. The same worker
    // counts on from its own, whatever the clock says (here still 0)…
    expect((await h.tabs.detect(7, detection('d@x.example'))).revision).toBe(5);
    // …and a new worker, which starts seconds after the erase with nothing stored, starts at the time.
    await h.tabs.clearAll(() => area.clear());
    time = 5_000;
    expect((await harness({ area }).tabs.detect(7, detection('e@x.example'))).revision).toBe(5_000);
  });

  it('adds a context-menu lookup to what the tab shows, and keeps it while the page keeps its address', async () => {
    const h = harness();
    const keysOf = (candidates: Candidate[]) => candidates.map((c) => `${c.key} ${c.role ?? 'page'}`);
    await h.tabs.detect(7, detection('dana@northwind.example', 'jonas@fabrikam.example'));
    const looked = await h.tabs.lookUp(7, lookup('pilots@fabrikam.example'));
    expect(looked.revision).toBe(2);
    expect(keysOf(looked.candidates)).toEqual(['dana@northwind.example page', 'jonas@fabrikam.example page', 'pilots@fabrikam.example lookup']);
    // The page's sidebar is pushed the thread too, not only the person looked up.
    expect(new Set(lastPush(h.pushes, 'tab').views.map((v) => v.key))).toEqual(new Set(['pilots@fabrikam.example', 'dana@northwind.example', 'jonas@fabrikam.example']));

    // The page reports again (a reply came in, from the person looked up): the lookup stays.
    const again = await h.tabs.detect(7, detection('dana@northwind.example', 'pilots@fabrikam.example'));
    expect(keysOf(again.candidates)).toEqual(['dana@northwind.example page', 'pilots@fabrikam.example page', 'pilots@fabrikam.example lookup']);
    // Another lookup replaces the first; everyone the page showed stays.
    const next = await h.tabs.lookUp(7, lookup('ceo@fabrikam.example'));
    expect(keysOf(next.candidates)).toEqual(['dana@northwind.example page', 'pilots@fabrikam.example page', 'ceo@fabrikam.example lookup']);
    // Another thread: the lookup was about the page before.
    const other = await h.tabs.detect(7, { ...detection('lee@tailspin.example'), url: 'https://mail.google.com/mail/u/0/#inbox/2' });
    expect(keysOf(other.candidates)).toEqual(['lee@tailspin.example page']);
  });

  it('shows a lookup alone on a page no content script reported for', async () => {
    const h = harness();
    const looked = await h.tabs.lookUp(9, { ...lookup('dana@northwind.example'), url: 'https://news.example/article' });
    expect([looked.revision, looked.url, looked.site, looked.candidates.map((c) => c.key)]).toEqual([1, 'https://news.example/article', null, ['dana@northwind.example']]);
  });

  it('pushes no cards to a page that gets none, and empties the tabs of sites switched off', async () => {
    const h = harness({ pageGetsCards: async (site) => site !== 'linkedin' });
    await h.tabs.detect(7, detection('dana@northwind.example'));
    await h.tabs.detect(8, { url: 'https://www.linkedin.com/in/jonas/', candidates: [{ key: 'linkedin:jonas', role: 'profile' }], selfAddresses: [] });
    // LinkedIn's in-page sidebar is off: its side panel still has the card.
    expect(lastPush(h.pushes, 'tab').views).toEqual([]);
    expect(lastPush(h.pushes, 'pages').views.map((v) => v.key)).toEqual(['linkedin:jonas']);

    await h.tabs.emptySites(['gmail']);
    expect((await h.tabs.get(7))!).toMatchObject({ revision: 2, candidates: [], views: [] });
    expect((await h.tabs.get(8))!.views.map((v) => v.key)).toEqual(['linkedin:jonas']);
    // A rebuild (settings saved, an action synced) finds no one left to show.
    await h.tabs.refreshTabs();
    expect((await h.tabs.get(7))!.views).toEqual([]);
  });

  it('sends the content script views without notes, CRM ids or errors of actions that are not dead', async () => {
    const area = memoryArea();
    const pushes: Push[] = [];
    const action = (state: string, lastError?: string) => ({
      id: `id-${state}`,
      prospectKey: 'a@x.example',
      type: 'call',
      notes: 'private note about budget',
      occurredAt: '2026-12-01T10:00:00.000Z',
      createdAt: '2026-12-01T10:00:00.000Z',
      sync: { state, attempts: 1, lastError, remoteId: 'crm-123', destination: 'hubspot', updatedAt: '2026-12-01T10:00:00.000Z' },
    });
    const tabs = createTabViews({
      area,
      build: async () => [
        view('a@x.example', {
          actions: [action('done', 'old error'), action('dead', 'HubSpot refused the record (400)')] as never,
          prospect: { key: 'a@x.example', emails: [], refs: [{ source: 'hubspot', externalId: '901', url: 'https://app.hubspot.com/x' }] } as never,
        }),
      ],
      paintBadge: async () => undefined,
      pushToTab: (_id, push) => pushes.push(push),
      pushToPages: () => undefined,
    });
    await tabs.detect(7, detection('a@x.example'));
    const sent = JSON.stringify(pushes[0]);
    expect(sent).not.toContain('private note');
    expect(sent).not.toContain('crm-123');
    expect(sent).not.toContain('901');
    expect(sent).not.toContain('old error');
    expect(sent).toContain('HubSpot refused the record (400)');
    // The side panel (an extension page) has everything.
    expect(JSON.stringify((await tabs.get(7))!.views)).toContain('private note');
  });

  describe('context-menu lookups and the pages the tab goes to', () => {
    const NEWS = 'https://news.example/article';
    const LINKEDIN = 'https://www.linkedin.com/in/someone/';
    const at = (url: string, ...keys: string[]): Detection => ({ url, candidates: keys.map((key) => ({ key, email: key })), selfAddresses: [] });
    const keysOf = (state: { candidates: Candidate[] } | undefined) => state?.candidates.map((c) => c.key);

    it('files a lookup under the page it was made on, not the emptied page before it', async () => {
      const h = harness({ pageGetsCards: async (site) => site === 'gmail' });
      await h.tabs.detect(7, detection('dana@northwind.example'));
      await h.tabs.navigated(7, NEWS);
      const looked = await h.tabs.lookUp(7, at(NEWS, 'pilots@fabrikam.example'));
      expect([looked.url, looked.site, keysOf(looked)]).toEqual([NEWS, null, ['pilots@fabrikam.example']]);

      // Back on the thread: the news page's lookup does not come back with it.
      await h.tabs.navigated(7, THREAD);
      await h.tabs.detect(7, detection('dana@northwind.example'));
      expect(h.shownKeys('tab').at(-1)).toEqual(['dana@northwind.example']);
    });

    it('drops a lookup made on a page the extension may not read once the tab loads another such page', async () => {
      const h = harness({ pageGetsCards: async (site) => site === 'gmail' });
      // No host access: the browser names no address for the tab, nor for its next load.
      await h.tabs.lookUp(7, at(lookupAddress(undefined, 1_000), 'pilots@fabrikam.example'));
      expect(keysOf(await h.tabs.get(7))).toEqual(['pilots@fabrikam.example']);
      const next = await loadingAddress(7, { status: 'loading' }, async () => ({}));
      await h.tabs.navigated(7, next!);
      expect(keysOf(await h.tabs.get(7))).toEqual([]);
      // With an address, the lookup is filed under it, as before.
      expect(lookupAddress(NEWS, 1_000)).toBe(NEWS);
    });

    it('keeps a lookup when the tab is emptied for a site switched off (any later settings save)', async () => {
      const h = harness({ pageGetsCards: async () => false });
      await h.tabs.lookUp(9, at(LINKEDIN, 'pilots@fabrikam.example'));
      const before = (await h.tabs.get(9))!.revision;
      await h.tabs.emptySites(['linkedin']);
      // Nothing of the page's to drop: the tab is left as it was, not rebuilt.
      expect(await h.tabs.get(9)).toMatchObject({ revision: before, candidates: [{ key: 'pilots@fabrikam.example', role: 'lookup' }] });

      // With the page's people beside it, those go and the lookup stays.
      await h.tabs.detect(9, { ...at(LINKEDIN, 'linkedin:someone'), candidates: [{ key: 'linkedin:someone', role: 'profile' }] });
      await h.tabs.emptySites(['linkedin']);
      expect(keysOf(await h.tabs.get(9))).toEqual(['pilots@fabrikam.example']);
    });
  });
});
