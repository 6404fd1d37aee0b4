/**
 * The few settings a content script needs, read straight from `storage.local` without zod (which
 * stays out of the content script for size). Anything unexpected reads as the default.
 */
import { browser } from 'wxt/browser';
import type { SiteId } from '../sites';

export interface PageSettings {
  enabled: boolean;
  /** Whether the in-page sidebar may be drawn (always on webmail; opt-in on LinkedIn). */
  overlay: boolean;
  theme?: 'light' | 'dark';
}

export function pageSettingsFrom(raw: unknown, site: SiteId): PageSettings {
  const settings = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const sites = settings.sites && typeof settings.sites === 'object' ? (settings.sites as Record<string, unknown>) : {};
  const display = settings.display && typeof settings.display === 'object' ? (settings.display as Record<string, unknown>) : {};
  const enabled = sites[site] !== false;
  const overlay = site === 'linkedin' ? sites.linkedinOverlay === true : true;
  const theme = display.theme === 'light' || display.theme === 'dark' ? display.theme : undefined;
  return { enabled, overlay: enabled && overlay, theme };
}

export async function readPageSettings(site: SiteId): Promise<PageSettings> {
  const stored = await browser.storage.local.get('settings');
  return pageSettingsFrom(stored.settings, site);
}

const collapsedKey = (site: SiteId) => `sidebarCollapsed:${site}`;

export async function readCollapsed(site: SiteId): Promise<boolean> {
  const stored = await browser.storage.local.get(collapsedKey(site));
  return stored[collapsedKey(site)] === true;
}

export async function writeCollapsed(site: SiteId, collapsed: boolean): Promise<void> {
  await browser.storage.local.set({ [collapsedKey(site)]: collapsed });
}
