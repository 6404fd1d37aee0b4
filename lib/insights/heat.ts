/**
 * Heat: how warm a person is right now, from what they did and how recently.
 *
 * Each event adds its type's weight, halved for every 14 days of age (exponential decay), so a
 * webinar attended yesterday counts almost fully and one attended three months ago barely at all.
 * A view of a buying page (/pricing, /demo…) adds a bonus on top of the page view. The sum maps to
 * 0–100 by `100 × (1 − e^(−sum / 12))`: it rises quickly at first and never exceeds 100.
 *   hot  ≥ 60 — about two recent clicks, two pricing views and a webinar
 *   warm ≥ 25 — a few recent opens and a click, or one form submitted a few weeks ago
 *   cold  < 25
 * The reasons are the two groups of activity that contributed most, in words, for the last 30 days.
 *
 * Opens and clicks that look machine-made (lib/insights/automatic.ts: privacy proxies opening on
 * delivery, link scanners) count for nothing: their weight comes off the summary's total, their
 * number off the counts in the reasons, and when any fall in the last 30 days the second reason
 * says so ("3 opens look automatic (opened within 2 minutes of delivery)"). Only the latest events
 * can be judged (they carry times; the summary has days), which is what the card already reads.
 */
import { type MessageKey, plural, type PluralKey, t } from '../i18n';
import type { EngagementEvent, EngagementType } from '../model/engagement';
import type { Heat } from '../model/view';
import type { DailySummary } from '../store/summary';
import { type AutomaticRule, automaticEvents, automaticReason } from './automatic';
import { type AgedDay, agedDays, agoInWords, countsWithin, eachCount, eventAge, latestAge, localAge } from './days';
import { isDecisionPage, pathOf } from './intent';

export const HALF_LIFE_DAYS = 14;
/** Older activity is ignored: at 365 days the decay factor is below 0.0001. */
const HORIZON_DAYS = 365;
const SCALE = 12;
export const HOT_AT = 60;
export const WARM_AT = 25;
const DECISION_PAGE_BONUS = 3;

/** How much one event of each type says about interest. Sends, bounces and bookkeeping say nothing. */
export const WEIGHTS: Record<EngagementType, number> = {
  email_sent: 0,
  email_open: 1,
  email_click: 3,
  email_reply: 6,
  email_bounce: 0,
  unsubscribe: 0,
  page_view: 1.5,
  form_submit: 8,
  content_download: 5,
  webinar_registered: 3,
  webinar_attended: 8,
  event_attended: 8,
  ad_click: 2,
  social: 1,
  score_change: 0,
  stage_change: 0,
  other: 0.5,
};

export interface HeatResult {
  heat: Heat;
  score: number;
  reasons: string[];
}

const decay = (age: number) => 0.5 ** (age / HALF_LIFE_DAYS);

/** `days`: the summary's days with their ages, when the caller has them already (buildInsights). */
export function heatOf(summary: DailySummary | undefined, events: readonly EngagementEvent[], now: number, days: readonly AgedDay[] = agedDays(summary, now)): HeatResult {
  const byType = new Map<EngagementType, number>();
  for (const { age, counts } of days) {
    if (age >= HORIZON_DAYS) continue;
    // A busy person's year is ~3,650 counts: the decay once per day, and no entry arrays (days.ts, `eachCount`).
    const factor = decay(age);
    eachCount(counts, (type, n) => byType.set(type, (byType.get(type) ?? 0) + n * WEIGHTS[type] * factor));
  }
  // Machine-made opens and clicks are in the summary too: take their weight back out.
  const rules = summary ? automaticEvents(events) : new Map<string, AutomaticRule>();
  const automatic = events.filter((e) => rules.has(e.id)).map((e) => ({ type: e.type, rule: rules.get(e.id)!, age: eventAge(e.occurredAt, now) }));
  for (const { type, age } of automatic) {
    if (age < HORIZON_DAYS) byType.set(type, Math.max(0, (byType.get(type) ?? 0) - WEIGHTS[type] * decay(age)));
  }
  const countsMemo = new Map<number, Partial<Record<EngagementType, number>>>();
  const counts: Counts = (within) => {
    let out = countsMemo.get(within);
    if (!out) {
      out = countsWithin(days, within);
      for (const { type, age } of automatic) if (age < within && out[type]) out[type] = out[type] - 1;
      countsMemo.set(within, out);
    }
    return out;
  };

  const pageBonus = events.filter(isDecisionPage).reduce((sum, e) => sum + DECISION_PAGE_BONUS * decay(eventAge(e.occurredAt, now)), 0);
  if (pageBonus > 0) byType.set('page_view', (byType.get('page_view') ?? 0) + pageBonus);

  // Rounding: a discount may leave a few 1e-16 behind.
  const sum = Math.max(0, [...byType.values()].reduce((a, b) => a + b, 0));
  const score = Math.round(100 * (1 - Math.exp(-sum / SCALE)));
  const heat: Heat = score >= HOT_AT ? 'hot' : score >= WARM_AT ? 'warm' : 'cold';

  // The two biggest contributions that can be put in words; the rest are not worded at all.
  const reasons: string[] = [];
  const ranked = [...byType.entries()].filter(([, contribution]) => contribution > 1e-9).sort(([, a], [, b]) => b - a);
  for (const [type] of ranked) {
    const reason = reasonFor(type, counts, days, events, now);
    if (reason !== undefined) reasons.push(reason);
    if (reasons.length === 2) break;
  }
  // The card shows two reasons: a discount takes the second place, so the rep sees it.
  const discounted = automaticReason(automatic.filter((a) => a.age < 30));
  if (discounted) reasons.splice(1, reasons.length, discounted);
  if (reasons.length === 0) reasons.push(quietReason(summary, now));
  return { heat, score, reasons };
}

/**
 * A count in words: over the last 7 days when that holds the activity (or at least two of it),
 * else over 30 — "clicked 3 emails in 7 days", "opened 4 emails in 30 days".
 */
type Counts = (days: number) => Partial<Record<EngagementType, number>>;

function counted(type: EngagementType, counts: Counts, key: CountedReason): string | undefined {
  const week = counts(7)[type] ?? 0;
  const month = counts(30)[type] ?? 0;
  if (month === 0) return undefined;
  const [n, days] = week >= 2 || week === month ? [week, 7] : [month, 30];
  return plural(key, n, days);
}

/** The reasons in words come from public/_locales (docs/architecture.md, "Languages"): the background builds them in the UI language. */
type CountedReason = Extract<PluralKey, `reason_${string}`>;
type LatestReason = Extract<MessageKey, `reason_${string}`>;

/**
 * "replied to an email yesterday": the day is the rep's local day of the latest such event (days.ts).
 * The latest events carry the time; when the newest of this type is not among them (its UTC day is
 * not the summary's latest for the type), the UTC day's age stands, at most a day off.
 */
function latest(type: EngagementType, days: readonly AgedDay[], events: readonly EngagementEvent[], now: number, key: LatestReason): string | undefined {
  const age = latestAge(days, type, 30);
  if (age === undefined) return undefined;
  let newest: EngagementEvent | undefined;
  for (const e of events) if (e.type === type && (!newest || Date.parse(e.occurredAt) > Date.parse(newest.occurredAt))) newest = e;
  return t(key, agoInWords(newest && eventAge(newest.occurredAt, now) === age ? localAge(newest.occurredAt, now) : age));
}

function reasonFor(type: EngagementType, counts: Counts, days: readonly AgedDay[], events: readonly EngagementEvent[], now: number): string | undefined {
  switch (type) {
    case 'email_click':
      return counted(type, counts, 'reason_emailClicks');
    case 'email_open':
      return counted(type, counts, 'reason_emailOpens');
    case 'ad_click':
      return counted(type, counts, 'reason_adClicks');
    case 'social':
      return counted(type, counts, 'reason_social');
    case 'page_view':
      return pageReason(counts, events, now);
    case 'email_reply':
      return latest(type, days, events, now, 'reason_emailReply');
    case 'form_submit':
      return latest(type, days, events, now, 'reason_formSubmit');
    case 'content_download':
      return latest(type, days, events, now, 'reason_contentDownload');
    case 'webinar_registered':
      return latest(type, days, events, now, 'reason_webinarRegistered');
    case 'webinar_attended':
      return latest(type, days, events, now, 'reason_webinarAttended');
    case 'event_attended':
      return latest(type, days, events, now, 'reason_eventAttended');
    default:
      return undefined;
  }
}

/**
 * "viewed /pricing twice" when the latest events name the page (a buying page first, else one seen
 * more than once); otherwise the count: "viewed 4 pages in 7 days".
 */
function pageReason(counts: Counts, events: readonly EngagementEvent[], now: number): string | undefined {
  const views = new Map<string, { n: number; decision: boolean }>();
  for (const event of events) {
    if (event.type !== 'page_view' || eventAge(event.occurredAt, now) >= 30) continue;
    const page = pathOf(event) ?? event.title;
    if (!page) continue;
    const seen = views.get(page) ?? { n: 0, decision: isDecisionPage(event) };
    seen.n++;
    views.set(page, seen);
  }
  const best = [...views.entries()].sort(([, a], [, b]) => Number(b.decision) - Number(a.decision) || b.n - a.n)[0];
  if (best && (best[1].decision || best[1].n > 1)) {
    const [page, { n }] = best;
    return n === 2 ? t('reason_viewedPageTwice', page) : plural('reason_viewedPage', n, page);
  }
  return counted('page_view', counts, 'reason_pageViews');
}

function quietReason(summary: DailySummary | undefined, now: number): string {
  if (!summary?.lastTouch) return t('reason_noEngagement');
  return t('reason_quiet', agoInWords(localAge(summary.lastTouch, now)));
}
