/**
 * The content script on Gmail, Outlook on the web and LinkedIn: detect who the page shows, ask the
 * background for their cards, and draw the sidebar (webmail; LinkedIn only when opted in). Logic lives
 * in lib/content and lib/detect; this file wires it to the page.
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { candidateFromView } from '@/components/card/candidate';
import { Sidebar } from '@/components/sidebar/Sidebar';
import { sidebarStyles } from '@/components/sidebar/styles';
import { detect } from '@/lib/detect';
import { watchLocation } from '@/lib/detect/location';
import { observationRoot, watchPage } from '@/lib/detect/observer';
import { send } from '@/lib/messaging';
import type { Push } from '@/lib/model/messages';
import { readPageSettings, writeCollapsed } from '@/lib/content/page-settings';
import { createSession, type SessionState } from '@/lib/content/session';
import { siteOf, SUPPORTED_SITE_MATCHES } from '@/lib/sites';
import type { ProspectView } from '@/lib/model/view';

export default defineContentScript({
  matches: [...SUPPORTED_SITE_MATCHES],
  runAt: 'document_idle',
  async main(ctx) {
    const site = siteOf(location.href);
    if (!site) return;
    const settings = await readPageSettings();
    if (!settings.enabled || ctx.isInvalid) return;
    const draw = settings.overlay ? await mountSidebar(ctx, settings.collapsed, settings.theme) : undefined;

    const session = createSession({
      scan: () => detect(document, location.href),
      url: () => location.href,
      report: (url, scan) => send({ type: 'detected', url, candidates: scan.candidates, selfAddresses: scan.selfAddresses }),
      onState: (state) => draw?.(state),
    });

    browser.runtime.onMessage.addListener((message: unknown, sender) => {
      // Pushes come from the background only (no tab); anything else is not ours to answer.
      if (sender.id !== browser.runtime.id || sender.tab || ctx.isInvalid) return undefined;
      const push = message as Push;
      if (push?.type === 'push/tab' && Array.isArray(push.views) && typeof push.revision === 'number') session.receive(push);
      if (push?.type === 'push/toggle-sidebar') draw?.toggle();
      return undefined;
    });

    watchPage({ root: observationRoot(site, document), signal: ctx.signal, onChange: () => void session.rescan() });
    // Gmail's hash navigation is seen at once through these events; WXT's own location event covers the rest.
    const checkLocation = watchLocation({ window, signal: ctx.signal, onChange: () => void session.rescan() });
    ctx.addEventListener(window, 'wxt:locationchange', checkLocation);
    ctx.addEventListener(window, 'online', () => void session.rescan(true));
    void session.rescan();
  },
});

interface Drawer {
  (state: SessionState): void;
  toggle(): void;
}

async function mountSidebar(ctx: ContentScriptContext, folded: boolean, theme?: 'light' | 'dark'): Promise<Drawer> {
  let collapsed = folded;
  let last: SessionState = { views: [], loading: false };
  let container: HTMLElement | undefined;

  const ui = await createShadowRootUi(ctx, {
    name: 'prospect-lens-sidebar',
    position: 'inline',
    anchor: 'body',
    append: 'last',
    mode: 'closed',
    css: sidebarStyles,
    // Keys typed in the sidebar must not reach Gmail's or Outlook's shortcuts.
    isolateEvents: true,
    onMount: (uiContainer) => {
      container = uiContainer;
      return uiContainer;
    },
    onRemove: (mounted) => mounted && render(null, mounted),
  });
  ui.mount();

  const toggle = () => {
    collapsed = !collapsed;
    void writeCollapsed(collapsed);
    paint();
  };
  const act = <T,>(work: Promise<T>) => work.catch(() => undefined);
  const callbacks = {
    onRetry: (_source: string, view: ProspectView) => act(send({ type: 'lookup', keys: [view.detectedKey], refresh: true })),
    onChooseMatch: (detectedKey: string, chosenKey: string) => act(send({ type: 'match/choose', detectedKey, chosenKey })),
    onAddToStore: (view: ProspectView) => act(send({ type: 'prospect/add', candidate: candidateFromView(view) })),
    onLog: (view: ProspectView, actionType: ProspectView['actions'][number]['type']) =>
      act(send({ type: 'popup/open', prospectKey: view.key, actionType })),
    onMute: (key: string) => act(send({ type: 'ignore/add', entry: key })),
    onRetryAction: (id: string) => act(send({ type: 'action/retry', id })),
  };

  function paint() {
    if (!container) return;
    const { views, loading } = last;
    // Nothing to show and nothing on its way: stay out of the page entirely.
    const hidden = views.length === 0 && !loading;
    ui.shadowHost.hidden = hidden;
    render(
      hidden ? null : (
        <Sidebar
          views={views}
          loading={loading}
          offline={!navigator.onLine}
          collapsed={collapsed}
          onToggleCollapsed={toggle}
          theme={theme}
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
