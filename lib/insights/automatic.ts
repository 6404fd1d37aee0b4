/**
 * Honest signals: which opens and clicks a machine probably made. Privacy proxies (Apple Mail Privacy
 * Protection, corporate gateways) fetch an email's images when it is delivered, which records an open;
 * link scanners follow every link of a new email within seconds, which records clicks. Both inflate
 * heat with interest nobody showed, so heat discounts them (lib/insights/heat.ts).
 *
 * The rules, on one person's events (heat passes the card's latest events: no extra reads):
 *  - "the same email": events with the same `campaign` and the same `title` (both absent counts as
 *    equal). Its delivery is the latest `email_sent` of that email at or before the event.
 *  - open-on-delivery: an `email_open` 0–2 minutes after its delivery.
 *  - prefetched open (Mail Privacy Protection-like): an `email_open` more than 2 and at most 10 minutes
 *    after its delivery, with no human signal from the person at or after it (a click not judged
 *    automatic, a reply, a page view, a form, a download, a webinar, an event, an ad click, social).
 *  - scanner burst: `email_click`s chained by gaps of at most 5 seconds that name at least 2 different
 *    URLs; every click of such a chain.
 *  - click-on-delivery: an `email_click` 0–2 minutes after its delivery, unless a person opened that
 *    email at or before the click (an open that is not itself an open-on-delivery: in practice a reader
 *    of an earlier send of the same email, since any open in those 2 minutes is judged a proxy's).
 * A click with no open at all is not enough by itself: readers who block images click without an open.
 * An open or click with no send to compare to (most CRM data) is never judged automatic.
 */
import { plural, semicolonList, t } from '../i18n';
import type { EngagementEvent, EngagementType } from '../model/engagement';

export const DELIVERY_WINDOW_MS = 2 * 60_000;
export const PREFETCH_WINDOW_MS = 10 * 60_000;
export const BURST_GAP_MS = 5_000;

export type AutomaticRule = 'open-on-delivery' | 'prefetched-open' | 'scanner-burst' | 'click-on-delivery';

/** Types that only a person makes: any of them at or after an open says someone was there. */
const HUMAN: ReadonlySet<EngagementType> = new Set([
  'email_click',
  'email_reply',
  'page_view',
  'form_submit',
  'content_download',
  'webinar_registered',
  'webinar_attended',
  'event_attended',
  'ad_click',
  'social',
]);

const messageOf = (e: EngagementEvent) => `${e.campaign ?? ''}\u0000${e.title ?? ''}`;
const timeOf = (e: EngagementEvent) => Date.parse(e.occurredAt);

/** Event id → the rule that judged it automatic. Events not in the map look human (or cannot be told). */
export function automaticEvents(events: readonly EngagementEvent[]): Map<string, AutomaticRule> {
  const out = new Map<string, AutomaticRule>();
  const sends = new Map<string, number[]>();
  for (const e of events) {
    if (e.type !== 'email_sent') continue;
    const times = sends.get(messageOf(e)) ?? [];
    times.push(timeOf(e));
    sends.set(messageOf(e), times);
  }
  /** Milliseconds since the email's delivery, or undefined when no send precedes the event. */
  const sinceDelivery = (e: EngagementEvent): number | undefined => {
    const at = timeOf(e);
    const before = (sends.get(messageOf(e)) ?? []).filter((t) => t <= at);
    return before.length ? at - Math.max(...before) : undefined;
  };

  const opens = events.filter((e) => e.type === 'email_open');
  const clicks = events.filter((e) => e.type === 'email_click').sort((a, b) => timeOf(a) - timeOf(b));

  for (const open of opens) {
    const since = sinceDelivery(open);
    if (since !== undefined && since <= DELIVERY_WINDOW_MS) out.set(open.id, 'open-on-delivery');
  }

  // Scanner bursts: chains of clicks a few seconds apart that follow several different links.
  let chain: EngagementEvent[] = [];
  const closeChain = () => {
    if (new Set(chain.map((c) => c.url).filter(Boolean)).size >= 2) for (const c of chain) out.set(c.id, 'scanner-burst');
    chain = [];
  };
  for (const click of clicks) {
    const last = chain[chain.length - 1];
    if (last && timeOf(click) - timeOf(last) > BURST_GAP_MS) closeChain();
    chain.push(click);
  }
  closeChain();

  for (const click of clicks) {
    if (out.has(click.id)) continue;
    const since = sinceDelivery(click);
    if (since === undefined || since > DELIVERY_WINDOW_MS) continue;
    const readBefore = opens.some((o) => messageOf(o) === messageOf(click) && timeOf(o) <= timeOf(click) && !out.has(o.id));
    if (!readBefore) out.set(click.id, 'click-on-delivery');
  }

  // Prefetched opens need the clicks judged first: a scanner's click is no sign of a person.
  const humanTimes = events.filter((e) => HUMAN.has(e.type) && !out.has(e.id)).map(timeOf);
  for (const open of opens) {
    if (out.has(open.id)) continue;
    const since = sinceDelivery(open);
    if (since === undefined || since > PREFETCH_WINDOW_MS) continue;
    if (!humanTimes.some((t) => t >= timeOf(open))) out.set(open.id, 'prefetched-open');
  }
  return out;
}

/** The rule in words, from public/_locales (`automatic_rule_open_on_delivery`…). */
const explanation = (rule: AutomaticRule) => t(`automatic_rule_${rule.replace(/-/g, '_') as 'open_on_delivery'}`);

/** "3 opens look automatic (opened within 2 minutes of delivery)", or undefined when none do. */
export function automaticReason(judged: readonly { type: EngagementType; rule: AutomaticRule }[]): string | undefined {
  if (judged.length === 0) return undefined;
  const opens = judged.filter((j) => j.type === 'email_open').length;
  const clicks = judged.length - opens;
  const what =
    opens && clicks
      ? t('automatic_both', plural('automatic_opens', opens), plural('automatic_clicks', clicks))
      : opens
        ? plural('automatic_opens', opens)
        : plural('automatic_clicks', clicks);
  const rules = [...new Set(judged.map((j) => j.rule))].map(explanation);
  return plural('automatic_reason', judged.length, what, semicolonList(rules));
}
