/**
 * The browser's own surfaces: the side panel (Chrome `sidePanel`, Firefox `sidebarAction`), the popup
 * opened as a small window, and the context menu. Browser differences for these live here.
 */
import { browser } from 'wxt/browser';
import type { ActionType } from '../model/action';

export const CONTEXT_MENU_ID = 'prospect-lens-lookup';

interface ChromeSidePanel {
  setOptions(options: { tabId?: number; path?: string; enabled?: boolean }): Promise<void>;
  open(options: { tabId?: number; windowId?: number }): Promise<void>;
}
interface FirefoxSidebar {
  open(): Promise<void>;
  setPanel(details: { tabId?: number; panel: string }): Promise<void>;
}

function sidePanelApi(): ChromeSidePanel | undefined {
  return (browser as unknown as { sidePanel?: ChromeSidePanel }).sidePanel;
}
function sidebarApi(): FirefoxSidebar | undefined {
  return (browser as unknown as { sidebarAction?: FirefoxSidebar }).sidebarAction;
}

export function panelPath(tabId: number): `sidepanel.html?tab=${number}` {
  return `sidepanel.html?tab=${tabId}`;
}

/** Points the tab's side panel at that tab's prospects, so each tab's panel follows its own page. */
export function setPanelForTab(tabId: number): Promise<void> {
  const chrome = sidePanelApi();
  if (chrome) return chrome.setOptions({ tabId, path: panelPath(tabId), enabled: true }).catch(() => undefined);
  const firefox = sidebarApi();
  if (firefox) return firefox.setPanel({ tabId, panel: browser.runtime.getURL(`/${panelPath(tabId)}`) }).catch(() => undefined);
  return Promise.resolve();
}

/**
 * Opens the panel for a tab. Must be called synchronously inside a user gesture handler (context
 * menu click, command): the path is set and `open` called in the same turn, without awaiting between.
 */
export function openSidePanelInGesture(tabId: number | undefined): Promise<boolean> {
  if (tabId === undefined) return Promise.resolve(false);
  const path = setPanelForTab(tabId);
  const chrome = sidePanelApi();
  const opened = chrome ? chrome.open({ tabId }) : sidebarApi()?.open();
  return Promise.all([path, opened]).then(
    () => !!opened,
    () => false,
  );
}

/** From a message (no gesture of our own): works when the browser still counts the sender's click. */
export function openSidePanel(tabId: number | undefined): Promise<boolean> {
  return openSidePanelInGesture(tabId);
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
