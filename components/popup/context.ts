/**
 * Where the popup starts: `popup.html?tab=<id>&prospect=<key>&type=<type>` (opened from a card or a
 * test), or plain `popup.html` from the toolbar, which means the active tab.
 */
import { browser } from 'wxt/browser';
import { ACTION_TYPES, type ActionType } from '@/lib/model/action';
import type { MatchCandidate, ProspectView } from '@/lib/model/view';
import { send } from '@/lib/messaging';
import { hasPanel } from '@/lib/platform';
import { getSettings } from '@/lib/settings-client';
import { readableKey } from '../readableKey';
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
  return p.name ?? email ?? readableKey(p.key);
}

export function viewOption(view: ProspectView): ProspectOption {
  return { key: view.key, label: prospectLabel({ key: view.key, name: view.prospect.name, email: view.prospect.emails[0] }) };
}

export function candidateOption(candidate: MatchCandidate): ProspectOption {
  return { key: candidate.key, label: prospectLabel(candidate) };
}

/** What the popup needs to know about its tab: the people it shows and the site it is on. */
export interface TabContext {
  prospects: ProspectOption[];
  site: string | null;
}

/**
 * The prospects a tab shows, in the sidebar's card order (the background orders the views: the newest
 * message's sender first, lib/background/ordering.ts), so the popup pre-fills with the first card;
 * none when the tab is unknown or the worker cannot answer.
 */
export async function tabContext(tabId: number | undefined): Promise<TabContext> {
  if (tabId === undefined) return { prospects: [], site: null };
  try {
    const state = await send({ type: 'tab/get', tabId });
    return { prospects: state?.views.map(viewOption) ?? [], site: state?.site ?? null };
  } catch {
    return { prospects: [], site: null };
  }
}

/**
 * What the popup says about a LinkedIn tab that shows someone, whose cards are not on the page (LinkedIn's
 * in-page sidebar is opt-in):
 * - `'panel-first'`: "Open side panel" comes first, as its primary button, until the rep has used the
 *   panel once (`settings.sidePanelUsed`, set by the background when the panel is asked for);
 * - `'no-panel'`: the browser has no panel to open (Firefox for Android) and the in-page sidebar is off,
 *   so those people are on no surface: the popup points to Options → Sites instead;
 * - `null`: nothing special, on other sites, or when the settings cannot be read.
 */
export type LinkedinHint = 'panel-first' | 'no-panel' | null;

export async function linkedinHint(context: TabContext): Promise<LinkedinHint> {
  if (context.site !== 'linkedin' || context.prospects.length === 0) return null;
  try {
    const settings = await getSettings();
    if (!hasPanel()) return settings.sites.linkedinOverlay ? null : 'no-panel';
    return settings.sidePanelUsed ? null : 'panel-first';
  } catch {
    return null;
  }
}
