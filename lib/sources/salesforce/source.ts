/**
 * Salesforce as an engagement source: Leads and Contacts by email (one query each for a batch of
 * people), then, for everyone found in the lookup at once, one query each for their campaign history,
 * the team's Tasks and Events, and the open Opportunities of their accounts, split per person here
 * (batch.ts). A tab of 50 known people costs about ten requests, not 150.
 */
import { t } from '../../i18n';
import type { JsonResponse } from '../http';
import { parseBody } from '../http';
import type { MatchCandidate } from '../../model/view';
import type { EngagementSource, LookupQuery } from '../types';
import { SourceError } from '../types';
import { queryPerKey, type Rows } from './batch';
import { type SalesforceClient, restError, salesforceSourceError } from './client';
import {
  type Person,
  type SalesforceRecord,
  eventToActivity,
  matchKeyOf,
  memberToEvent,
  opportunityToDeal,
  orderMatches,
  personToProspect,
  taskToActivity,
  toCandidate,
} from './map';
import { CampaignMemberRecord, ContactRecord, EventRecord, LeadRecord, OpportunityRecord, TaskRecord, queryResponse } from './raw';
import { MAX_EMAILS, MAX_IDS, MAX_MATCHES, MAX_PAGE, TEST_QUERY, campaignMembersOf, contactsByEmail, eventsOf, leadsByEmail, openOpportunities, tasksOf } from './soql';
import type { z } from '../../model/zod';

const rows =
  <T extends z.ZodType>(schema: T) =>
  (response: JsonResponse): Rows<z.output<T>> =>
    parseBody(queryResponse(schema), response);

/** What a card shows of each person: campaign history, the newest Tasks and Events, the account's open deals. */
const CAPS = { members: 50, activity: 20, deals: 10 } as const;

const email = (value: string | null | undefined) => value?.trim().toLowerCase();

/** What Salesforce answers for an object or a field the rep's profile cannot read. */
const HIDDEN_FROM_PROFILE = new Set(['INVALID_TYPE', 'INVALID_FIELD']);

/** A detail section's rows, or none when the rep's profile may not read them. */
async function unlessHidden<R>(ask: () => Promise<Map<string, R[]>>): Promise<Map<string, R[]>> {
  try {
    return await ask();
  } catch (error) {
    if (HIDDEN_FROM_PROFILE.has(restError(error)?.errorCode ?? '')) return new Map();
    throw error;
  }
}

/** Its answers carry the Salesforce details (activity, deals, other matches) beside the model's record. */
export interface SalesforceSource extends EngagementSource {
  lookup(queries: LookupQuery[], signal?: AbortSignal): Promise<SalesforceRecord[]>;
}

export function createSalesforceSource(client: SalesforceClient, instanceUrl: string): SalesforceSource {
  /** Everyone with one of the addresses: up to MAX_MATCHES Leads and as many Contacts per address. */
  async function findPeople(emails: string[], signal?: AbortSignal): Promise<Person[]> {
    const byEmail = <R extends { Email?: string | null }>(ask: (batch: string[], limit: number) => Promise<Rows<R>>) =>
      queryPerKey(emails, { chunk: MAX_EMAILS, cap: MAX_MATCHES, maxRows: MAX_PAGE, ask, keysOf: (r) => [email(r.Email)] });
    const contacts = await byEmail((batch, limit) => client.query(contactsByEmail(batch, limit), rows(ContactRecord), signal));
    const leads = await byEmail((batch, limit) => client.query(leadsByEmail(batch, limit), rows(LeadRecord), signal));
    const people = new Map<string, Person>();
    for (const c of [...contacts.values()].flat()) people.set(c.Id, { kind: 'Contact', ...c });
    for (const l of [...leads.values()].flat()) people.set(l.Id, { kind: 'Lead', ...l });
    return [...people.values()];
  }

  /**
   * The details of everyone shown, one query per object for all of them. A section the rep's profile
   * may not read is left out: Salesforce refuses the whole query for an object it hides (INVALID_TYPE:
   * no access to Opportunity or Campaign) or a field (INVALID_FIELD: field-level security), and that
   * once showed known people as only an error. Any other failure fails the lookup, to be asked again.
   */
  async function detailsOf(shown: Person[], signal?: AbortSignal) {
    const ids = shown.map((p) => p.Id);
    const kinds = new Map(shown.map((p) => [p.Id, p.kind]));
    const accounts = shown.flatMap((p) => (p.kind === 'Contact' && p.AccountId ? [p.AccountId] : []));
    const idSpec = { chunk: MAX_IDS, maxRows: MAX_PAGE };
    const members = await unlessHidden(() =>
      queryPerKey(ids, {
        ...idSpec,
        cap: CAPS.members,
        ask: (batch, limit) => {
          const of = (kind: 'Lead' | 'Contact') => batch.filter((id) => kinds.get(id) === kind);
          return client.query(campaignMembersOf(of('Lead'), of('Contact'), limit), rows(CampaignMemberRecord), signal);
        },
        keysOf: (m) => [m.LeadId, m.ContactId],
      }),
    );
    const tasks = await unlessHidden(() => queryPerKey(ids, { ...idSpec, cap: CAPS.activity, ask: (batch, limit) => client.query(tasksOf(batch, limit), rows(TaskRecord), signal), keysOf: (r) => [r.WhoId] }));
    const events = await unlessHidden(() => queryPerKey(ids, { ...idSpec, cap: CAPS.activity, ask: (batch, limit) => client.query(eventsOf(batch, limit), rows(EventRecord), signal), keysOf: (r) => [r.WhoId] }));
    const deals = await unlessHidden(() =>
      queryPerKey(accounts, { ...idSpec, cap: CAPS.deals, ask: (batch, limit) => client.query(openOpportunities(batch, limit), rows(OpportunityRecord), signal), keysOf: (r) => [r.AccountId] }),
    );
    return { members, tasks, events, deals };
  }

  function recordOf(key: string, person: Person, details: Awaited<ReturnType<typeof detailsOf>>, matchKey: string, others: MatchCandidate[]): SalesforceRecord {
    const accountId = person.kind === 'Contact' ? (person.AccountId ?? undefined) : undefined;
    const tasks = details.tasks.get(person.Id) ?? [];
    const events = details.events.get(person.Id) ?? [];
    const activity = [...tasks.flatMap((t) => taskToActivity(t) ?? []), ...events.flatMap((e) => eventToActivity(e) ?? [])].sort((a, b) => b.at.localeCompare(a.at));
    return {
      key,
      prospect: personToProspect(key, person, instanceUrl),
      events: (details.members.get(person.Id) ?? []).flatMap((m) => memberToEvent(key, m) ?? []),
      salesActivity: activity.slice(0, CAPS.activity),
      deals: (accountId ? (details.deals.get(accountId) ?? []) : []).map(opportunityToDeal),
      salesforce: { object: person.kind, id: person.Id, ...(accountId ? { accountId } : {}) },
      // A Lead's status and rating, in the field every source fills for the card's header.
      ...(person.kind === 'Lead' && (person.Status || person.Rating)
        ? { crm: { ...(person.Status ? { leadStatus: person.Status.slice(0, 100) } : {}), ...(person.Rating ? { rating: person.Rating.slice(0, 40) } : {}) } }
        : {}),
      ...(others.length > 0 ? { matchKey, matches: others } : {}),
    };
  }

  async function lookup(queries: LookupQuery[], signal?: AbortSignal): Promise<SalesforceRecord[]> {
    // Lookups are worth less than the rep's logged work: near the daily limit they stop first.
    if (client.nearDailyLimit()) throw new SourceError('rate-limited', t('srcError_salesforceNearLimit'));
    const emails = [...new Set(queries.flatMap((q) => q.emails.map((e) => e.trim().toLowerCase())).filter(Boolean))];
    if (emails.length === 0) return [];
    const people = await findPeople(emails, signal);
    const picked: { key: string; person: Person; matchKey: string; others: MatchCandidate[] }[] = [];
    for (const query of queries) {
      const wanted = new Set(query.emails.map((e) => e.trim().toLowerCase()));
      const matches = orderMatches(people.filter((p) => p.Email && wanted.has(email(p.Email)!)));
      const keys = await Promise.all(matches.map((p) => matchKeyOf(p.Id)));
      // The record the rep chose among several, while Salesforce still finds it; else the default.
      const chosen = query.chosen ? keys.indexOf(query.chosen) : -1;
      const at = chosen >= 0 ? chosen : 0;
      const person = matches[at];
      if (!person) continue;
      picked.push({ key: query.key, person, matchKey: keys[at]!, others: matches.flatMap((p, i) => (i === at ? [] : [toCandidate(p, keys[i]!)])) });
    }
    if (picked.length === 0) return [];
    const details = await detailsOf([...new Map(picked.map((p) => [p.person.Id, p.person])).values()], signal);
    return picked.map((p) => recordOf(p.key, p.person, details, p.matchKey, p.others));
  }

  return {
    kind: 'salesforce',
    async lookup(queries, signal) {
      try {
        return await lookup(queries, signal);
      } catch (error) {
        throw salesforceSourceError(error);
      }
    },
    async test(signal) {
      try {
        await client.query(TEST_QUERY, (r) => r, signal);
        return t('srcTest_connected');
      } catch (error) {
        throw salesforceSourceError(error);
      }
    },
  };
}
