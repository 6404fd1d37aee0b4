/**
 * The toolbar badge: per tab, how many known prospects it shows, coloured by the hottest; a red "!"
 * instead while any logged action has failed for good. The button's title says in words what the
 * badge counts (a number alone on LinkedIn's toolbar left reps guessing).
 */
import { browser } from 'wxt/browser';
import { plural, t } from '../i18n';
import { type Heat, hottestHeat, type ProspectView } from '../model/view';

const COLOURS: Record<Heat | 'dead', string> = { hot: '#c2410c', warm: '#b45309', cold: '#475569', dead: '#b91c1c' };

export function badgeFor(views: readonly ProspectView[], deadActions: number): { text: string; colour: string; title: string } {
  if (deadActions > 0) return { text: '!', colour: COLOURS.dead, title: plural('badgeTitleFailed', deadActions) };
  const known = views.filter((v) => v.known);
  const hottest = hottestHeat(known);
  if (!hottest) return { text: '', colour: COLOURS.cold, title: t('badgeTitleNone') };
  const title = plural('badgeTitle', known.length, t(`heat_${hottest}`).toLowerCase());
  return { text: String(Math.min(known.length, 99)), colour: COLOURS[hottest], title };
}

export async function paintBadge(tabId: number, views: readonly ProspectView[], deadActions: number): Promise<void> {
  const { text, colour, title } = badgeFor(views, deadActions);
  try {
    await browser.action.setBadgeText({ tabId, text });
    await browser.action.setBadgeBackgroundColor({ tabId, color: colour });
    await browser.action.setTitle({ tabId, title });
  } catch {
    // The tab closed meanwhile.
  }
}
