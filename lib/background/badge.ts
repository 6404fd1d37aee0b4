/**
 * The toolbar badge: per tab, how many known prospects it shows, coloured by the hottest; a red "!"
 * instead while any logged action has failed for good.
 */
import { browser } from 'wxt/browser';
import type { Heat, ProspectView } from '../model/view';

const COLOURS: Record<Heat | 'dead', string> = { hot: '#c2410c', warm: '#b45309', cold: '#475569', dead: '#b91c1c' };
const RANK: Record<Heat, number> = { cold: 0, warm: 1, hot: 2 };

export function badgeFor(views: readonly ProspectView[], deadActions: number): { text: string; colour: string } {
  if (deadActions > 0) return { text: '!', colour: COLOURS.dead };
  const known = views.filter((v) => v.known);
  if (known.length === 0) return { text: '', colour: COLOURS.cold };
  const hottest = known.reduce<Heat>((h, v) => (RANK[v.insights.heat] > RANK[h] ? v.insights.heat : h), 'cold');
  return { text: String(Math.min(known.length, 99)), colour: COLOURS[hottest] };
}

export async function paintBadge(tabId: number, views: readonly ProspectView[], deadActions: number): Promise<void> {
  const { text, colour } = badgeFor(views, deadActions);
  try {
    await browser.action.setBadgeText({ tabId, text });
    await browser.action.setBadgeBackgroundColor({ tabId, color: colour });
  } catch {
    // The tab closed meanwhile.
  }
}
