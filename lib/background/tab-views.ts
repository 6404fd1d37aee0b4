/**
 * The one owner of each tab's views (docs/architecture.md, "The flow of one detection"). Nothing else
 * writes a tab's state, paints its badge or pushes its cards:
 *
 * - Each detection gets the tab's next **revision**, claimed before anything is built. A source that
 *   answers later publishes only if its revision is still the tab's current one, so a slow CRM can
 *   never paint the previous thread's people on the next one.
 * - State lives in `storage.session`: it survives a worker restart (the side panel still shows the
 *   tab) and dies with the browser session, like the tab ids it is keyed by.
 * - One push per change, carrying the revision, serves the tab's sidebar, its side panel and popup;
 *   the badge is painted at the same moment.
 * - Rebuilds (an action logged, a match chosen, an import) are coalesced: many requests in a burst
 *   rebuild each tab once. Reads never write.
 * - Work on one tab is serialised, so revisions are claimed and published in the order they came.
 */
import { clock } from '../clock';
import type { Push } from '../model/messages';
import type { Candidate } from '../model/prospect';
import type { ProspectView, TabState } from '../model/view';
import type { SessionArea } from '../platform';
import { siteOf } from '../sites';
import { forContentScript } from './content-views';

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
  /** How long a burst of rebuild requests is gathered before the tabs are rebuilt once. */
  coalesceMs?: number;
}

const INDEX_KEY = 'tabs';
const stateKey = (tabId: number) => `tab:${tabId}`;

export type TabViews = ReturnType<typeof createTabViews>;

export function createTabViews(deps: TabViewsDeps) {
  const queues = new Map<number, Promise<unknown>>();
  let pendingRebuild: Set<number> | 'all' | undefined;
  let pendingFlush: Promise<void> | undefined;

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
    await deps.area.set({ [stateKey(state.tabId)]: state });
    await changeIndex((ids) => (ids.includes(state.tabId) ? ids : [...ids, state.tabId]));
  }

  /** Saves, paints the badge and pushes: the one place a tab's change becomes visible. */
  async function publish(state: TabState): Promise<void> {
    await write(state);
    await deps.paintBadge(state.tabId, state.views);
    deps.pushToTab(state.tabId, { type: 'push/tab', tabId: state.tabId, revision: state.revision, views: forContentScript(state.views) });
    deps.pushToPages({ type: 'push/tab', tabId: state.tabId, revision: state.revision, views: state.views });
  }

  /** Publishes `views` for `revision` only if no newer detection came in meanwhile. */
  function publishIfCurrent(tabId: number, revision: number, views: ProspectView[]): Promise<void> {
    return serial(tabId, async () => {
      const current = await read(tabId);
      if (!current || current.revision !== revision) return; // a newer page: these people are not on it
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

  /** A content script (or the context menu) reports what the tab shows now. */
  function detect(tabId: number, detection: Detection, { refresh = false } = {}): Promise<TabState> {
    return serial(tabId, async () => {
      const previous = await read(tabId);
      const state: TabState = {
        tabId,
        url: detection.url,
        site: siteOf(detection.url),
        revision: (previous?.revision ?? 0) + 1,
        detectedAt: clock.iso(),
        candidates: detection.candidates,
        selfAddresses: detection.selfAddresses,
        views: [],
      };
      // Claim the revision before building: answers for the previous one are dropped from now on.
      await write(state);
      return buildAndPublish(state, refresh);
    });
  }

  async function all(): Promise<TabState[]> {
    const states = await Promise.all((await tabIds()).map(read));
    return states.filter((s): s is TabState => !!s);
  }

  /** Rebuilds one tab now with the same detection (a card's Retry asks the sources again). */
  function rebuild(tabId: number, { refresh = false } = {}): Promise<TabState | undefined> {
    return serial(tabId, async () => {
      const current = await read(tabId);
      return current && buildAndPublish(current, refresh);
    });
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
      pendingRebuild = new Set([...(pendingRebuild ?? []), ...showing.map((tab) => tab.tabId)]);
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

  return {
    detect,
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

    /**
     * The tab loaded a new document: what it showed is gone, and so are its cards, until the new
     * page's content script reports.
     */
    navigated(tabId: number): Promise<void> {
      return serial(tabId, async () => {
        const current = await read(tabId);
        if (current && current.views.length > 0) await publish(emptied(current));
      });
    },

    /** "Delete everything": every tab shows nothing at once, and nothing of it is kept. */
    async clearAll(): Promise<void> {
      const states = await all();
      await Promise.all(states.map((state) => serial(state.tabId, () => publish(emptied(state)))));
      await deps.area.clear();
    },
  };
}
