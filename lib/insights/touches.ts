/**
 * First and last marketing touch: which campaign (or, lacking one, which source channel) first
 * reached a person and which reached them last. Pure, for the feedback page and the card.
 *
 * A touch is an event the person made — not a send, bounce, unsubscribe, score or stage change —
 * that names a campaign or a channel, and that does not look machine-made (lib/insights/automatic.ts:
 * a proxy's open is no touch). Its label is the campaign, else the channel.
 */
import type { EngagementEvent, EngagementType } from '../model/engagement';
import { automaticEvents } from './automatic';

const NOT_A_TOUCH: ReadonlySet<EngagementType> = new Set(['email_sent', 'email_bounce', 'unsubscribe', 'score_change', 'stage_change']);

export interface Touch {
  /** The campaign, else the channel. */
  label: string;
  /** Whether the label is a campaign (true) or only the channel it came through. */
  isCampaign: boolean;
  occurredAt: string;
  type: EngagementType;
  channel?: string;
}

export interface Touches {
  first?: Touch;
  last?: Touch;
}

/**
 * The first and last touch among `events` (any order) that happened at or before `until` (an ISO
 * time; the feedback's, so touches after sales took the lead are not marketing's). Pass the events
 * you have: the oldest ones decide the first touch.
 */
export function touchesOf(events: readonly EngagementEvent[], until?: string): Touches {
  const limit = until ? Date.parse(until) : Infinity;
  const automatic = automaticEvents(events);
  let first: EngagementEvent | undefined;
  let last: EngagementEvent | undefined;
  for (const e of events) {
    if (NOT_A_TOUCH.has(e.type) || automatic.has(e.id) || !(e.campaign || e.channel)) continue;
    const at = Date.parse(e.occurredAt);
    if (at > limit) continue;
    if (!first || at < Date.parse(first.occurredAt)) first = e;
    if (!last || at >= Date.parse(last.occurredAt)) last = e;
  }
  return { ...(first && { first: touchOf(first) }), ...(last && { last: touchOf(last) }) };
}

function touchOf(e: EngagementEvent): Touch {
  return {
    label: (e.campaign || e.channel)!,
    isCampaign: !!e.campaign,
    occurredAt: e.occurredAt,
    type: e.type,
    ...(e.channel && { channel: e.channel }),
  };
}
