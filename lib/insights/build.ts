/**
 * Everything a card shows about engagement, from the prospect, its daily summary and its latest
 * events. Pure: the time is the `now` parameter, so the same input gives the same card.
 */
import { plural, t } from '../i18n';
import type { EngagementEvent } from '../model/engagement';
import type { Prospect } from '../model/prospect';
import type { Deal, Insights } from '../model/view';
import type { DailySummary } from '../store/summary';
import { agedDays, countsWithin, dailySeries } from './days';
import { heatOf } from './heat';
import { journeyOf } from './journey';

export interface InsightInput {
  prospect?: Pick<Prospect, 'lifecycleStage' | 'leadScore'>;
  summary?: DailySummary;
  /** The latest events, newest first (the card's 20 are enough: they only name pages and forms). */
  events: readonly EngagementEvent[];
  /** All-time totals a CRM gives as properties (HubSpot), passed through for the card's label. */
  allTime?: Insights['allTime'];
  /** Open deals in the CRMs: a person with one is in the decision stage, and the heat reasons say so. */
  deals?: readonly Pick<Deal, 'name' | 'stage'>[];
  now: number;
}

export function buildInsights({ prospect, summary, events, allTime, deals = [], now }: InsightInput): Insights {
  const days = agedDays(summary, now);
  const heat = heatOf(summary, events, now, days);
  const reasons = deals.length > 0 ? [dealReason(deals), ...heat.reasons] : heat.reasons;
  const touched = lastTouch(summary, events);
  return {
    ...(prospect?.lifecycleStage && { lifecycleStage: prospect.lifecycleStage }),
    ...(prospect?.leadScore !== undefined && { leadScore: prospect.leadScore }),
    ...(touched && { lastTouch: touched }),
    heat: heat.heat,
    heatScore: heat.score,
    heatReasons: reasons,
    journey: journeyOf(prospect?.lifecycleStage, summary, events, now, deals.length > 0, days),
    counts30: countsWithin(days, 30),
    counts90: countsWithin(days, 90),
    series90: dailySeries(days, 90),
    ...(allTime && { allTime }),
  };
}

function lastTouch(summary: DailySummary | undefined, events: readonly EngagementEvent[]): string | undefined {
  const newestEvent = events.reduce<string | undefined>((max, e) => (!max || e.occurredAt > max ? e.occurredAt : max), undefined);
  if (!summary?.lastTouch) return newestEvent;
  return newestEvent && newestEvent > summary.lastTouch ? newestEvent : summary.lastTouch;
}

/** "open deal: Contoso — 200 seats (Proposal)", or "2 open deals". */
function dealReason(deals: readonly Pick<Deal, 'name' | 'stage'>[]): string {
  if (deals.length > 1) return plural('reason_deals', deals.length);
  const [deal] = deals;
  const open = deal?.name ? t('reason_dealNamed', deal.name) : t('reason_deal');
  return deal?.stage ? `${open} (${deal.stage})` : open;
}
