/**
 * The browser's own surfaces: the side panel (Chrome `sidePanel`, Firefox `sidebarAction`), the popup
 * opened as a small window, and the context menu. The browser differences live in lib/platform.ts.
 */
import { browser } from 'wxt/browser';
import type { ActionType } from '../model/action';
import { openPanel, setTabPanel } from '../platform';

export const CONTEXT_MENU_ID = 'prospect-lens-lookup';

export function panelPath(tabId: number): `sidepanel.html?tab=${number}` {
  return `sidepanel.html?tab=${tabId}`;
}

/** Points the tab's side panel at that tab's prospects, so each tab's panel follows its own page. */
export function setPanelForTab(tabId: number): Promise<void> {
  return setTabPanel(tabId, panelPath(tabId)).then(() => undefined);
}

/**
 * Opens the panel for a tab. Must be called synchronously inside a user gesture handler (context
 * menu click, command): the path is set and `open` called in the same turn, without awaiting between.
 */
export function openSidePanelInGesture(tabId: number | undefined): Promise<boolean> {
  if (tabId === undefined) return Promise.resolve(false);
  const path = setPanelForTab(tabId);
  return Promise.all([path, openPanel(tabId)]).then(([, opened]) => opened);
}

export async function openPopupWindow(tabId: number | undefined, prospectKey: string, type?: ActionType): Promise<boolean> {
  const params = new URLSearchParams({ prospect: prospectKey });
  if (tabId !== undefined) params.set('tab', String(tabId));
  if (type) params.set('type', type);
  try {
    await browser.windows.create({ url: browser.runtime.getURL(`/popup.html?${params}`), type: 'popup', width: 400, height: 640 });
    return true;
  } catch {
    return false;
  }
}

export function createContextMenu(title: string): void {
  browser.contextMenus.removeAll().then(() =>
    browser.contextMenus.create({
      id: CONTEXT_MENU_ID,
      title,
      contexts: ['selection', 'link'],
    }),
  ).catch(() => undefined);
}
