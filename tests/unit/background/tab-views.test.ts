import { describe, expect, it } from 'vitest';
import { type BuildOptions, createTabViews, type Detection } from '@/lib/background/tab-views';
import type { Push } from '@/lib/model/messages';
import type { ProspectView } from '@/lib/model/view';
import { memoryArea } from '../support/background';

const view = (key: string, extra: Partial<ProspectView> = {}) =>
  ({ key, detectedKey: key, known: true, alternatives: [], actions: [], prospect: { key, emails: [key], refs: [] }, ...extra }) as unknown as ProspectView;

const detection = (...keys: string[]): Detection => ({
  url: 'https://mail.google.com/mail/u/0/#inbox/1',
  candidates: keys.map((key) => ({ key, email: key })),
  selfAddresses: [],
});

/** A tab owner whose builder answers at once from the candidates, and lets the test play a slow source. */
function harness({ area = memoryArea() } = {}) {
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
    coalesceMs: 5,
  });
  const shownKeys = (to: 'tab' | 'pages') =>
    pushes.filter((p) => p.to === to && p.push.type === 'push/tab').map((p) => (p.push as Extract<Push, { type: 'push/tab' }>).views.map((v) => v.key));
  return { tabs, pushes, badges, refreshers, builds: () => builds, shownKeys, area };
}

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

  it('forgets a closed tab, and empties a tab that loads a new document under a newer revision', async () => {
    const h = harness();
    await h.tabs.detect(7, detection('a@x.example'));
    await h.tabs.detect(8, detection('b@y.example'));
    await h.tabs.navigated(8);
    const emptied = h.pushes.at(-1)!.push as Extract<Push, { type: 'push/tab' }>;
    expect([emptied.tabId, emptied.revision, emptied.views]).toEqual([8, 2, []]);
    await h.tabs.forget(7);
    expect(await h.tabs.get(7)).toBeUndefined();
    expect((await h.tabs.all()).map((t) => t.tabId)).toEqual([8]);
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
});
