/**
 * What each tab showed last. Kept in IndexedDB rather than worker memory so the side panel and
 * popup still see a tab's prospects after the worker was stopped and restarted.
 */
import type { TabState } from '../model/view';
import { db } from './db';

export async function saveTab(state: TabState): Promise<void> {
  await (await db()).put('tabs', state);
}

export async function getTab(tabId: number): Promise<TabState | undefined> {
  return (await db()).get('tabs', tabId);
}

export async function forgetTab(tabId: number): Promise<void> {
  await (await db()).delete('tabs', tabId);
}

export async function allTabs(): Promise<TabState[]> {
  return (await db()).getAll('tabs');
}
