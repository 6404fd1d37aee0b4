/*
 * Re-detection on in-app navigation (Gmail, Outlook and LinkedIn are single-page apps), from events
 * only: nothing here polls or outlives its AbortSignal.
 */

export interface WatchLocationOptions {
  window: Window;
  signal: AbortSignal;
  onChange: (url: string) => void;
}

interface NavigationLike {
  addEventListener(type: string, listener: () => void, options?: AddEventListenerOptions): void;
}

/**
 * Calls onChange with the new URL when the page navigates in-app. Listens to popstate, hashchange
 * and, where the browser has the Navigation API, currententrychange (which also sees pushState).
 * Returns `check`, which the caller should also run on WXT's location-change event — from the
 * content script: `ctx.addEventListener(window, 'wxt:locationchange', check)` — and may run after DOM
 * changes; it reports each URL once, so extra calls cost nothing.
 */
export function watchLocation({ window, signal, onChange }: WatchLocationOptions): () => void {
  let last = window.location.href;
  const check = () => {
    const href = window.location.href;
    if (signal.aborted || href === last) return;
    last = href;
    onChange(href);
  };
  window.addEventListener('popstate', check, { signal });
  window.addEventListener('hashchange', check, { signal });
  const navigation = (window as Window & { navigation?: NavigationLike }).navigation;
  navigation?.addEventListener('currententrychange', check, { signal });
  return check;
}
