/**
 * The browser's own surfaces: the side panel (Chrome `sidePanel`, Firefox `sidebarAction`), the popup
 * and the context menu. (The popup window: lib/popup-window.ts, which extension pages use too.) The browser differences live in lib/platform.ts.
 */
import { browser } from 'wxt/browser';
import { openPanel, setTabPanel } from '../platform';
import { getSettings, updateSettings } from '../store/settings';
export { openPopupWindow } from '../popup-window';

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
 * Asking counts as having used the panel (`settings.sidePanelUsed`), opened or not: the popup then
 * stops putting its button first.
 */
export function openSidePanelInGesture(tabId: number | undefined): Promise<boolean> {
  const opened = tabId === undefined ? Promise.resolve(false) : Promise.all([setPanelForTab(tabId), openPanel(tabId)]).then(([, open]) => open);
  return Promise.all([opened, rememberSidePanelUsed()]).then(([open]) => open);
}

/** Notes once that the rep has used the side panel; a failed write only means the hint shows again. */
async function rememberSidePanelUsed(): Promise<void> {
  try {
    if ((await getSettings()).sidePanelUsed) return;
    await updateSettings((s) => ({ ...s, sidePanelUsed: true }));
  } catch {
    // The database is unavailable: nothing is lost but the hint.
  }
}

/**
 * The context menu and keyboard commands, where the browser has them. Firefox for Android has neither
 * (nor a sidebar, which lib/platform.ts already allows for): the background runs without them there,
 * and the toolbar popup and the page's own sidebar remain.
 */
export const contextMenusApi = () => (browser as { contextMenus?: typeof browser.contextMenus }).contextMenus;
export const commandsApi = () => (browser as { commands?: typeof browser.commands }).commands;

export function createContextMenu(title: string): void {
  const menus = contextMenusApi();
  if (!menus) return;
  menus.removeAll().then(() =>
    menus.create({
      id: CONTEXT_MENU_ID,
      title,
      contexts: ['selection', 'link'],
    }),
  ).catch(() => undefined);
}
