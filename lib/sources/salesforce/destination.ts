/**
 * Salesforce as the sync destination (lib/sync/types.ts). The person is the Lead or Contact the card
 * showed when the action was logged (its `target`: the record picked in the match picker, or the one
 * the card drew) while it still has the person's address, else the stored prospect's reference, else
 * the one found by email. A field change (Lead Status, the Contact stage field) is an idempotent
 * PATCH and goes first; the Task or Event is the one create, and an uncertain create is looked up by the marker
 * in its Description before it is sent again, so the org gets each action exactly once. The lead
 * feedback page reads the feedback Tasks back (feedback.ts).
 */
import { t } from '../../i18n';
import type { NewRecord, SalesAction } from '../../model/action';
import type { CheckResult, DeliveryContext, DeliveryOutcome, Destination } from '../../sync/types';
import { actionLines, actionMarker } from '../action-text';
import { type JsonResponse, acknowledgedUnreadable, parseBody } from '../http';
import { activityObject, activityRecord, createsRecord, fieldUpdate } from './activity';
import { readSalesforceFeedback } from './feedback';
import { type SalesforceClient, salesforceOutcome } from './client';
import { API_VERSION, type SalesforceConnection } from './definition';
import { ContactRecord, CreatedResponse, LeadRecord, MarkedRecord, queryResponse } from './raw';
import { RECENT_LIMIT, contactsByEmail, isRecordId, leadsByEmail, objectOfId, personById, recentActivity } from './soql';

type Who = { object: 'Lead' | 'Contact'; id: string };

/** What Salesforce's own web-to-lead puts in a required Lead field nobody filled. */
const NOT_PROVIDED = '[not provided]';
/** The Lead fields' lengths in Salesforce's schema. */
const LEAD_MAX = { FirstName: 40, LastName: 80, Company: 255, Title: 128, Email: 80 } as const;

/** The Lead a `crm_create` item becomes: what the page showed, its Description the action's lines and marker. */
function leadOf(action: SalesAction, record: NewRecord): Record<string, string> {
  const lastName = record.lastName ?? record.firstName;
  return {
    ...(record.lastName && record.firstName ? { FirstName: record.firstName.slice(0, LEAD_MAX.FirstName) } : {}),
    LastName: (lastName ?? NOT_PROVIDED).slice(0, LEAD_MAX.LastName),
    Company: (record.company ?? NOT_PROVIDED).slice(0, LEAD_MAX.Company),
    Email: record.email.toLowerCase(),
    ...(record.title ? { Title: record.title.slice(0, LEAD_MAX.Title) } : {}),
    Description: actionLines(action).join('\n'),
  };
}

/**
 * Looked back this far before the action was made. The action's times are the rep's clock and
 * CreatedDate is the org's: a clock set 40 minutes fast once hid the Task a lost answer had created,
 * and it was sent twice. A day covers any clock that is merely wrong; the query's ORDER BY and LIMIT
 * keep the look small whatever the bound.
 */
const CLOCK_SLACK_MS = 24 * 3_600_000;

const ids = (response: JsonResponse) => parseBody(queryResponse(ContactRecord.pick({ Id: true })), response).records;
const leadIds = (response: JsonResponse) => parseBody(queryResponse(LeadRecord.pick({ Id: true })), response).records;

export function createSalesforceDestination(client: SalesforceClient, config: SalesforceConnection): Destination {
  const sobjects = `/services/data/${API_VERSION}/sobjects`;

  /**
   * The record the card showed (docs/architecture.md, "Several records in a source for one person"),
   * when it is still a Lead or Contact of this person: one of their addresses, and not a converted
   * Lead. One query, as the search by email it saves. The action's `target` is set by the background,
   * but it is stored data: its id is checked against Salesforce's alphabet before it goes into SOQL,
   * and a record without the person's address is never written to.
   */
  async function shownWho(action: SalesAction, emails: readonly string[], signal: AbortSignal): Promise<Who | undefined> {
    const id = action.target?.source === 'salesforce' ? action.target.externalId : undefined;
    const object = isRecordId(id) ? objectOfId(id) : undefined;
    if (!id || !object || emails.length === 0) return undefined;
    const [found] = await client.query(personById(object, id), (r) => parseBody(queryResponse(ContactRecord.pick({ Id: true, Email: true })), r).records, signal);
    return found?.Email && emails.includes(found.Email.trim().toLowerCase()) ? { object, id: found.Id } : undefined;
  }

  async function findWho(action: SalesAction, ctx: DeliveryContext): Promise<Who | undefined> {
    const emails = [
      ...new Set(
        [
          ...(action.record ? [action.record.email] : []),
          ...(action.prospectKey.includes('@') && !action.prospectKey.startsWith('linkedin') ? [action.prospectKey] : []),
          ...(ctx.prospect?.emails ?? []),
        ].map((e) => e.toLowerCase()),
      ),
    ];
    const shown = await shownWho(action, emails, ctx.signal);
    if (shown) return shown;
    for (const ref of ctx.prospect?.refs ?? []) {
      const object = ref.source === 'salesforce' && isRecordId(ref.externalId) ? objectOfId(ref.externalId) : undefined;
      if (object) return { object, id: ref.externalId };
    }
    if (emails.length === 0) return undefined;
    const contact = (await client.query(contactsByEmail(emails, 1), ids, ctx.signal))[0];
    if (contact) return { object: 'Contact', id: contact.Id };
    const lead = (await client.query(leadsByEmail(emails, 1), leadIds, ctx.signal))[0];
    return lead ? { object: 'Lead', id: lead.Id } : undefined;
  }

  /**
   * Adds an unknown person as a Lead (docs/architecture.md, "Create in the CRM"). Read before write: a
   * Contact or an open Lead with the address is that person, so a repeat after a lost answer (or a
   * colleague who added them meanwhile) creates nothing. A Lead needs a last name and a company: a
   * one-word name is the last name, and a missing name or company is "[not provided]", as Salesforce's
   * web-to-lead writes it.
   */
  async function create(action: SalesAction, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    const record = action.record;
    if (!record) return { kind: 'fatal', error: t('srcError_nothingToAdd') };
    // A longer address is refused (STRING_TOO_LONG), and a name may be cut but an address may not:
    // a Lead without it, or with part of it, is never found by it again, so each retry would add another.
    if (record.email.toLowerCase().length > LEAD_MAX.Email) return { kind: 'fatal', error: t('srcError_salesforceEmailTooLong', String(LEAD_MAX.Email)) };
    try {
      const existing = await findWho(action, ctx);
      if (existing) return { kind: 'delivered', remoteId: existing.id };
    } catch (error) {
      return salesforceOutcome(error, false);
    }
    try {
      const response = await client.call('POST', `${sobjects}/Lead`, leadOf(action, record), ctx.signal);
      return { kind: 'delivered', remoteId: parseBody(CreatedResponse, response).id };
    } catch (error) {
      if (acknowledgedUnreadable(error)) return { kind: 'delivered' };
      return salesforceOutcome(error, true);
    }
  }

  async function deliver(action: SalesAction, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    if (action.type === 'crm_create') return create(action, ctx);
    let who: Who | undefined;
    try {
      who = await findWho(action, ctx);
    } catch (error) {
      return salesforceOutcome(error, false);
    }
    if (!who) return { kind: 'fatal', error: t('srcError_salesforceNoRecord', action.prospectKey) };

    const update = fieldUpdate(action, who.object, config);
    if (update) {
      try {
        await client.call('PATCH', `${sobjects}/${who.object}/${who.id}`, { [update.field]: update.value }, ctx.signal);
      } catch (error) {
        // Setting a value twice is harmless, so a lost answer is simply tried again.
        return salesforceOutcome(error, false);
      }
    }
    if (!createsRecord(action, who.object, config)) return { kind: 'delivered', remoteId: who.id };

    const { object, body } = activityRecord(action, who.id);
    try {
      const response = await client.call('POST', `${sobjects}/${object}`, body, ctx.signal);
      return { kind: 'delivered', remoteId: parseBody(CreatedResponse, response).id };
    } catch (error) {
      if (acknowledgedUnreadable(error)) return { kind: 'delivered' };
      return salesforceOutcome(error, true);
    }
  }

  async function findExisting(action: SalesAction, ctx: DeliveryContext): Promise<CheckResult> {
    // A create reads before it writes (and SOQL sees a new Lead at once): sending it again is the check.
    if (action.type === 'crm_create') return { found: false };
    try {
      const who = await findWho(action, ctx);
      // Nobody to attach it to: nothing can have been created; deliver() will say so.
      if (!who || !createsRecord(action, who.object, config)) return { found: false };
      const since = Math.min(Date.parse(action.createdAt), Date.parse(action.sync.uncertainSince ?? action.createdAt)) - CLOCK_SLACK_MS;
      const soql = recentActivity(activityObject(action), who.id, since);
      const recent = await client.query(soql, (r) => parseBody(queryResponse(MarkedRecord), r), ctx.signal);
      const marker = actionMarker(action.id);
      const match = recent.records.find((r) => r.Description?.split('\n').some((line) => line.trim() === marker));
      if (match) return { found: true, remoteId: match.Id };
      // Not all of the answer was read (client.ts), or the LIMIT cut it (a busy person has more newer
      // Tasks than it reads, and Salesforce still says done): it may be in the rest, and sending again
      // could double it.
      const cut = !recent.done || recent.records.length >= RECENT_LIMIT;
      return cut ? { unknown: t('srcError_salesforceLookupFailed') } : { found: false };
    } catch (error) {
      const outcome = salesforceOutcome(error, false);
      const unknown = 'error' in outcome ? outcome.error : t('srcError_salesforceLookupFailed');
      return outcome.kind === 'retry' && outcome.retryAfterMs ? { unknown, retryAfterMs: outcome.retryAfterMs } : { unknown };
    }
  }

  // Salesforce limits calls per day, not per second; a few a second keeps a backlog polite.
  return {
    kind: 'salesforce',
    ratePerSecond: 5,
    deliver,
    findExisting,
    readFeedback: (range, cap, signal) => readSalesforceFeedback(client, range, cap, signal),
  };
}
