/**
 * The sidebar arrives when there is something to show (docs/architecture.md, "What the content script
 * carries"). The start-up script holds detection and messaging only; Preact, the card components and
 * their styles are a second script (entrypoints/content-sidebar) that the background injects into
 * this frame on request. Injected with `scripting.executeScript`, not imported from a web-accessible
 * file: the page can neither fetch it (no resource to probe, so nothing to fingerprint) nor replace it.
 * The two scripts meet on the isolated world's own global object, which the page cannot see.
 */
import type { send as sendMessage } from '../messaging';
import type { PageSettings } from '../model/view';
import type { EmailLogger } from './log-email';
import type { PageContext } from './page-context';
import type { SessionState } from './session';

/** Draws one state of the tab's cards; `toggle` folds or unfolds the sidebar (the keyboard command). */
export interface Drawer {
  (state: SessionState): void;
  toggle(): void;
  /** The log-email command: unfold if folded, then log the open message as the button would. */
  logEmail(): void;
}

/**
 * What the sidebar script offers: mount into this page. `send` is the start-up script's own sender,
 * so the sidebar script carries no messaging (and no second copy of webextension-polyfill); `logger`
 * (webmail only) is the start-up script's reader of the open message, whose address and markup helpers
 * it holds anyway, so the sidebar script carries no second copy of them either.
 * Undefined when the page prevents the shadow host (lib/content/shadow-host.ts).
 */
export type MountSidebar = (ctx: PageContext, settings: PageSettings, roomy: boolean, send: typeof sendMessage, logger?: EmailLogger) => Drawer | undefined;

/** A registered symbol, so both scripts (built apart) compute the same key. */
export const SIDEBAR_UI = Symbol.for('prospect-lens.sidebar-ui');

type Scope = { [SIDEBAR_UI]?: MountSidebar };

/** Called by the sidebar script when it runs: leaves its mount function where the start-up script looks. */
export function offerSidebar(mount: MountSidebar, scope: object = globalThis): void {
  (scope as Scope)[SIDEBAR_UI] = mount;
}

/**
 * Asks the background to inject the sidebar script into this frame, then takes what it offered.
 * Always asks, and takes the offer away: a copy left by an older version of the extension in this
 * world is never used. Undefined when the background refused or the injection failed.
 */
export async function loadSidebar(send: typeof sendMessage, scope: object = globalThis): Promise<MountSidebar | undefined> {
  const registry = scope as Scope;
  delete registry[SIDEBAR_UI];
  const reply = await send({ type: 'page/sidebar' }).catch(() => null);
  const mount = reply?.injected ? registry[SIDEBAR_UI] : undefined;
  delete registry[SIDEBAR_UI];
  return mount;
}

/**
 * A Drawer that costs nothing until the first state with something to show (a person found, cards
 * on their way) or the first toggle: then it loads the sidebar script once and hands everything over.
 * Meanwhile it keeps the latest state and the toggles, and replays them in order when mounted.
 */
export function lazyDrawer(load: () => Promise<MountSidebar | undefined>, mount: (ui: MountSidebar) => Drawer | undefined, isValid: () => boolean): Drawer {
  let drawer: Drawer | undefined;
  let requested = false;
  let last: SessionState | undefined;
  let pendingToggles = 0;
  let pendingLog = false;

  const start = () => {
    if (requested) return;
    requested = true;
    void load().then((ui) => {
      if (!isValid()) return;
      // Refused or failed (the worker was replaced meanwhile): the next state with people asks again.
      if (!ui) return void (requested = false);
      drawer = mount(ui);
      if (!drawer) return;
      // The state first: a toggle draws, and the keyboard command's unfolding moves the focus into the
      // cards only when there are cards to draw.
      if (last) drawer(last);
      for (; pendingToggles > 0; pendingToggles--) drawer.toggle();
      if (pendingLog) drawer.logEmail();
      pendingLog = false;
    });
  };

  const lazy = ((state: SessionState) => {
    last = state;
    if (drawer) return drawer(state);
    if (state.views.length > 0 || state.loading) start();
  }) as Drawer;
  lazy.toggle = () => {
    if (drawer) return drawer.toggle();
    pendingToggles++;
    start();
  };
  lazy.logEmail = () => {
    if (drawer) return drawer.logEmail();
    pendingLog = true;
    start();
  };
  return lazy;
}
