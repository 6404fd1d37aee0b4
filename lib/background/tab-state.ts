/**
 * Per-tab detections: stored (they survive a worker restart), painted on the badge, and pushed to
 * the tab's sidebar and to extension pages (side panel, popup) when they change.
 */
import { browser } from 'wxt/browser';
import { clock } from '../clock';
import type { Push } from '../model/messages';
import type { Candidate } from '../model/prospect';
import type { ProspectView, TabState } from '../model/view';
import { siteOf } from '../sites';
import { countInState } from '../store/outbox';
import { allTabs, saveTab } from '../store/tabs';
import { paintBadge } from './badge';

export interface TabDetection {
  tabId: number;
  url: string;
  candidates: Candidate[];
  selfAddresses: string[];
}

export async function storeTabViews(detection: TabDetection, views: ProspectView[]): Promise<TabState> {
  const state: TabState = { ...detection, site: siteOf(detection.url), detectedAt: clock.iso(), views };
  await saveTab(state);
  await paintBadge(detection.tabId, views, await countInState('dead'));
  return state;
}

/** Tells extension pages; nobody listening is normal (no side panel open). */
export function broadcast(push: Push): void {
  browser.runtime.sendMessage(push).catch(() => undefined);
}

export function pushToTab(tabId: number, push: Push): void {
  browser.tabs.sendMessage(tabId, push).catch(() => undefined);
}

export async function publishTab(state: TabState): Promise<void> {
  pushToTab(state.tabId, { type: 'push/views', views: state.views });
  broadcast({ type: 'push/tab-updated', tabId: state.tabId });
}

/** Repaints every tab's badge (a dead action appeared or went away). */
export async function repaintBadges(): Promise<void> {
  const dead = await countInState('dead');
  for (const tab of await allTabs()) await paintBadge(tab.tabId, tab.views, dead);
}
