/**
 * Salesforce records mapped into the model: a Lead or Contact becomes the prospect, its campaign
 * history becomes marketing engagement events, and its Tasks, Events and the account's open
 * Opportunities are kept beside them as the team's activity and the deals.
 *
 * The activity and the deals go to the view model (`salesActivity`, `deals`): the card shows the
 * activity in its sales lane and the deals in its deal list, like HubSpot's. A Lead's status and
 * rating are the record's `crm`, which every source fills the same way for the card's header. Other Leads and Contacts with the same address are the record's `matches`, which
 * views.ts adds to the card's match picker; each is named by an opaque `matchKey` (a hash of the
 * record's id), so the page the card is drawn in never learns a record id.
 */
import { clock } from '../../clock';
import type { EngagementEvent, EngagementType } from '../../model/engagement';
import type { Prospect } from '../../model/prospect';
import type { Deal, MatchCandidate, SalesActivity } from '../../model/view';
import { domainOf, httpsUrl, isoTime, setIf, text } from '../map-util';
import type { SourceRecord } from '../types';
import type { CampaignMemberRecord, ContactRecord, EventRecord, LeadRecord, OpportunityRecord, TaskRecord } from './raw';

export type Person = ({ kind: 'Lead' } & LeadRecord) | ({ kind: 'Contact' } & ContactRecord);

export interface SalesforceDetails {
  object: 'Lead' | 'Contact';
  id: string;
  accountId?: string;
}

export interface SalesforceRecord extends SourceRecord {
  salesforce: SalesforceDetails;
}

/** Contacts before Leads (a converted person is a Contact), then the most recently changed: a stable default. */
export function orderMatches(people: Person[]): Person[] {
  const rank = (p: Person) => (p.kind === 'Contact' ? 0 : 1);
  return [...people].sort((a, b) => rank(a) - rank(b) || (b.LastModifiedDate ?? '').localeCompare(a.LastModifiedDate ?? '') || a.Id.localeCompare(b.Id));
}

export function recordLink(instanceUrl: string, object: string, id: string): string | undefined {
  return httpsUrl(`${instanceUrl.replace(/\/+$/, '')}/lightning/r/${object}/${encodeURIComponent(id)}/view`);
}

export function personToProspect(key: string, person: Person, instanceUrl: string): Partial<Prospect> & { key: string } {
  const email = text(person.Email, 320)?.toLowerCase();
  const url = recordLink(instanceUrl, person.kind, person.Id);
  const prospect: Partial<Prospect> & { key: string } = {
    key,
    emails: email ? [email] : [],
    refs: [{ source: 'salesforce', externalId: person.Id, ...(url ? { url } : {}) }],
  };
  setIf(prospect, 'name', text(person.Name, 300));
  setIf(prospect, 'title', text(person.Title, 300));
  setIf(prospect, 'company', text(person.kind === 'Lead' ? person.Company : person.Account?.Name, 300));
  setIf(prospect, 'domain', domainOf(email));
  setIf(prospect, 'owner', text(person.Owner?.Name, 200));
  // A Lead's status is where it is in the funnel; a Contact has none of its own.
  setIf(prospect, 'lifecycleStage', person.kind === 'Lead' ? text(person.Status, 100)?.toLowerCase() : undefined);
  return prospect;
}

/** A record's key among several matches: `salesforce:m-` and 16 hex digits of the SHA-256 of its id. */
export async function matchKeyOf(id: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`salesforce-match:${id}`)));
  return `salesforce:m-${[...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function toCandidate(person: Person, key: string): MatchCandidate {
  const candidate: MatchCandidate = { key };
  setIf(candidate, 'name', text(person.Name, 300));
  setIf(candidate, 'company', text(person.kind === 'Lead' ? person.Company : person.Account?.Name, 300));
  setIf(candidate, 'email', text(person.Email, 320)?.toLowerCase());
  return candidate;
}

/** What a campaign member's status says the person did; the campaign's type tells a webinar from an event. */
function memberType(member: CampaignMemberRecord): EngagementType {
  const status = (member.Status ?? '').toLowerCase();
  const webinar = /webinar/i.test(member.Campaign?.Type ?? '');
  if (/attend/.test(status)) return webinar ? 'webinar_attended' : 'event_attended';
  if (/regist/.test(status)) return webinar ? 'webinar_registered' : 'event_attended';
  if (/click/.test(status)) return 'email_click';
  if (/open/.test(status)) return 'email_open';
  if (/unsub/.test(status)) return 'unsubscribe';
  if (/download/.test(status)) return 'content_download';
  if (/sent|received/.test(status)) return 'email_sent';
  return member.HasResponded ? 'form_submit' : 'other';
}

/**
 * A Salesforce Date field ("2026-12-04": a day in the org's zone, no time) as an instant: noon UTC,
 * which is that calendar day from UTC−11 to UTC+11, so the timeline files it on the day Salesforce
 * names in the rep's zone too. Midnight UTC was the evening before in the Americas ("Yesterday").
 */
function calendarDay(value: string | null | undefined): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00.000Z` : isoTime(value);
}

export function memberToEvent(key: string, member: CampaignMemberRecord, now: number = clock.now()): EngagementEvent | undefined {
  const responded = member.HasResponded === true;
  // A response is never ahead of now: today's noon UTC, read in the morning, would say "in 4 h".
  const respondedAt = responded ? calendarDay(member.FirstRespondedDate) : undefined;
  const occurredAt = (respondedAt && new Date(Math.min(Date.parse(respondedAt), now)).toISOString()) ?? isoTime(member.CreatedDate);
  if (!occurredAt) return undefined;
  const type = memberType(member);
  const campaign = text(member.Campaign?.Name, 300);
  const status = text(member.Status, 100);
  const event: EngagementEvent = { id: `salesforce:cm:${member.Id}:${type}`, prospectKey: key, source: 'salesforce', type, occurredAt };
  setIf(event, 'campaign', campaign);
  setIf(event, 'title', text([campaign, status].filter(Boolean).join(' — '), 500));
  setIf(event, 'channel', text(member.Campaign?.Type, 100)?.toLowerCase());
  return event;
}

const SUBTYPES: Record<string, SalesActivity['type']> = { call: 'call', email: 'email', listemail: 'email', task: 'task' };

export function taskToActivity(task: TaskRecord): SalesActivity | undefined {
  const at = isoTime(task.CreatedDate) ?? calendarDay(task.ActivityDate);
  if (!at) return undefined;
  const item: SalesActivity = { id: `salesforce:${task.Id}`, source: 'salesforce', type: SUBTYPES[(task.TaskSubtype ?? 'task').toLowerCase()] ?? 'task', at };
  setIf(item, 'subject', text(task.Subject, 255));
  setIf(item, 'author', text(task.Owner?.Name, 200));
  setIf(item, 'status', text(task.Status, 100));
  return item;
}

export function eventToActivity(event: EventRecord): SalesActivity | undefined {
  const at = isoTime(event.StartDateTime) ?? isoTime(event.CreatedDate);
  if (!at) return undefined;
  const item: SalesActivity = { id: `salesforce:${event.Id}`, source: 'salesforce', type: 'meeting', at };
  setIf(item, 'subject', text(event.Subject, 255));
  setIf(item, 'author', text(event.Owner?.Name, 200));
  return item;
}

export function opportunityToDeal(opportunity: OpportunityRecord): Deal {
  const deal: Deal = { id: `salesforce:${opportunity.Id}`, source: 'salesforce' };
  setIf(deal, 'name', text(opportunity.Name, 300));
  setIf(deal, 'stage', text(opportunity.StageName, 100));
  setIf(deal, 'amount', typeof opportunity.Amount === 'number' && Number.isFinite(opportunity.Amount) ? opportunity.Amount : undefined);
  setIf(deal, 'closeDate', text(opportunity.CloseDate, 10));
  setIf(deal, 'owner', text(opportunity.Owner?.Name, 200));
  return deal;
}
