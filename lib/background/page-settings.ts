/**
 * The requests that serve the content script's page: the few settings it needs and the sidebar being
 * folded (in place of its own storage reads and writes), and the sidebar script, injected when the
 * content script first has someone to show. The site is always the sender's (guard.ts has checked it
 * is a supported one); nothing else in the settings reaches the page.
 */
import { browser } from 'wxt/browser';
import { MessageError, type PageSettings } from '../messaging';
import { t } from '../i18n';
import type { Settings } from '../model/settings';
import { type SiteId, siteOf } from '../sites';
import { getSettings } from '../store/settings';
import type { Caller } from './guard';
import { CONTENT_SIDEBAR_FILE } from './registration';
import type { Handlers } from './router';

type Scripting = Pick<typeof browser.scripting, 'executeScript'>;

export function pageSettingsFor(settings: Settings, site: SiteId, collapsed: boolean): PageSettings {
  const enabled = settings.sites[site];
  const overlay = site === 'linkedin' ? settings.sites.linkedinOverlay : true;
  const theme = settings.display.theme === 'auto' ? undefined : settings.display.theme;
  return { enabled, overlay: enabled && overlay, theme, collapsed };
}

/** The folded state per site; the key existing installs already hold. Only the background writes it now. */
const collapsedKey = (site: SiteId) => `sidebarCollapsed:${site}`;

function senderSite(caller: Caller): SiteId {
  const site = caller.kind === 'content' ? siteOf(caller.url) : null;
  if (!site) throw new MessageError('forbidden', t('bgError_pageSettingsSite'));
  return site;
}

/** What a content script's page settings say about its own site. */
async function settingsOfSender(caller: Caller): Promise<PageSettings> {
  const site = senderSite(caller);
  const stored = await browser.storage.local.get(collapsedKey(site));
  return pageSettingsFor(await getSettings(), site, stored[collapsedKey(site)] === true);
}

/**
 * Injects the sidebar script into the sender's own frame, where the overlay is on; elsewhere there is
 * nothing to draw and nothing is injected. Always the one file of this build: the request names
 * nothing, so a compromised content script can get no other code into any other tab or frame.
 */
export async function injectSidebar(caller: Caller, scripting: Scripting = browser.scripting): Promise<{ injected: boolean }> {
  const { overlay } = await settingsOfSender(caller);
  if (!overlay || caller.tabId === undefined) return { injected: false };
  await scripting.executeScript({ target: { tabId: caller.tabId, frameIds: [caller.frameId ?? 0] }, files: [`/${CONTENT_SIDEBAR_FILE}`] });
  return { injected: true };
}

export const pageSettingsHandlers: Pick<Handlers, 'page/settings' | 'page/collapse' | 'page/sidebar'> = {
  async 'page/settings'(_request, caller) {
    return settingsOfSender(caller);
  },

  async 'page/collapse'(request, caller) {
    const site = senderSite(caller);
    await browser.storage.local.set({ [collapsedKey(site)]: request.collapsed });
    return { collapsed: request.collapsed };
  },

  async 'page/sidebar'(_request, caller) {
    return injectSidebar(caller);
  },
};
