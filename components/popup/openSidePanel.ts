/**
 * Opens the side panel from the popup. Browsers only open panels inside a user gesture, so the
 * direct API call comes first, synchronously in the click handler; the background is told as well,
 * so it can point the panel at this tab (it cannot open it itself once the gesture has passed).
 */
import { browser } from 'wxt/browser';
import { send } from '@/lib/messaging';

interface PanelApis {
  /** Chrome and Edge. */
  sidePanel?: { open(options: { tabId: number }): Promise<void> };
  /** Firefox. */
  sidebarAction?: { open(): Promise<void> };
}

export function openSidePanel(tabId: number | undefined): void {
  const apis = browser as unknown as PanelApis;
  const ignore = () => undefined;
  try {
    if (apis.sidePanel && tabId !== undefined) apis.sidePanel.open({ tabId }).catch(ignore);
    else if (apis.sidebarAction) apis.sidebarAction.open().catch(ignore);
  } catch {
    // Neither API here (or it threw synchronously): the background's answer is all we have.
  }
  send({ type: 'sidepanel/open', tabId }).catch(ignore);
}
