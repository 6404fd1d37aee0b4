/*
 * Re-detection on in-app navigation (Gmail, Outlook and LinkedIn are single-page apps). Only events
 * the browser made count: a page can dispatch a fake `popstate` as often as it likes, and must not be
 * able to drive detection with it. Nothing here outlives its AbortSignal.
 */

export interface WatchLocationOptions {
  window: Window;
  signal: AbortSignal;
  onChange: (url: string) => void;
}

interface NavigationLike {
  addEventListener(type: string, listener: (event: Event) => void, options?: AddEventListenerOptions): void;
}

/**
 * Calls onChange with the new URL when the page navigates in-app. Listens to trusted popstate,
 * hashchange and, where the browser has the Navigation API, currententrychange (which also sees
 * pushState). Returns `check`, which the caller should also run on a timer — the content script polls
 * it every second, as `location.href` is something the page cannot forge, for pushState in browsers
 * without the Navigation API — and may run after DOM changes; it reports each URL once, so extra calls
 * cost nothing.
 */
export function watchLocation({ window, signal, onChange }: WatchLocationOptions): () => void {
  let last = window.location.href;
  const check = () => {
    const href = window.location.href;
    if (signal.aborted || href === last) return;
    last = href;
    onChange(href);
  };
  const onEvent = (event: Event) => {
    if (event.isTrusted) check();
  };
  window.addEventListener('popstate', onEvent, { signal });
  window.addEventListener('hashchange', onEvent, { signal });
  const navigation = (window as Window & { navigation?: NavigationLike }).navigation;
  navigation?.addEventListener('currententrychange', onEvent, { signal });
  return check;
}
