/**
 * The content script on Gmail, Outlook on the web and LinkedIn: detect who the page shows, ask the
 * background for their cards, and draw the sidebar (webmail; LinkedIn only when opted in). Logic lives
 * in lib/content and lib/detect; this file wires it to the page.
 *
 * An unlisted script, registered at run time for the sites the rep has on
 * (lib/background/registration.ts): WXT wraps unlisted scripts without its ContentScriptContext, whose
 * start-up handshake talks to the page. lib/content/page-context.ts is the quiet replacement.
 * `globalName: false` keeps the bundle from declaring a global of its own.
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { candidateFromView } from '@/components/card/candidate';
import { Sidebar } from '@/components/sidebar/Sidebar';
import { SIDEBAR_WIDTH, sidebarStyles } from '@/components/sidebar/styles';
import { makeRoom, startsFolded } from '@/lib/content/make-room';
import { startPageContext, type PageContext } from '@/lib/content/page-context';
import { createSession, type SessionState } from '@/lib/content/session';
import { mountShadowHost } from '@/lib/content/shadow-host';
import { detect } from '@/lib/detect';
import { watchLocation } from '@/lib/detect/location';
import { observationRoot, watchPage } from '@/lib/detect/observer';
import { type PageSettings, send } from '@/lib/messaging';
import type { Push } from '@/lib/model/messages';
import type { ProspectView } from '@/lib/model/view';
import { siteOf } from '@/lib/sites';

/** How often the URL is compared, for pushState where the browser has no Navigation API. */
const LOCATION_POLL_MS = 1_000;

export default defineUnlistedScript({
  globalName: false,
  // Not awaited: `scripting.executeScript` (install, a site switched on) must not wait for the page.
  main() {
    void start();
  },
});

async function start(): Promise<void> {
  // The match patterns are wider than the pages served on LinkedIn's subdomains (lib/sites.ts).
  if (!siteOf(location.href)) return;
  const ctx = startPageContext();
  const settings = await send({ type: 'page/settings' }).catch(() => null);
  if (!settings?.enabled || !ctx.isValid) return ctx.stop('Not on for this site');
  const site = siteOf(location.href)!;
  const draw = settings.overlay ? mountSidebar(ctx, settings, site !== 'linkedin') : undefined;

  const session = createSession({
    scan: () => detect(document, location.href),
    url: () => location.href,
    report: (url, scan) => send({ type: 'detected', url, candidates: scan.candidates, selfAddresses: scan.selfAddresses, health: scan.health }),
    onState: (state) => draw?.(state),
  });
  const rescan = (force = false) => {
    if (ctx.isValid) void session.rescan(force);
  };

  const onPush = (message: unknown, sender: { id?: string; tab?: unknown }) => {
    // Pushes come from the background only (no tab); anything else is not ours to answer.
    if (sender.id !== browser.runtime.id || sender.tab || !ctx.isValid) return undefined;
    const push = message as Push;
    if (push?.type === 'push/tab' && Array.isArray(push.views) && typeof push.revision === 'number') session.receive(push);
    if (push?.type === 'push/toggle-sidebar') draw?.toggle();
    return undefined;
  };
  browser.runtime.onMessage.addListener(onPush);
  ctx.signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(onPush), { once: true });

  watchPage({ root: observationRoot(site, document), signal: ctx.signal, onChange: () => rescan() });
  const checkLocation = watchLocation({ window, signal: ctx.signal, onChange: () => rescan() });
  ctx.every(LOCATION_POLL_MS, checkLocation);
  // Back online: ask again. Only the browser's own event counts; a page firing `online` does nothing.
  ctx.listen(window, 'online', () => rescan(true));
  rescan();
}

interface Drawer {
  (state: SessionState): void;
  toggle(): void;
}

/** `roomy`: the page narrows itself beside the unfolded sidebar (webmail) instead of lying under it. */
function mountSidebar(ctx: PageContext, settings: PageSettings, roomy: boolean): Drawer | undefined {
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

  const act = <T,>(work: Promise<T>) => work.catch(() => undefined);
  const toggle = () => {
    collapsed = !collapsed;
    // The background remembers it for this site; the page keeps its own state meanwhile.
    void act(send({ type: 'page/collapse', collapsed }));
    paint();
  };
  const callbacks = {
    onRetry: (_source: string, view: ProspectView) => act(send({ type: 'lookup', keys: [view.detectedKey], refresh: true })),
    onChooseMatch: (detectedKey: string, chosenKey: string) => act(send({ type: 'match/choose', detectedKey, chosenKey })),
    onAddToStore: (view: ProspectView) => act(send({ type: 'prospect/add', candidate: candidateFromView(view) })),
    onLog: (view: ProspectView, actionType: ProspectView['actions'][number]['type']) =>
      act(send({ type: 'popup/open', prospectKey: view.key, actionType })),
    onMute: (key: string) => act(send({ type: 'ignore/add', entry: key })),
    onUnmute: (key: string) => act(send({ type: 'ignore/remove', entry: key })),
    onUnlink: (detectedKey: string) => act(send({ type: 'match/forget', detectedKey })),
    onRetryAction: (id: string) => act(send({ type: 'action/retry', id })),
  };

  function paint() {
    if (!ctx.isValid) return;
    const { views, loading } = last;
    // Nothing to show and nothing on its way: stay out of the page entirely.
    const hidden = views.length === 0 && !loading;
    host.hidden = hidden;
    room?.want(!hidden && !collapsed);
    render(
      hidden ? null : (
        <Sidebar
          views={views}
          loading={loading}
          offline={!navigator.onLine}
          collapsed={collapsed}
          onToggleCollapsed={toggle}
          theme={settings.theme}
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
  drawer.toggle = toggle;
  return drawer;
}
