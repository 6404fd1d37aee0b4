/**
 * The one owner of each tab's views (docs/architecture.md, "The flow of one detection"). Nothing else
 * writes a tab's state, paints its badge or pushes its cards:
 *
 * - Each detection gets the tab's next **revision**, claimed before anything is built, and so does each
 *   rebuild. A source that answers later publishes only if its revision is still the tab's current
 *   one, so a slow CRM can never paint the previous thread's people on the next one, nor a build from
 *   before a mute or a link over the rebuild that applied it.
 * - State lives in `storage.session`: it survives a worker restart (the side panel still shows the
 *   tab) and dies with the browser session, like the tab ids it is keyed by.
 * - One push per change, carrying the revision, serves the tab's sidebar, its side panel and popup;
 *   the badge is painted at the same moment.
 * - Rebuilds (an action logged, a match chosen, an import) are coalesced: many requests in a burst
 *   rebuild each tab once. Reads never write.
 * - Work on one tab is serialised, so revisions are claimed and published in the order they came.
 * - A tab's revision never goes back, not even across "Delete everything" or a new worker: a receiver
 *   keeps the highest it saw and would drop every push below it. So a tab's first revision is above
 *   every revision this worker gave, and at least the time in milliseconds: a new worker starts
 *   seconds after the old one, and revisions come one per change, far fewer than one a millisecond.
 *   Nothing needs keeping for it, and the erase leaves the session area empty.
 */
import { clock } from '../clock';
import type { Push } from '../model/messages';
import type { Candidate } from '../model/prospect';
import type { ProspectView, TabState } from '../model/view';
import type { SessionArea } from '../platform';
import { siteOf } from '../sites';
import { forContentScript } from './content-views';
import { isLookedUp } from './ordering';

export interface Detection {
  url: string;
  candidates: Candidate[];
  selfAddresses: string[];
}

export interface BuildOptions {
  refresh?: boolean;
  /** Fresher views, once sources that had to be asked have answered. */
  onRefreshed(views: ProspectView[]): void;
}

export interface TabViewsDeps {
  area: SessionArea;
  /** Builds the cards for a detection (filtering, resolution, local data, cached source answers). */
  build(detection: Detection, options: BuildOptions): Promise<ProspectView[]>;
  paintBadge(tabId: number, views: ProspectView[]): Promise<void>;
  /** To the tab's content script (it gets views stripped for the page). */
  pushToTab(tabId: number, push: Push): void;
  /** To extension pages (side panel, popup). */
  pushToPages(push: Push): void;
  /**
   * Whether the page of a tab on `site` is given its cards (its site on, its in-page sidebar drawn);
   * when not, its content script is pushed none, and the extension pages still get them. Default: yes.
   */
  pageGetsCards?(site: string | null): Promise<boolean>;
  /** How long a burst of rebuild requests is gathered before the tabs are rebuilt once. */
  coalesceMs?: number;
}

const INDEX_KEY = 'tabs';
const stateKey = (tabId: number) => `tab:${tabId}`;

/**
 * The page's people, then the context menu's, each as its own said it: a person in both is there
 * twice, so the page's copy (and what the page said of them) stays when a lookup is replaced, and a
 * lookup stays when the page reports again. The builder makes them one card (tab-builder.ts).
 */
function withLookups(page: readonly Candidate[], lookups: readonly Candidate[]): Candidate[] {
  return [...page, ...lookups];
}

export type TabViews = ReturnType<typeof createTabViews>;

/**
 * The address a tab started to load, from `tabs.onUpdated`, or undefined when this update is not a
 * load (or the tab is gone). The event's `url` when it has one. Without the `tabs` permission a browser
 * names a tab's address only where the extension has host access (Firefox documents it, bug 1679688;
 * Chromium 156 does the same: tab-owner.e2e.test.ts kept a Gmail tab's 4 cards on news.example), so a
 * tab that went on to any other site reports its load with no `url`, and the tab itself has none
 * either: that is the empty address, not the page its cards were for. A reload of the same page has no
 * `url` in the event, and the tab names its address.
 */
export async function loadingAddress(tabId: number, change: { status?: string; url?: string }, getTab: (tabId: number) => Promise<{ url?: string }>): Promise<string | undefined> {
  if (change.status !== 'loading') return undefined;
  if (change.url !== undefined) return change.url;
  try {
    return (await getTab(tabId)).url ?? '';
  } catch {
    return undefined; // closed meanwhile: onRemoved forgets it
  }
}

/**
 * The address a context-menu lookup is filed under. Without host access the browser names no address
 * for the tab (as for a load, `loadingAddress`), and every later load of such a page reports the empty
 * address too: a lookup filed under '' would stay on the tab from page to page. A marker no load
 * reports is filed instead, so the next page empties it.
 */
export function lookupAddress(tabUrl: string | undefined, now: number): string {
  return tabUrl || `lookup:${now}`;
}

export function createTabViews(deps: TabViewsDeps) {
  const queues = new Map<number, Promise<unknown>>();
  /** The highest revision this worker gave: a tab's first is above it (the file comment). */
  let highest = 0;
  const firstRevision = (): number => Math.max(Math.floor(clock.now()), highest + 1);
  let pendingRebuild: Set<number> | 'all' | undefined;
  let pendingFlush: Promise<void> | undefined;
  /** Set while "Delete everything" erases the session area: a detection waits, so the erase cannot wipe it half-written. */
  let erasing: Promise<unknown> | undefined;

  /** Runs `work` after everything already queued for the tab. */
  function serial<T>(tabId: number, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(tabId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    queues.set(tabId, settled);
    void settled.then(() => {
      if (queues.get(tabId) === settled) queues.delete(tabId);
    });
    return next;
  }

  async function read(tabId: number): Promise<TabState | undefined> {
    const found = await deps.area.get(stateKey(tabId));
    return found[stateKey(tabId)] as TabState | undefined;
  }

  async function tabIds(): Promise<number[]> {
    const found = await deps.area.get(INDEX_KEY);
    const ids = found[INDEX_KEY];
    return Array.isArray(ids) ? ids.filter((id): id is number => Number.isInteger(id)) : [];
  }

  /**
   * Changes to the list of tabs, one after another across all tabs: two tabs reporting for the first
   * time at once must not each write a list that lacks the other.
   */
  let indexQueue: Promise<unknown> = Promise.resolve();
  function changeIndex(change: (ids: number[]) => number[]): Promise<void> {
    const next = indexQueue.then(async () => {
      const ids = await tabIds();
      const changed = change(ids);
      if (changed !== ids) await deps.area.set({ [INDEX_KEY]: changed });
    });
    indexQueue = next.catch(() => undefined);
    return next;
  }

  async function write(state: TabState): Promise<void> {
    highest = Math.max(highest, state.revision);
    await deps.area.set({ [stateKey(state.tabId)]: state });
    await changeIndex((ids) => (ids.includes(state.tabId) ? ids : [...ids, state.tabId]));
  }

  /** Saves, paints the badge and pushes: the one place a tab's change becomes visible. */
  async function publish(state: TabState): Promise<void> {
    await write(state);
    await deps.paintBadge(state.tabId, state.views);
    const pageViews = (await deps.pageGetsCards?.(state.site)) === false ? [] : forContentScript(state.views);
    deps.pushToTab(state.tabId, { type: 'push/tab', tabId: state.tabId, revision: state.revision, views: pageViews });
    deps.pushToPages({ type: 'push/tab', tabId: state.tabId, revision: state.revision, views: state.views });
  }

  /** Publishes `views` for `revision` only if no newer detection or rebuild came in meanwhile. */
  function publishIfCurrent(tabId: number, revision: number, views: ProspectView[]): Promise<void> {
    return serial(tabId, async () => {
      const current = await read(tabId);
      if (!current || current.revision !== revision) return; // a newer page, or a rebuild with what changed since
      await publish({ ...current, views });
    });
  }

  async function buildAndPublish(state: TabState, refresh: boolean): Promise<TabState> {
    const views = await deps.build(state, {
      refresh,
      onRefreshed: (fresher) => void publishIfCurrent(state.tabId, state.revision, fresher),
    });
    const built = { ...state, views };
    await publish(built);
    return built;
  }

  /**
   * Gives `detection` the tab's next revision and claims it before building: answers for the previous
   * one are dropped from now on. Runs inside the tab's queue.
   */
  async function claim(tabId: number, previous: TabState | undefined, detection: Detection, refresh: boolean): Promise<TabState> {
    const state: TabState = {
      tabId,
      url: detection.url,
      site: siteOf(detection.url),
      revision: previous ? previous.revision + 1 : firstRevision(),
      detectedAt: clock.iso(),
      candidates: detection.candidates,
      selfAddresses: detection.selfAddresses,
      views: [],
    };
    await write(state);
    return buildAndPublish(state, refresh);
  }

  /**
   * A content script reports what the tab shows now. People looked up with the context menu on this
   * same page stay; a page at another address drops them.
   */
  function detect(tabId: number, detection: Detection, { refresh = false } = {}): Promise<TabState> {
    return serial(tabId, async () => {
      await erasing;
      const previous = await read(tabId);
      const lookups = previous?.url === detection.url ? previous.candidates.filter(isLookedUp) : [];
      return claim(tabId, previous, { ...detection, candidates: withLookups(detection.candidates, lookups) }, refresh);
    });
  }

  /**
   * The context menu's "Look up in Prospect Lens": the people looked up join what the tab shows (their
   * cards first, ordering.ts) and replace an earlier lookup. The page's own detection stays as it
   * was — its people, address and signed-in user — so its sidebar keeps the thread, and requests
   * about the thread's people are still in scope. `lookup.url` counts only for a tab no content
   * script reported for (any other page).
   */
  function lookUp(tabId: number, lookup: Detection): Promise<TabState> {
    return serial(tabId, async () => {
      await erasing;
      const previous = await read(tabId);
      // What the tab held is kept only while it is still at that address: a tab that went on to a page
      // with no content script holds the previous page's emptied state, under its old address and site.
      const samePage = previous?.url === lookup.url ? previous : undefined;
      const page = samePage ?? lookup;
      const pagePeople = samePage ? samePage.candidates.filter((c) => !isLookedUp(c)) : [];
      const lookups = lookup.candidates.map((c): Candidate => ({ ...c, role: 'lookup' }));
      return claim(tabId, previous, { url: page.url, candidates: withLookups(pagePeople, lookups), selfAddresses: page.selfAddresses }, false);
    });
  }

  async function all(): Promise<TabState[]> {
    const states = await Promise.all((await tabIds()).map(read));
    return states.filter((s): s is TabState => !!s);
  }

  /**
   * Rebuilds one tab now with the same detection (a card's Retry asks the sources again), under the
   * tab's next revision: a source's late answer for the build before was made with the people, links
   * and settings of then, and must not overwrite this one (docs/architecture.md, "The flow of one
   * detection", step 4). A lookup still on its way is joined by this build (views.ts), so the answer
   * still reaches the tab.
   */
  function rebuild(tabId: number, { refresh = false } = {}): Promise<TabState | undefined> {
    return serial(tabId, async () => {
      const current = await read(tabId);
      return current && buildAndPublish({ ...current, revision: current.revision + 1 }, refresh);
    });
  }

  /**
   * Adds tabs to the next rebuild. Read when the tabs showing someone are known, after an await: a
   * rebuild of every tab asked meanwhile covers them (spread into the set, 'all' would be its letters).
   */
  function wantRebuilt(tabIds: readonly number[]): void {
    if (pendingRebuild !== 'all') pendingRebuild = new Set([...(pendingRebuild ?? []), ...tabIds]);
  }

  /**
   * Asks for a rebuild of the tabs showing `prospectKey` (all tabs when omitted). Requests within
   * `coalesceMs` are gathered, and each tab is rebuilt once.
   */
  async function refreshTabs(prospectKey?: string): Promise<void> {
    if (prospectKey === undefined) {
      pendingRebuild = 'all';
    } else if (pendingRebuild !== 'all') {
      const showing = (await all()).filter((tab) => tab.views.some((v) => v.key === prospectKey || v.detectedKey === prospectKey));
      wantRebuilt(showing.map((tab) => tab.tabId));
    }
    pendingFlush ??= new Promise<void>((resolve) => setTimeout(resolve, deps.coalesceMs ?? 25)).then(async () => {
      const wanted = pendingRebuild;
      pendingRebuild = undefined;
      pendingFlush = undefined;
      const ids = wanted === 'all' ? await tabIds() : [...(wanted ?? [])];
      await Promise.all(ids.map((id) => rebuild(id).catch(() => undefined)));
    });
    return pendingFlush;
  }

  /** Publishes an empty tab under the next revision: late answers for what it showed stay dropped. */
  const emptied = (state: TabState): TabState => ({ ...state, revision: state.revision + 1, candidates: [], selfAddresses: [], views: [] });

  /** Empties the tab if it shows or holds anyone; the tab as it is then. Runs inside the tab's queue. */
  async function emptyNow(current: TabState | undefined): Promise<TabState | undefined> {
    if (!current || (current.views.length === 0 && current.candidates.length === 0)) return current;
    const next = emptied(current);
    await publish(next);
    return next;
  }

  /**
   * The page's people go (its site was switched off); the people the rep looked up with the context
   * menu stay, since they were asked for from the side panel, not read off the page. The tab as it is then.
   */
  function empty(tabId: number): Promise<TabState | undefined> {
    return serial(tabId, async () => {
      const current = await read(tabId);
      const lookups = current?.candidates.filter(isLookedUp) ?? [];
      if (!current || lookups.length === 0) return emptyNow(current);
      if (lookups.length === current.candidates.length) return current;
      return claim(tabId, current, { url: current.url, candidates: lookups, selfAddresses: [] }, false);
    });
  }

  return {
    detect,
    lookUp,
    /** The tab as it is now. A read: nothing is rebuilt, saved, painted or pushed. */
    get: read,
    all,
    rebuild,
    refreshTabs,

    /** Repaints every tab's badge (the count of dead actions changed). */
    async repaintBadges(): Promise<void> {
      for (const tab of await all()) await deps.paintBadge(tab.tabId, tab.views);
    },

    /** The tab closed: its state goes with it. */
    forget(tabId: number): Promise<void> {
      return serial(tabId, async () => {
        await deps.area.remove(stateKey(tabId));
        await changeIndex((ids) => ids.filter((id) => id !== tabId));
      });
    },

    empty,

    /** Empties every tab on one of `sites` (those just switched off). */
    async emptySites(sites: readonly string[]): Promise<void> {
      const on = (await all()).filter((tab) => tab.site !== null && sites.includes(tab.site));
      await Promise.all(on.map((tab) => empty(tab.tabId)));
    },

    /**
     * The tab went to `url`: what it showed is gone, and so are its cards, until the new page's content
     * script reports. Unless the tab's detection is already about `url`: the browser reports in-app
     * navigations here too (Chrome: pushState, a new hash), and the content script, which reports the
     * new address itself, may have been heard first — emptying then would wipe the new page's cards,
     * and the page, unchanged, would never report again (docs/architecture.md, the tab owner).
     */
    navigated(tabId: number, url: string): Promise<void> {
      return serial(tabId, async () => {
        const current = await read(tabId);
        if (current?.url !== url) await emptyNow(current);
      });
    },

    /**
     * "Delete everything": every tab shows nothing at once, and nothing of it is kept. `erase` deletes
     * the rest (it clears the session area too); new detections wait until it is done.
     */
    async clearAll(erase: () => Promise<void> = async () => undefined): Promise<void> {
      const states = await all();
      await Promise.all(states.map((state) => serial(state.tabId, () => publish(emptied(state)))));
      const done = (async () => {
        try {
          await erase();
        } finally {
          await deps.area.clear();
        }
      })();
      erasing = done.catch(() => undefined);
      try {
        await done;
      } finally {
        erasing = undefined;
      }
    },
  };
}
