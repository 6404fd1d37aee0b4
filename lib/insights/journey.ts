/**
 * Journey stage: where the person is in their buying journey, from what they did in the last 90 days.
 * The first rule that applies wins:
 *   decision      1. lifecycle stage `opportunity`, or an open deal in a CRM;
 *                 2. viewed a buying page (/pricing, /plans, /demo, /contact-sales, /quote, /trial, /buy);
 *                 3. submitted a form, replied or asked for a meeting about a demo, quote, trial, pricing
 *                    or a sales contact.
 *   consideration 4. attended or registered for a webinar, attended an event, downloaded content,
 *                    replied to an email, or submitted any other form;
 *                 5. clicked emails repeatedly (2 or more clicks).
 *   awareness     6. everything else, including no activity at all.
 * Lifecycle stages other than `opportunity` do not decide the stage: a sales-qualified lead has been
 * accepted by sales, which says what the team thinks, not what the buyer is doing.
 */
import type { EngagementEvent, EngagementType } from '../model/engagement';
import type { JourneyStage } from '../model/view';
import type { DailySummary } from '../store/summary';
import { agedDays, countsWithin, eventAge } from './days';
import { isDecisionPage, isDecisionRequest } from './intent';

const WINDOW_DAYS = 90;
const CONSIDERATION_TYPES: EngagementType[] = ['webinar_registered', 'webinar_attended', 'event_attended', 'content_download', 'email_reply', 'form_submit'];
const REPEATED_CLICKS = 2;

export function journeyOf(
  lifecycleStage: string | undefined,
  summary: DailySummary | undefined,
  events: readonly EngagementEvent[],
  now: number,
  openDeal = false,
  days = agedDays(summary, now),
): JourneyStage {
  if (openDeal || lifecycleStage?.toLowerCase() === 'opportunity') return 'decision';
  const recent = events.filter((e) => eventAge(e.occurredAt, now) < WINDOW_DAYS);
  if (recent.some((e) => isDecisionPage(e) || isDecisionRequest(e))) return 'decision';
  const counts = countsWithin(days, WINDOW_DAYS);
  if (CONSIDERATION_TYPES.some((type) => (counts[type] ?? 0) > 0)) return 'consideration';
  if ((counts.email_click ?? 0) >= REPEATED_CLICKS) return 'consideration';
  return 'awareness';
}
