/**
 * The popup opened as a small window, pre-filled for a person (the sidebar's and side panel's quick
 * actions). Used by the background and by extension pages alike, so it lives outside both.
 */
import { browser } from 'wxt/browser';
import type { ActionType } from './model/action';

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
