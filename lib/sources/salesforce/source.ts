/**
 * Salesforce as an engagement source: Leads and Contacts by email (one query each for a batch of
 * people), then for each person found their campaign history, the team's Tasks and Events, and the
 * open Opportunities of their account.
 */
import { t } from '../../i18n';
import type { JsonResponse } from '../http';
import { parseBody } from '../http';
import type { MatchCandidate } from '../../model/view';
import type { EngagementSource, LookupQuery } from '../types';
import { SourceError } from '../types';
import { type SalesforceClient, salesforceSourceError } from './client';
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
import { MAX_EMAILS, TEST_QUERY, campaignHistory, contactsByEmail, eventsOf, leadsByEmail, openOpportunities, tasksOf } from './soql';
import type { z } from '../../model/zod';

const records =
  <T extends z.ZodType>(schema: T) =>
  (response: JsonResponse): z.output<T>[] =>
    parseBody(queryResponse(schema), response).records;

/** Its answers carry the Salesforce details (activity, deals, other matches) beside the model's record. */
export interface SalesforceSource extends EngagementSource {
  lookup(queries: LookupQuery[], signal?: AbortSignal): Promise<SalesforceRecord[]>;
}

export function createSalesforceSource(client: SalesforceClient, instanceUrl: string): SalesforceSource {
  async function findPeople(emails: string[], signal?: AbortSignal): Promise<Person[]> {
    const people: Person[] = [];
    for (let i = 0; i < emails.length; i += MAX_EMAILS) {
      const batch = emails.slice(i, i + MAX_EMAILS);
      const contacts = await client.query(contactsByEmail(batch), records(ContactRecord), signal);
      const leads = await client.query(leadsByEmail(batch), records(LeadRecord), signal);
      people.push(...contacts.map((c) => ({ kind: 'Contact' as const, ...c })), ...leads.map((l) => ({ kind: 'Lead' as const, ...l })));
    }
    return people;
  }

  async function details(key: string, person: Person, matchKey: string, others: MatchCandidate[], signal?: AbortSignal): Promise<SalesforceRecord> {
    const members = await client.query(campaignHistory(person.Id, person.kind), records(CampaignMemberRecord), signal);
    const tasks = await client.query(tasksOf(person.Id), records(TaskRecord), signal);
    const events = await client.query(eventsOf(person.Id), records(EventRecord), signal);
    const accountId = person.kind === 'Contact' ? (person.AccountId ?? undefined) : undefined;
    const opportunities = accountId ? await client.query(openOpportunities(accountId), records(OpportunityRecord), signal) : [];
    const activity = [...tasks.flatMap((t) => taskToActivity(t) ?? []), ...events.flatMap((e) => eventToActivity(e) ?? [])].sort((a, b) => b.at.localeCompare(a.at));
    return {
      key,
      prospect: personToProspect(key, person, instanceUrl),
      events: members.flatMap((m) => memberToEvent(key, m) ?? []),
      salesActivity: activity.slice(0, 20),
      deals: opportunities.map(opportunityToDeal),
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
    const found: SalesforceRecord[] = [];
    for (const query of queries) {
      const wanted = new Set(query.emails.map((e) => e.trim().toLowerCase()));
      const matches = orderMatches(people.filter((p) => p.Email && wanted.has(p.Email.trim().toLowerCase())));
      const keys = await Promise.all(matches.map((p) => matchKeyOf(p.Id)));
      // The record the rep chose among several, while Salesforce still finds it; else the default.
      const chosen = query.chosen ? keys.indexOf(query.chosen) : -1;
      const at = chosen >= 0 ? chosen : 0;
      const person = matches[at];
      if (!person) continue;
      const others = matches.flatMap((p, i) => (i === at ? [] : [toCandidate(p, keys[i]!)]));
      found.push(await details(query.key, person, keys[at]!, others, signal));
    }
    return found;
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
