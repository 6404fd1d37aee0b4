/**
 * Where the popup starts: `popup.html?tab=<id>&prospect=<key>&type=<type>` (opened from a card or a
 * test), or plain `popup.html` from the toolbar, which means the active tab.
 */
import { browser } from 'wxt/browser';
import { ACTION_TYPES, type ActionType } from '@/lib/model/action';
import type { MatchCandidate, ProspectView } from '@/lib/model/view';
import { send } from '@/lib/messaging';
import type { ProspectOption } from './FormFields';

export interface PopupParams {
  tabId?: number;
  prospect?: string;
  type?: ActionType;
}

export function readParams(search: string): PopupParams {
  const params = new URLSearchParams(search);
  const tab = Number(params.get('tab'));
  const type = params.get('type') as ActionType | null;
  return {
    tabId: params.has('tab') && Number.isInteger(tab) && tab >= 0 ? tab : undefined,
    prospect: params.get('prospect')?.trim() || undefined,
    type: type && ACTION_TYPES.includes(type) ? type : undefined,
  };
}

export async function activeTabId(): Promise<number | undefined> {
  try {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.id;
  } catch {
    return undefined;
  }
}

/** "Dana Whitfield (dana@acme.com)", or whatever part of that is known. */
export function prospectLabel(p: { key: string; name?: string; email?: string }): string {
  const email = p.email ?? (p.key.includes('@') ? p.key : undefined);
  if (p.name && email) return `${p.name} (${email})`;
  return p.name ?? email ?? p.key;
}

export function viewOption(view: ProspectView): ProspectOption {
  return { key: view.key, label: prospectLabel({ key: view.key, name: view.prospect.name, email: view.prospect.emails[0] }) };
}

export function candidateOption(candidate: MatchCandidate): ProspectOption {
  return { key: candidate.key, label: prospectLabel(candidate) };
}

/**
 * The prospects a tab shows, in the sidebar's card order (the background orders the views: the newest
 * message's sender first, lib/background/ordering.ts), so the popup pre-fills with the first card;
 * none when the tab is unknown or the worker cannot answer.
 */
export async function tabProspects(tabId: number | undefined): Promise<ProspectOption[]> {
  if (tabId === undefined) return [];
  try {
    const state = await send({ type: 'tab/get', tabId });
    return state?.views.map(viewOption) ?? [];
  } catch {
    return [];
  }
}
