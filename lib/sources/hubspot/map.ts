/**
 * HubSpot contact properties and event participations mapped into the model. Contact properties
 * are all-time totals and "last …" dates, not single events: totals go to `allTime`, and each dated
 * property becomes one event whose id includes its date, so the same fact is never stored twice.
 */
import type { EngagementEvent, EngagementType } from '../../model/engagement';
import type { Prospect } from '../../model/prospect';
import type { Insights } from '../../model/view';
import { domainOf, fullName, httpsUrl, int, isoTime, setIf, text } from '../map-util';
import type { CrmObject, Participation } from './raw';

/** The properties a lookup asks for. */
export const CONTACT_PROPERTIES = [
  'email',
  'firstname',
  'lastname',
  'company',
  'jobtitle',
  'lifecyclestage',
  'hs_lead_status',
  'hubspotscore',
  'hubspot_owner_id',
  'hs_linkedin_url',
  'hs_email_open',
  'hs_email_click',
  'hs_email_last_open_date',
  'hs_email_last_click_date',
  'hs_email_last_send_date',
  'hs_email_last_email_name',
  'hs_analytics_num_page_views',
  'hs_analytics_num_visits',
  'hs_analytics_last_visit_timestamp',
  'hs_analytics_last_url',
  'recent_conversion_event_name',
  'recent_conversion_date',
  'num_conversion_events',
  'hs_sales_email_last_replied',
] as const;

type AllTime = NonNullable<Insights['allTime']>;

const ALL_TIME: [keyof AllTime, string][] = [
  ['emailOpens', 'hs_email_open'],
  ['emailClicks', 'hs_email_click'],
  ['pageViews', 'hs_analytics_num_page_views'],
  ['visits', 'hs_analytics_num_visits'],
  ['conversions', 'num_conversion_events'],
];

/** Dated single facts: the date property, the event it is, and where its title and link come from. */
const DATED: { date: string; type: EngagementType; title?: string; url?: string; channel: string }[] = [
  { date: 'recent_conversion_date', type: 'form_submit', title: 'recent_conversion_event_name', channel: 'web' },
  { date: 'hs_email_last_send_date', type: 'email_sent', title: 'hs_email_last_email_name', channel: 'email' },
  { date: 'hs_email_last_open_date', type: 'email_open', title: 'hs_email_last_email_name', channel: 'email' },
  { date: 'hs_email_last_click_date', type: 'email_click', title: 'hs_email_last_email_name', channel: 'email' },
  { date: 'hs_analytics_last_visit_timestamp', type: 'page_view', url: 'hs_analytics_last_url', channel: 'web' },
  { date: 'hs_sales_email_last_replied', type: 'email_reply', channel: 'email' },
];

export interface ContactMapOptions {
  /** HubSpot account id, for a deep link; without it the reference carries no link. */
  portalId?: string;
  /** Owner id → name: the card names the owner; an id it cannot name is not shown. */
  owners?: ReadonlyMap<string, string>;
}

export function contactToProspect(key: string, contact: CrmObject, options: ContactMapOptions = {}): Partial<Prospect> & { key: string } {
  const p = contact.properties;
  const email = text(p.email, 320)?.toLowerCase();
  const leadScore = int(p.hubspotscore);
  const prospect: Partial<Prospect> & { key: string } = {
    key,
    emails: email ? [email] : [],
    refs: [
      {
        source: 'hubspot',
        externalId: contact.id,
        ...(options.portalId ? { url: `https://app.hubspot.com/contacts/${encodeURIComponent(options.portalId)}/record/0-1/${encodeURIComponent(contact.id)}` } : {}),
      },
    ],
  };
  setIf(prospect, 'name', fullName(p.firstname, p.lastname));
  setIf(prospect, 'company', text(p.company, 300));
  setIf(prospect, 'domain', domainOf(email));
  setIf(prospect, 'title', text(p.jobtitle, 300));
  setIf(prospect, 'lifecycleStage', text(p.lifecyclestage, 100)?.toLowerCase());
  setIf(prospect, 'leadScore', leadScore);
  const ownerId = p.hubspot_owner_id?.trim();
  setIf(prospect, 'owner', ownerId ? text(options.owners?.get(ownerId), 200) : undefined);
  setIf(prospect, 'linkedinUrl', text(httpsUrl(p.hs_linkedin_url), 500));
  return prospect;
}

export function contactAllTime(contact: CrmObject): AllTime | undefined {
  const totals: AllTime = {};
  for (const [field, property] of ALL_TIME) {
    const n = int(contact.properties[property]);
    if (n !== undefined && n >= 0) totals[field] = n;
  }
  return Object.keys(totals).length > 0 ? totals : undefined;
}

export function contactEvents(key: string, contact: CrmObject): EngagementEvent[] {
  const events: EngagementEvent[] = [];
  for (const fact of DATED) {
    const occurredAt = isoTime(contact.properties[fact.date]);
    if (!occurredAt) continue;
    const event: EngagementEvent = {
      id: `hubspot:${contact.id}:${fact.date}:${Date.parse(occurredAt)}`,
      prospectKey: key,
      source: 'hubspot',
      type: fact.type,
      occurredAt,
      channel: fact.channel,
    };
    setIf(event, 'title', fact.title ? text(contact.properties[fact.title], 500) : undefined);
    setIf(event, 'url', fact.url ? httpsUrl(contact.properties[fact.url]) : undefined);
    events.push(event);
  }
  return events;
}

/** REGISTERED and NO_SHOW registered; ATTENDED attended; CANCELLED is not engagement. */
const ATTENDANCE: Record<string, EngagementType> = {
  REGISTERED: 'webinar_registered',
  NO_SHOW: 'webinar_registered',
  ATTENDED: 'webinar_attended',
};

export function participationToEvent(key: string, contactId: string, participation: Participation): EngagementEvent | undefined {
  const state = participation.properties.attendanceState.toUpperCase();
  const type = ATTENDANCE[state];
  const occurredAt = isoTime(participation.properties.occurredAt) ?? isoTime(participation.createdAt);
  const marketingEvent = participation.associations.marketingEvent;
  if (!type || !occurredAt || !marketingEvent) return undefined;
  const event: EngagementEvent = {
    // One contact has one state per marketing event; the state is in the id so registering and attending are two events.
    id: `hubspot:mev:${marketingEvent.marketingEventId}:${contactId}:${type}`.slice(0, 200),
    prospectKey: key,
    source: 'hubspot',
    type,
    occurredAt,
    channel: 'webinar',
  };
  setIf(event, 'title', text(marketingEvent.name, 500));
  return event;
}
