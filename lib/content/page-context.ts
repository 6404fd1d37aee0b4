/**
 * The content script's lifetime, in place of WXT's ContentScriptContext. That context announces
 * itself to the page: on start it dispatches a `wxt:content-script-started` event on the document and
 * posts a window message naming the script, listens for the same event to stop itself (so any page
 * can stop detection by dispatching it), and reports URL changes as DOM events a page can forge.
 * This one says nothing to the page and hears nothing from it:
 * - everything the script starts is tied to one AbortSignal;
 * - a newer copy of the script (injected after an update, or when a site is switched back on) finds
 *   the older one through a property of the isolated world's own global object, which the page
 *   cannot see, and stops it;
 * - an older copy left in another world when the extension was updated or removed has no
 *   `runtime.id` any more: it notices at its next activity (an event, a timer tick) and stops;
 * - listeners added through `listen` ignore events the page dispatched (`isTrusted` false).
 */
import { browser } from 'wxt/browser';

export interface PageContext {
  readonly signal: AbortSignal;
  /** False once stopped; checking it also stops the context when the extension is gone. */
  readonly isValid: boolean;
  stop(reason: string): void;
  /** Adds a listener for browser-made events only, removed when the context stops. */
  listen(target: EventTarget, type: string, handler: (event: Event) => void): void;
  /** Runs `tick` every `ms` while the context is valid. */
  every(ms: number, tick: () => void): void;
}

export interface PageContextOptions {
  /**
   * Where copies of the script find each other: the global object of the world the script runs in
   * (Chrome: the extension's isolated world; Firefox: its content-script sandbox). Tests pass their own.
   */
  scope?: object;
  /** Whether this copy's extension is still there; after an update, reload or removal it is not. */
  alive?: () => boolean;
}

/** A registered symbol, so each copy of the script computes the same key. */
const CURRENT = Symbol.for('prospect-lens.page-context');

type Scope = { [CURRENT]?: PageContext };

export function startPageContext({ scope = globalThis, alive = () => !!browser.runtime?.id }: PageContextOptions = {}): PageContext {
  const registry = scope as Scope;
  const controller = new AbortController();
  const { signal } = controller;

  const context: PageContext = {
    signal,
    get isValid() {
      if (!signal.aborted && !alive()) context.stop('The extension was updated or removed');
      return !signal.aborted;
    },
    stop(reason) {
      if (registry[CURRENT] === context) delete registry[CURRENT];
      controller.abort(reason);
    },
    listen(target, type, handler) {
      target.addEventListener(
        type,
        (event) => {
          if (event.isTrusted && context.isValid) handler(event);
        },
        { signal },
      );
    },
    every(ms, tick) {
      const timer = setInterval(() => {
        if (context.isValid) tick();
      }, ms);
      signal.addEventListener('abort', () => clearInterval(timer), { once: true });
    },
  };

  registry[CURRENT]?.stop('A newer copy of the content script started');
  Object.defineProperty(registry, CURRENT, { value: context, configurable: true, writable: true, enumerable: false });
  return context;
}
