import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { candidateFromView } from '@/components/card/candidate';
import type { CardCallbacks } from '@/components/card/callbacks';
import { Sidebar } from '@/components/sidebar/Sidebar';
import { openPopupWindow } from '@/lib/popup-window';
import { send } from '@/lib/messaging';
import type { Push } from '@/lib/model/messages';
import type { ProspectView } from '@/lib/model/view';

/**
 * The browser's side panel: the cards of one tab. `sidepanel.html?tab=<id>` follows that tab (the
 * background sets this path per tab); without it, the panel follows the active tab of its window.
 */
export function App({ requestedTabId }: { requestedTabId?: number }) {
  // A ref, not state: push listeners registered once must see the tab the panel shows now.
  const tabId = useRef<number | undefined>(requestedTabId);
  /** The revision of the detection shown: an older push is about a page the tab no longer shows. */
  const revision = useRef(0);
  const [views, setViews] = useState<ProspectView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offline, setOffline] = useState(!navigator.onLine);

  const refresh = useCallback(async () => {
    const id = requestedTabId ?? (await activeTabId());
    tabId.current = id;
    try {
      const state = id === undefined ? null : await send({ type: 'tab/get', tabId: id });
      revision.current = state?.revision ?? 0;
      setViews(state?.views ?? []);
      setError(null);
    } catch (failure) {
      setViews((current) => current ?? []);
      setError(describe(failure));
    }
  }, [requestedTabId]);

  useEffect(() => {
    void refresh();
    const onPush = (message: unknown, sender: { id?: string; tab?: unknown }) => {
      // Pushes come from the background only; a content script's message has a tab.
      if (sender.id !== browser.runtime.id || sender.tab) return undefined;
      const push = message as Push | undefined;
      // Another tab's cards are not this panel's business. The push carries the cards: no asking again.
      if (push?.type === 'push/tab' && push.tabId === tabId.current && push.revision >= revision.current) {
        revision.current = push.revision;
        setViews(push.views);
        setError(null);
      }
      return undefined;
    };
    const onFocus = () => void refresh();
    const onConnectivity = () => setOffline(!navigator.onLine);
    const onActivated = () => void refresh();
    browser.runtime.onMessage.addListener(onPush);
    if (requestedTabId === undefined) browser.tabs.onActivated.addListener(onActivated);
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
  }, [refresh, requestedTabId]);

  /** Every card request goes to the background; the tab's new cards come back as a push. */
  const thenRefresh = (request: Promise<unknown>) => request.catch((failure: unknown) => setError(describe(failure)));

  const callbacks: CardCallbacks = {
    onRetry: (_source, view) => void thenRefresh(send({ type: 'lookup', keys: [view.detectedKey], refresh: true, tabId: tabId.current })),
    onChooseMatch: (detectedKey, chosenKey) => void thenRefresh(send({ type: 'match/choose', detectedKey, chosenKey, tabId: tabId.current })),
    onAddToStore: (view) => void thenRefresh(send({ type: 'prospect/add', candidate: candidateFromView(view), tabId: tabId.current })),
    onCreateInCrm: (view) => void thenRefresh(send({ type: 'crm/create', prospectKey: view.key, tabId: tabId.current })),
    onMute: (entry) => void thenRefresh(send({ type: 'ignore/add', entry, tabId: tabId.current })),
    onUnmute: (entry) => void thenRefresh(send({ type: 'ignore/remove', entry, tabId: tabId.current })),
    onUnlink: (detectedKey) => void thenRefresh(send({ type: 'match/forget', detectedKey, tabId: tabId.current })),
    onRetryAction: (id) => void thenRefresh(send({ type: 'action/retry', id })),
    onLog: (view, type) => void openPopupWindow(tabId.current, view.key, type),
  };

  return (
    <main>
      {error && (
        <p class="pl-root pl-banner" role="alert">
          {error}
        </p>
      )}
      <Sidebar variant="panel" views={views ?? []} loading={views === null} offline={offline} {...callbacks} />
    </main>
  );
}

async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

const describe = (failure: unknown) => (failure instanceof Error ? failure.message : String(failure));
