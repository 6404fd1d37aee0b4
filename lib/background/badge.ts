/**
 * The toolbar badge: per tab, how many known prospects it shows, coloured by the hottest; a red "!"
 * instead while any logged action has failed for good. The button's title says in words what the
 * badge counts (a number alone on LinkedIn's toolbar left reps guessing).
 */
import { browser } from 'wxt/browser';
import { type Heat, hottestHeat, type ProspectView } from '../model/view';

const COLOURS: Record<Heat | 'dead', string> = { hot: '#c2410c', warm: '#b45309', cold: '#475569', dead: '#b91c1c' };

/** English, for contexts without the i18n API (tests); the browser answers from _locales. */
const TITLES: Record<string, string> = {
  badgeTitleNone: 'Prospect Lens: nobody on this page is in your data yet',
  badgeTitleOne: 'Prospect Lens: 1 person on this page is in your data ($2)',
  badgeTitleMany: 'Prospect Lens: $1 people on this page are in your data (hottest: $2)',
  badgeTitleFailed: 'Prospect Lens: $1 logged action(s) failed to sync — open to retry',
  heat_hot: 'hot',
  heat_warm: 'warm',
  heat_cold: 'cold',
};

function say(key: string, ...substitutions: string[]): string {
  try {
    const message = browser.i18n.getMessage(key as never, substitutions);
    if (message) return message;
  } catch {
    // No i18n API here.
  }
  return (TITLES[key] ?? key).replace(/\$(\d)/g, (_, n: string) => substitutions[Number(n) - 1] ?? '');
}

export function badgeFor(views: readonly ProspectView[], deadActions: number): { text: string; colour: string; title: string } {
  if (deadActions > 0) return { text: '!', colour: COLOURS.dead, title: say('badgeTitleFailed', String(deadActions)) };
  const known = views.filter((v) => v.known);
  const hottest = hottestHeat(known);
  if (!hottest) return { text: '', colour: COLOURS.cold, title: say('badgeTitleNone') };
  const heat = say(`heat_${hottest}`).toLowerCase();
  const title = known.length === 1 ? say('badgeTitleOne', '1', heat) : say('badgeTitleMany', String(known.length), heat);
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
