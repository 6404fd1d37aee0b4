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
import { SITE_IDS, type SiteId, siteOf } from '../sites';
import { getSettings } from '../store/settings';
import type { Caller } from './guard';
import { CONTENT_SIDEBAR_FILE } from './registration';
import type { Handlers } from './router';

type Scripting = Pick<typeof browser.scripting, 'executeScript'>;

/**
 * How a page on `site` is served: at all (`enabled`: the site is on), and with its cards drawn in the
 * page (`overlay`: opt-in on LinkedIn). The one rule, for what `page/settings` answers and for what the
 * background gives a content script already running when the rep changes it.
 */
export function siteServing(settings: Pick<Settings, 'sites'>, site: SiteId): Pick<PageSettings, 'enabled' | 'overlay'> {
  const enabled = settings.sites[site];
  const overlay = site === 'linkedin' ? settings.sites.linkedinOverlay : true;
  return { enabled, overlay: enabled && overlay };
}

export function pageSettingsFor(settings: Settings, site: SiteId, collapsed: boolean): PageSettings {
  const theme = settings.display.theme === 'auto' ? undefined : settings.display.theme;
  return { ...siteServing(settings, site), theme, collapsed };
}

/** The sites switched off: their open tabs show nothing. */
export function sitesOff(settings: Pick<Settings, 'sites'>): SiteId[] {
  return SITE_IDS.filter((site) => !siteServing(settings, site).enabled);
}

/** Whether the page of a tab on `site` is given its cards now; a page of no supported site has no content script. */
export async function pageGetsCards(site: string | null): Promise<boolean> {
  const supported = SITE_IDS.find((id) => id === site);
  return supported !== undefined && siteServing(await getSettings(), supported).overlay;
}

/**
 * How the sender's page is served now (siteServing): a content script keeps running after its site
 * is switched off, until the page reloads. Extension pages are always served.
 */
export async function servingOf(caller: Caller): Promise<Pick<PageSettings, 'enabled' | 'overlay'>> {
  if (caller.kind !== 'content') return { enabled: true, overlay: true };
  return siteServing(await getSettings(), senderSite(caller));
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
