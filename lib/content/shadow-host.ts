/**
 * The sidebar's place in the page: one `<prospect-lens-sidebar>` element at the end of <html> with a
 * closed shadow root holding the styles and a container to render into. Closed, so the page's own
 * scripts cannot read the cards (element.shadowRoot is null for them); tests read it through the
 * DevTools protocol or from the content script's world (docs/architecture.md, "Test contract").
 * This replaces WXT's createShadowRootUi, which needs WXT's content-script context.
 */
import { documentBody, documentRoot, inertDocument, queryAll } from '../detect/dom';

export const SIDEBAR_HOST = 'prospect-lens-sidebar';

/**
 * Removes every sidebar host on the page. A copy of the script from before an update may have left its
 * host behind: it lives in another world (or is a WXT-era copy) and only notices it is orphaned later,
 * if ever; Firefox ends its sandbox without its clean-up at all.
 */
export function removeSidebarHosts(document: Document): void {
  for (const stale of queryAll(document, SIDEBAR_HOST)) stale.remove();
}

/**
 * Keys typed in the sidebar must not reach Gmail's or Outlook's shortcuts (`c` composes, `#` deletes):
 * these events stop inside the shadow root, before they are retargeted to the host.
 */
const ISOLATED_EVENTS = ['keydown', 'keyup', 'keypress', 'beforeinput', 'input'] as const;

export interface ShadowHost {
  /** The element the page sees (empty to it); hide it when there is nothing to show. */
  host: HTMLElement;
  /** Where the sidebar renders, inside the closed root. */
  container: HTMLElement;
}

/**
 * Creates and appends the host, or returns null when the page prevents it (a page that defined its
 * own `prospect-lens-sidebar` element with a shadow root already attached). Removed when `signal` aborts.
 */
export function mountShadowHost(document: Document, css: string, signal: AbortSignal): ShadowHost | null {
  // Made in a document of our own, which has no custom-element registry: a page that defined
  // <prospect-lens-sidebar> itself (with attachInternals) would otherwise get the closed root back
  // through ElementInternals.shadowRoot when our element is created as its class.
  const inert = inertDocument(document);
  const host = inert.createElement(SIDEBAR_HOST);
  let root: ShadowRoot;
  try {
    root = host.attachShadow({ mode: 'closed' });
  } catch {
    return null;
  }
  const style = inert.createElement('style');
  // The page's styles must not leak in through inherited properties.
  style.textContent = `:host{all:initial !important;}\n${css}`;
  const container = inert.createElement('div');
  root.append(style, container);
  for (const type of ISOLATED_EVENTS) container.addEventListener(type, (event) => event.stopPropagation(), { signal });
  // One sidebar per tab.
  removeSidebarHosts(document);
  // After <body>, not inside it: webmail's <body> becomes the containing block of its fixed elements
  // when it makes room for the sidebar (lib/content/make-room.ts), and the sidebar must stay at the
  // viewport's edge. Keyboard order is unchanged: the sidebar still comes after the page's controls.
  (documentRoot(document) ?? documentBody(document))?.append(host);
  signal.addEventListener('abort', () => host.remove(), { once: true });
  return { host, container };
}
