/**
 * The sidebar, as a script of its own: Preact, the card components and their styles. The background
 * injects it into a tab's top frame when the content script first has someone to show
 * (lib/content/sidebar-loader.ts; docs/architecture.md, "What the content script carries"), so a mail
 * tab where nobody is found never parses it, and UI added to the card does not weigh on every tab's start.
 *
 * It only offers its mount function on the isolated world's global object: the content script mounts
 * it with its own page context, settings and message sender. Like the content script, an unlisted
 * script without WXT's ContentScriptContext; `globalName: false` keeps the bundle from declaring a global.
 */
import { render } from 'preact';
import { candidateFromView } from '@/components/card/candidate';
import { Sidebar } from '@/components/sidebar/Sidebar';
import { SIDEBAR_WIDTH, sidebarStyles } from '@/components/sidebar/styles';
import { makeRoom, startsFolded } from '@/lib/content/make-room';
import type { SessionState } from '@/lib/content/session';
import { type Drawer, type MountSidebar, offerSidebar } from '@/lib/content/sidebar-loader';
import { mountShadowHost } from '@/lib/content/shadow-host';
import type { ActionType } from '@/lib/model/action';
import type { ProspectView } from '@/lib/model/view';

export default defineUnlistedScript({
  globalName: false,
  main() {
    offerSidebar(mountSidebar);
  },
});

/** `roomy`: the page narrows itself beside the unfolded sidebar (webmail) instead of lying under it. */
/** How long a lookup with no cards yet may take before the sidebar shows its skeleton. */
const SKELETON_AFTER_MS = 250;

const mountSidebar: MountSidebar = (ctx, settings, roomy, send, logger) => {
  const mounted = mountShadowHost(document, sidebarStyles, ctx.signal);
  if (!mounted) return undefined;
  const { host, container } = mounted;
  const room = roomy ? makeRoom(document, window, SIDEBAR_WIDTH) : undefined;
  if (room) ctx.listen(window, 'resize', () => room.fit());
  ctx.signal.addEventListener(
    'abort',
    () => {
      room?.release();
      render(null, container);
    },
    { once: true },
  );
  let collapsed = startsFolded(settings.collapsed, window.innerWidth);
  let last: SessionState = { views: [], loading: false };
  /** The command asked to log; the button does it once it is drawn (LogEmail's `autoLog`). */
  let pendingLog = false;
  /** The command unfolded the sidebar: the next drawing moves the focus into it (Sidebar's `claimFocus`). */
  let pendingFocus = false;
  /**
   * The page (its URL) where the rep just muted someone. Muting the last person leaves no card, and an
   * unmounted Sidebar would take its "Muted Dana. Undo" with it: the sidebar stays drawn for the undo
   * until the rep presses Undo or Hide, or the page moves on to another thread.
   */
  let mutedOn: string | undefined;
  /** Nobody to show but the undo of a mute. */
  const undoOnly = () => last.views.length === 0 && !last.loading && mutedOn !== undefined;
  /**
   * Whether a lookup with no cards yet is on its way, and whether it has been for long enough: the
   * skeleton (and the room the page makes for it) waits SKELETON_AFTER_MS. A newsletter's or a
   * colleague's thread, whose people the background leaves out, answers with nobody well within it, and
   * the page must not narrow and widen again for nothing; cards that come in time are drawn at once.
   */
  let waiting = false;
  let skeletonDueNow = false;
  let skeletonTimer: ReturnType<typeof setTimeout> | undefined;
  ctx.signal.addEventListener('abort', () => clearTimeout(skeletonTimer), { once: true });
  const skeletonDue = () => {
    if (!(last.loading && last.views.length === 0)) {
      waiting = skeletonDueNow = false;
      clearTimeout(skeletonTimer);
      return false;
    }
    if (!waiting) {
      waiting = true;
      // The timer says when, not a clock read against it: a timer may fire a hair before another clock
      // reads its delay as passed, and the skeleton would then never be drawn.
      skeletonTimer = setTimeout(() => {
        skeletonDueNow = true;
        paint();
      }, SKELETON_AFTER_MS);
    }
    return skeletonDueNow;
  };

  const act = <T,>(work: Promise<T>) => work.catch(() => undefined);
  const toggle = () => {
    // Hide puts such a sidebar away, as when nobody was found, rather than folding it for the site.
    if (undoOnly()) {
      mutedOn = undefined;
      paint();
      return;
    }
    // Nobody drawn (an inbox): a fold the rep cannot see would only greet the next thread folded.
    if (!collapsed && !last.loading && !last.views.length) return;
    collapsed = !collapsed;
    // The background remembers it for this site; the page keeps its own state meanwhile.
    void act(send({ type: 'page/collapse', collapsed }));
    paint();
  };
  const callbacks = {
    onRetry: (_source: string, view: ProspectView) => act(send({ type: 'lookup', keys: [view.detectedKey], refresh: true })),
    onChooseMatch: (detectedKey: string, chosenKey: string) => act(send({ type: 'match/choose', detectedKey, chosenKey })),
    onAddToStore: (view: ProspectView) => act(send({ type: 'prospect/add', candidate: candidateFromView(view) })),
    onCreateInCrm: (view: ProspectView) => act(send({ type: 'crm/create', prospectKey: view.key })),
    onLog: (view: ProspectView, actionType: ActionType) =>
      act(send({ type: 'popup/open', prospectKey: view.key, actionType })),
    onMute: (key: string) => {
      mutedOn = location.href;
      return act(send({ type: 'ignore/add', entry: key }));
    },
    onUnmute: (key: string) => {
      mutedOn = undefined;
      return act(send({ type: 'ignore/remove', entry: key }));
    },
    onUnlink: (detectedKey: string) => act(send({ type: 'match/forget', detectedKey })),
    onRetryAction: (id: string) => act(send({ type: 'action/retry', id })),
  };

  function paint() {
    if (!ctx.isValid) return;
    const { views, loading } = last;
    if (mutedOn !== location.href) mutedOn = undefined;
    // Nothing to show and nothing on its way for long: stay out of the page entirely.
    const hidden = views.length === 0 && !skeletonDue() && !undoOnly();
    host.hidden = hidden;
    room?.want(!hidden && !collapsed);
    // For this drawing only: a sidebar that shows up later (the next thread's people) must not take
    // the focus from whatever the rep is doing by then.
    const claimFocus = pendingFocus;
    pendingFocus = false;
    render(
      hidden ? null : (
        <Sidebar
          // One sidebar per address: the chosen card and a mute's Undo belong to the thread they were
          // made on, and the next thread's Undo would name someone its tab does not show (refused).
          key={location.href}
          views={views}
          loading={loading}
          offline={!navigator.onLine}
          collapsed={collapsed}
          onToggleCollapsed={toggle}
          theme={settings.theme}
          logEmail={logger && { ...logger, messageKey: logger.messageKey(), autoLog: pendingLog, onAutoLog: () => (pendingLog = false) }}
          claimFocus={claimFocus}
          {...callbacks}
        />
      ),
      container,
    );
  }

  const drawer = ((state: SessionState) => {
    last = state;
    paint();
  }) as Drawer;
  // The keyboard command: unfolding takes the rep into the sidebar, where C / N / T log for the card.
  drawer.toggle = () => {
    pendingFocus = collapsed;
    toggle();
  };
  drawer.logEmail = () => {
    if (!logger) return;
    pendingLog = true;
    if (collapsed) toggle();
    else paint();
  };
  return drawer;
};
