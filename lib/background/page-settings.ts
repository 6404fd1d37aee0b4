/**
 * The two requests that replace the content script's own storage reads and writes: it asks for the
 * few settings its page needs and reports the sidebar being folded. The site is always the sender's
 * (guard.ts has checked it is a supported one); nothing else in the settings reaches the page.
 */
import { browser } from 'wxt/browser';
import { MessageError, type PageSettings } from '../messaging';
import type { Settings } from '../model/settings';
import { type SiteId, siteOf } from '../sites';
import { getSettings } from '../store/settings';
import type { Caller } from './guard';
import type { Handlers } from './router';

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
  if (!site) throw new MessageError('forbidden', 'Only a page of a supported site has page settings');
  return site;
}

export const pageSettingsHandlers: Pick<Handlers, 'page/settings' | 'page/collapse'> = {
  async 'page/settings'(_request, caller) {
    const site = senderSite(caller);
    const stored = await browser.storage.local.get(collapsedKey(site));
    return pageSettingsFor(await getSettings(), site, stored[collapsedKey(site)] === true);
  },

  async 'page/collapse'(request, caller) {
    const site = senderSite(caller);
    await browser.storage.local.set({ [collapsedKey(site)]: request.collapsed });
    return { collapsed: request.collapsed };
  },
};
