/**
 * Least privilege for content scripts. A content script speaks for one tab, the sender's (never a
 * tab id it names), and may only ask about, or act on, the people that tab's latest detection
 * found: a hostile page cannot look up someone it does not show, or mute, add or re-route anyone else.
 * Extension pages are trusted and pass unchecked.
 */
import { MessageError } from '../messaging';
import type { Candidate } from '../model/prospect';
import type { TabState } from '../model/view';
import type { Caller } from './guard';
import { t } from '../i18n';

/** The tab a request is about: a content script's own; for an extension page, the one it names. */
export function tabOf(caller: Caller, named?: number): number | undefined {
  return caller.kind === 'content' ? caller.tabId : named;
}

/** Every key a tab's latest detection shows: detected keys and the stored keys they resolved to. */
export function keysIn(tab: TabState | undefined): Set<string> {
  const keys = new Set<string>();
  for (const candidate of tab?.candidates ?? []) keys.add(candidate.key);
  for (const view of tab?.views ?? []) {
    keys.add(view.key);
    keys.add(view.detectedKey);
  }
  return keys;
}

/** Throws unless a content script's every key is shown in its tab. */
export function requireInTab(caller: Caller, tab: TabState | undefined, keys: readonly string[]): void {
  if (caller.kind !== 'content') return;
  const shown = keysIn(tab);
  if (!tab || keys.some((key) => !shown.has(key))) throw new MessageError('forbidden', t('bgError_outOfScope'));
}

/** A content script may link a detected person only to one of the matches its card offered. */
export function requireOfferedMatch(caller: Caller, tab: TabState | undefined, detectedKey: string, chosenKey: string): void {
  if (caller.kind !== 'content') return;
  const view = tab?.views.find((v) => v.detectedKey === detectedKey);
  const offered = view && (view.key === chosenKey || view.alternatives.some((a) => a.key === chosenKey));
  if (!offered) throw new MessageError('forbidden', t('bgError_outOfScope'));
}

/**
 * The candidate to store for "add to my prospects": for a content script, the one its tab detected
 * (what the page said then), never fields the request carries.
 */
export function candidateToAdd(caller: Caller, tab: TabState | undefined, requested: Candidate): Candidate {
  if (caller.kind !== 'content') return requested;
  const detected = tab?.candidates.find((c) => c.key === requested.key);
  if (!detected) throw new MessageError('forbidden', t('bgError_outOfScope'));
  return detected;
}
