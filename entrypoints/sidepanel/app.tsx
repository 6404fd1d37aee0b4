import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { candidateFromView } from '@/components/card/candidate';
import type { CardCallbacks } from '@/components/card/callbacks';
import { Sidebar } from '@/components/sidebar/Sidebar';
import { openPopupWindow } from '@/lib/popup-window';
import { send } from '@/lib/messaging';
import type { Push } from '@/lib/model/messages';
import type { ProspectView } from '@/lib/model/view';
import { errorText } from '@/lib/errors';

/**
 * The browser's side panel: the cards of one tab. `sidepanel.html?tab=<id>` follows that tab (the
 * background sets this path per tab) when it is in the panel's own window; otherwise, and without it,
 * the panel follows the active tab of its window.
 */
export function App({ requestedTabId }: { requestedTabId?: number }) {
  // A ref, not state: push listeners registered once must see the tab the panel follows now. The
  // revision shown is that tab's own: an older push is about a page the tab no longer shows.
  const followed = useRef<{ tabId?: number; revision: number }>({ revision: 0 });
  /** Decided once: whether `?tab` is this window's tab, and which window this panel is in. */
  const scope = useRef<Promise<PanelScope> | null>(null);
  scope.current ??= panelScope(requestedTabId);
  /** Counts refreshes, so an older one's question "which tab is active?" cannot overrule a newer one's. */
  const refreshes = useRef(0);
  const [views, setViews] = useState<ProspectView[] | null>(null);
  /** The tab whose cards are drawn: each tab gets a sidebar of its own (no mute banner or open card carried over). */
  const [shownTab, setShownTab] = useState(requestedTabId);
  const [error, setError] = useState<string | null>(null);
  const [offline, setOffline] = useState(!navigator.onLine);

  const refresh = useCallback(async () => {
    const ticket = ++refreshes.current;
    const { pinnedTabId, windowId } = await scope.current!;
    const id = pinnedTabId ?? (await activeTabId(windowId));
    if (ticket !== refreshes.current) return;
    if (id !== followed.current.tabId) {
      // Another tab: its revisions start afresh, and the previous tab's cards (and their buttons) go.
      followed.current = { tabId: id, revision: 0 };
      setViews(null);
      setShownTab(id);
    }
    // The rep may move to another tab while the answer is on its way: it is then about a tab the panel left.
    const stillFollowed = () => followed.current.tabId === id;
    try {
      const state = id === undefined ? null : await send({ type: 'tab/get', tabId: id });
      if (!stillFollowed()) return;
      // A push already showed a newer detection of this tab than the one this answer read.
      if (state && state.revision < followed.current.revision) return;
      followed.current.revision = state?.revision ?? 0;
      setViews(state?.views ?? []);
      setError(null);
    } catch (failure) {
      if (!stillFollowed()) return;
      setViews((current) => current ?? []);
      setError(errorText(failure));
    }
  }, []);

  useEffect(() => {
    void refresh();
    const onPush = (message: unknown, sender: { id?: string; tab?: unknown }) => {
      // Pushes come from the background only; a content script's message has a tab.
      if (sender.id !== browser.runtime.id || sender.tab) return undefined;
      const push = message as Push | undefined;
      // Another tab's cards are not this panel's business. The push carries the cards: no asking again.
      if (push?.type === 'push/tab' && push.tabId === followed.current.tabId && push.revision >= followed.current.revision) {
        followed.current.revision = push.revision;
        setViews(push.views);
        setError(null);
      }
      return undefined;
    };
    const onFocus = () => void refresh();
    const onConnectivity = () => setOffline(!navigator.onLine);
    const onActivated = ({ windowId }: { windowId: number }) =>
      void scope.current!.then((own) => {
        // A tab activated in another window is not this panel's: each window has a panel of its own.
        if (own.pinnedTabId === undefined && (own.windowId === undefined || own.windowId === windowId)) void refresh();
      });
    browser.runtime.onMessage.addListener(onPush);
    browser.tabs.onActivated.addListener(onActivated);
    window.addEventListener('focus', onFocus);
    window.addEventListener('online', onConnectivity);
    window.addEventListener('offline', onConnectivity);
    return () => {
      browser.runtime.onMessage.removeListener(onPush);
      browser.tabs.onActivated.removeListener(onActivated);
      window.removeEventListener('focus', onFocus);
      window.removeEventListener('online', onConnectivity);
      window.removeEventListener('offline', onConnectivity);
    };
  }, [refresh]);

  /** Every card request goes to the background; the tab's new cards come back as a push. */
  const thenRefresh = (request: Promise<unknown>) => request.catch((failure: unknown) => setError(errorText(failure)));

  const callbacks: CardCallbacks = {
    onRetry: (_source, view) => void thenRefresh(send({ type: 'lookup', keys: [view.detectedKey], refresh: true, tabId: followed.current.tabId })),
    onChooseMatch: (detectedKey, chosenKey) => void thenRefresh(send({ type: 'match/choose', detectedKey, chosenKey, tabId: followed.current.tabId })),
    onAddToStore: (view) => void thenRefresh(send({ type: 'prospect/add', candidate: candidateFromView(view), tabId: followed.current.tabId })),
    onCreateInCrm: (view) => void thenRefresh(send({ type: 'crm/create', prospectKey: view.key, tabId: followed.current.tabId })),
    onMute: (entry) => void thenRefresh(send({ type: 'ignore/add', entry, tabId: followed.current.tabId })),
    onUnmute: (entry) => void thenRefresh(send({ type: 'ignore/remove', entry, tabId: followed.current.tabId })),
    onUnlink: (detectedKey) => void thenRefresh(send({ type: 'match/forget', detectedKey, tabId: followed.current.tabId })),
    onRetryAction: (id) => void thenRefresh(send({ type: 'action/retry', id })),
    onLog: (view, type) => void openPopupWindow(followed.current.tabId, view.key, type),
  };

  return (
    <main>
      {error && (
        <p class="pl-root pl-banner" role="alert">
          {error}
        </p>
      )}
      <Sidebar key={String(shownTab)} variant="panel" views={views ?? []} loading={views === null} offline={offline} {...callbacks} />
    </main>
  );
}

interface PanelScope {
  /** `?tab`'s tab, when it is in the panel's window (or its window cannot be told). */
  pinnedTabId?: number;
  /** The panel's own window, when the browser says. */
  windowId?: number;
}

/**
 * Firefox can keep one panel address for the extension across all windows, so a sidebar opened from its
 * own launcher can carry `?tab=` of a tab in another window; its cards (and Mute, Log call) would then
 * be about people the rep does not see. In a panel, `?tab` is trusted only for a tab of the panel's own
 * window (docs/firefox.md). The page opened as a tab of its own (the end-to-end suites do) is no shared
 * panel and keeps to `?tab`, as it does when either window cannot be read.
 */
async function panelScope(requestedTabId: number | undefined): Promise<PanelScope> {
  const own = await quietly(() => browser.windows.getCurrent());
  const windowId = own?.id;
  if (requestedTabId === undefined) return { windowId };
  const asTab = await quietly(() => browser.tabs.getCurrent());
  if (asTab) return { pinnedTabId: requestedTabId, windowId };
  const tab = await quietly(() => browser.tabs.get(requestedTabId));
  if (windowId !== undefined && tab?.windowId !== undefined && tab.windowId !== windowId) return { windowId };
  return { pinnedTabId: requestedTabId, windowId };
}

/** A question the browser may not answer (a closed tab, an API it lacks): undefined then. */
function quietly<T>(ask: () => Promise<T> | T): Promise<T | undefined> {
  return Promise.resolve()
    .then(ask)
    .catch(() => undefined);
}

async function activeTabId(windowId: number | undefined): Promise<number | undefined> {
  const [tab] = await browser.tabs.query(windowId === undefined ? { active: true, currentWindow: true } : { active: true, windowId });
  return tab?.id;
}

