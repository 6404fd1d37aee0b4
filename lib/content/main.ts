/**
 * The content script's work on a page, shared by each site's script (entrypoints/content-gmail,
 * content-outlook, content-linkedin): detect who the page shows, ask the background for their cards,
 * and have the sidebar drawn (webmail; LinkedIn only when opted in). Each site's script carries only its
 * own adapter, so a Gmail tab pays for no Outlook or LinkedIn markup reader (docs/architecture.md, "What
 * the content script carries"). The sidebar itself is another script (entrypoints/content-sidebar),
 * loaded when someone is found.
 */
import { browser } from 'wxt/browser';
import type { EmailLogger } from '@/lib/content/log-email';
import { releaseLeftoverRoom } from '@/lib/content/make-room';
import { removeSidebarHosts } from '@/lib/content/shadow-host';
import { startPageContext, type PageContext } from '@/lib/content/page-context';
import { createSession } from '@/lib/content/session';
import { lazyDrawer, loadSidebar } from '@/lib/content/sidebar-loader';
import { watchLocation } from '@/lib/detect/location';
import { observationRoot, watchPage } from '@/lib/detect/observer';
import type { Detection } from '@/lib/detect/scan';
import { refusedAsSent } from '@/lib/errors';
import { send, type PageSettings } from '@/lib/messaging';
import type { Push } from '@/lib/model/messages';
import { siteOf, type SiteId } from '@/lib/sites';

type Send = typeof send;

/** How often the URL is compared, for pushState where the browser has no Navigation API. */
const LOCATION_POLL_MS = 1_000;

/**
 * The waits before asking the background again for this page's settings. The first request can go
 * unanswered while the background starts or stops (Firefox unloads an idle event page, Chrome an idle
 * service worker); without settings the script does nothing on this page until it is reloaded.
 */
const SETTINGS_RETRY_MS = [500, 2_000, 5_000];

/** What a site's script brings: its detection, and for webmail the reader of "Log this email". */
export interface SiteScript {
  site: SiteId;
  detect: (document: Document, url: string) => Detection;
  logger?: (document: Document, send: Send) => EmailLogger;
}

/**
 * Runs a site's content script on this page. Not awaited by the caller: `scripting.executeScript`
 * (install, a site switched on) must not wait for the page.
 */
export async function runContentScript({ site, detect, logger: makeLogger }: SiteScript): Promise<void> {
  // The match patterns are wider than the pages served on LinkedIn's subdomains (lib/sites.ts).
  if (siteOf(location.href) !== site) return;
  // A copy from before an update may have left its sidebar and the room it took: Firefox ends a content
  // script's sandbox on an update without its clean-up, so they stayed, dead, on pages nobody is on.
  removeSidebarHosts(document);
  releaseLeftoverRoom(document);
  const ctx = startPageContext();
  const settings = await pageSettings(ctx);
  if (!settings?.enabled || !ctx.isValid) return ctx.stop('Not on for this site');
  // The sidebar script comes when someone is found (lib/content/sidebar-loader.ts); until then, nothing
  // of it is in the page. `roomy`: webmail narrows itself beside the unfolded sidebar; LinkedIn does not.
  // "Log this email" reads the open message from webmail's markup; LinkedIn has no message to log.
  const logger = makeLogger?.(document, send);
  const draw = settings.overlay
    ? lazyDrawer(() => loadSidebar(send), (mount) => mount(ctx, settings, site !== 'linkedin', send, logger), () => ctx.isValid)
    : undefined;

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
    if (push?.type === 'push/log-email') draw?.logEmail();
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

/** This page's settings, asked again after a failure that was not a refusal; null when none came. */
async function pageSettings(ctx: PageContext): Promise<PageSettings | null> {
  for (const wait of [...SETTINGS_RETRY_MS, undefined]) {
    try {
      return await send({ type: 'page/settings' });
    } catch (error) {
      if (wait === undefined || refusedAsSent(error)) return null;
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (!ctx.isValid) return null;
    }
  }
  return null;
}
