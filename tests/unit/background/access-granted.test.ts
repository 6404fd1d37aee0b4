import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storeFinder } from '@/lib/background/finder';
import { buildViews, resetSourceFailures, type ViewDeps } from '@/lib/background/views';
import type { ProspectView } from '@/lib/model/view';
import { DEFAULT_SETTINGS } from '@/lib/model/settings';
import { onAccessGranted } from '@/lib/permissions';
import { AccessNotGranted, type EngagementSource } from '@/lib/sources/types';
import { viewsAt } from './views-clock';

/**
 * A source refused for lack of host access is remembered for a minute, so cards do not ask it on every
 * refresh. Granting the access (Options' "Grant access" or the browser's menu) must end that at once:
 * the background forgets the failure on `permissions.onAdded` (entrypoints/background.ts).
 */
const NOW = Date.UTC(2026, 11, 4, 12);
viewsAt(NOW);

const dana = { key: 'dana@northwind.example', email: 'dana@northwind.example', name: 'Dana W.' };

/** HubSpot, refusing until `access.granted`; it counts the lookups it was asked. */
function hubspot(access: { granted: boolean }): EngagementSource & { asked: number } {
  return {
    kind: 'hubspot',
    asked: 0,
    async lookup(queries) {
      this.asked++;
      if (!access.granted) throw new AccessNotGranted();
      return queries.map((q) => ({ key: q.key, prospect: { key: q.key, emails: [q.key], name: 'Dana Whitfield', refs: [] }, events: [] }));
    },
    async test() {
      return 'ok';
    },
  };
}

function deps(source: EngagementSource): ViewDeps {
  return { finder: storeFinder, sources: async () => [source], settings: async () => DEFAULT_SETTINGS, recentActions: async () => [], now: () => NOW };
}

const refreshed = (source: EngagementSource) =>
  new Promise<ProspectView[]>((resolve) => void buildViews([dana], deps(source), { onRefreshed: resolve }));

type Added = { origins?: string[]; permissions?: string[] };

/** A stand-in for `browser.permissions.onAdded`, which the fake browser does not implement. */
function permissionsEvent() {
  const listeners: ((added: Added) => void)[] = [];
  vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation((listener) => void listeners.push(listener as (added: Added) => void));
  return { fire: (added: Added) => listeners.forEach((listener) => listener(added)) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('access granted while a source is remembered as refused', () => {
  it('is asked again at once when host access is added, and the card shows its answer', async () => {
    const access = { granted: false };
    const source = hubspot(access);
    const [refused] = await refreshed(source);
    expect(refused!.sources).toEqual([{ source: 'hubspot', state: 'no-access' }]);

    // Within the minute the failure is remembered: the card repeats it and HubSpot is not asked.
    const [again] = await buildViews([dana], deps(source));
    expect(again!.sources).toEqual([{ source: 'hubspot', state: 'no-access' }]);
    expect(source.asked).toBe(1);

    const permissions = permissionsEvent();
    onAccessGranted(resetSourceFailures);
    access.granted = true;
    permissions.fire({ origins: ['https://api.hubapi.com/*'] });

    let answer!: (views: ProspectView[]) => void;
    const answered = new Promise<ProspectView[]>((resolve) => (answer = resolve));
    const [shown] = await buildViews([dana], deps(source), { onRefreshed: answer });
    expect(shown!.sources).toEqual([{ source: 'hubspot', state: 'loading' }]);
    const [view] = await answered;
    expect(source.asked).toBe(2);
    expect(view!.sources).toEqual([expect.objectContaining({ source: 'hubspot', state: 'ok' })]);
    expect(view!.known).toBe(true);
  });

  it('keeps the failure when only API permissions were added', async () => {
    const source = hubspot({ granted: false });
    await refreshed(source);
    const permissions = permissionsEvent();
    onAccessGranted(resetSourceFailures);
    permissions.fire({ permissions: ['notifications'] });
    const [view] = await buildViews([dana], deps(source));
    expect(view!.sources).toEqual([{ source: 'hubspot', state: 'no-access' }]);
    expect(source.asked).toBe(1);
  });

  it('is ignored by a browser without the event', () => {
    const permissions = fakeBrowser.permissions;
    Object.assign(fakeBrowser, { permissions: undefined });
    try {
      expect(() => onAccessGranted(resetSourceFailures)).not.toThrow();
    } finally {
      Object.assign(fakeBrowser, { permissions });
    }
  });
});
