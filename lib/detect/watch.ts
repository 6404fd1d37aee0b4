import type { SiteId } from '@/lib/sites';

/*
 * Re-detection triggers: one debounced MutationObserver for DOM changes, and URL-change events for
 * in-app navigations. Nothing here polls, reads layout or outlives its AbortSignal.
 */

/** The extension's own sidebar host: its insertion and removal must not wake detection. */
const OWN_HOST = 'prospect-lens-sidebar';

export interface WatchPageOptions {
  /** The narrowest container that holds everything the site's adapter reads (see observationRoot). */
  root: Node;
  /** Disconnects the observer and cancels a pending call. Pass the content-script context's signal. */
  signal: AbortSignal;
  /** Quiet time after the last change before onChange runs. */
  debounceMs?: number;
  /** Longest a pending change waits while the page keeps changing (Gmail's DOM rarely rests). */
  maxWaitMs?: number;
  onChange: () => void;
}

function isOwn(node: Node): boolean {
  return node.nodeName.toLowerCase() === OWN_HOST || !!node.parentElement?.closest(OWN_HOST);
}

/** Whether a change could alter what is detected: anything but our own sidebar coming and going. */
function matters(record: MutationRecord): boolean {
  if (isOwn(record.target)) return false;
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.length === 0 || !nodes.every(isOwn);
}

/**
 * Calls onChange (debounced) after DOM changes under root. Only childList + subtree is observed:
 * the sites add and remove nodes for everything detection reads (a message expanding, a compose
 * chip resolving, a profile rendering), so attribute changes would only add wake-ups.
 * Mutations inside the sidebar's shadow root never reach a document observer.
 */
export function watchPage({ root, signal, debounceMs = 50, maxWaitMs = 250, onChange }: WatchPageOptions): void {
  if (signal.aborted) return;
  let quiet: ReturnType<typeof setTimeout> | undefined;
  let deadline: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => {
    clearTimeout(quiet);
    clearTimeout(deadline);
    quiet = deadline = undefined;
  };
  const run = () => {
    cancel();
    onChange();
  };
  const observer = new MutationObserver((records) => {
    if (!records.some(matters)) return;
    clearTimeout(quiet);
    quiet = setTimeout(run, debounceMs);
    deadline ??= setTimeout(run, maxWaitMs);
  });
  observer.observe(root, { childList: true, subtree: true });
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      cancel();
    },
    { once: true },
  );
}

/**
 * The container to observe per site. Gmail opens compose windows as children of <body>, outside
 * the thread's container, so nothing narrower holds both. Outlook renders everything inside
 * #appRoot; LinkedIn's pages and messaging overlays live in .application-outlet, which leaves the
 * global nav (and its notification badge churn) outside.
 */
export function observationRoot(site: SiteId, document: Document): Element {
  const selector = site === 'outlook' ? '#appRoot' : site === 'linkedin' ? '.application-outlet' : null;
  return (selector && document.querySelector(selector)) || document.body || document.documentElement;
}

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
