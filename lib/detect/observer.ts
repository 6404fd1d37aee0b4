import type { SiteId } from '@/lib/sites';
import { documentBody, documentRoot, queryOne } from './dom';

/*
 * Re-detection on DOM changes: one debounced MutationObserver on the narrowest stable container.
 * Nothing here polls, reads layout or outlives its AbortSignal. (URL changes: location.ts.)
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
  /**
   * Longest a pending change waits while the page keeps changing (Gmail's DOM rarely rests). The
   * defaults keep "DOM change → detected" under its 100 ms budget during churn, at the cost of at most
   * ~16 scans a second (a scan of a 1,000-row page takes ~1.5 ms).
   */
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
export function watchPage({ root, signal, debounceMs = 25, maxWaitMs = 60, onChange }: WatchPageOptions): void {
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
  // Through dom.ts: the page's own elements can shadow these properties on `document`.
  return (selector && queryOne(document, selector)) || documentBody(document) || documentRoot(document)!;
}
