/**
 * HubSpot as an engagement source: contacts by email (batch read), by LinkedIn URL (CRM search)
 * when a query has no email, by first and last name (CRM search) for a person the page showed by
 * name only, and each found contact's webinar and event participations.
 */
import { clock } from '../../clock';
import { t } from '../../i18n';
import { nameSplits, pickNamesake } from '../../identity/name';
import type { HubSpotConnection } from './definition';
import { type FetchImpl, HttpError, defaultFetch, parseBody, toSourceError } from '../http';
import type { EngagementSource, LookupQuery, SourceRecord } from '../types';
import { HUBSPOT_WORDS, type HubSpotCall, type HubSpotCredentials, type HubSpotOptions, hubspotClient } from './client';
import { CONTACT_PROPERTIES, contactAllTime, contactEvents, contactToProspect, participationToEvent } from './map';
import { BatchReadResponse, type CrmObject, type Owner, OwnersResponse, ParticipationsResponse, SearchResponse } from './raw';
import { MAX_ACTIVITY, MAX_DEALS, bestEffort, dealStages, remembered, dealToView, engagementToActivity, ownerNames, readDeals, readEngagements } from './team';

export interface HubSpotSource extends EngagementSource {
  /** Owners for the options page's picker; `email` narrows to the rep's own record. */
  listOwners(email?: string, signal?: AbortSignal): Promise<Owner[]>;
}

/** HubSpot's batch endpoints take at most 100 inputs. */
const BATCH_SIZE = 100;
/** Participation pages to follow per contact; a person with more than this is rare and the newest come first. */
const MAX_PARTICIPATION_PAGES = 3;

export function createHubSpotSource(
  config: HubSpotConnection,
  creds: HubSpotCredentials,
  fetchImpl: FetchImpl = defaultFetch,
  options: HubSpotOptions = {},
): HubSpotSource {
  const call = hubspotClient(config, creds, fetchImpl, options);
  const mapOptions = options.portalId ? { portalId: options.portalId } : {};

  async function lookup(queries: LookupQuery[], signal?: AbortSignal): Promise<SourceRecord[]> {
    const found = new Map<string, CrmObject>();
    const byEmail = await readByEmail(call, queries.flatMap((q) => q.emails), signal);
    for (const query of queries) {
      const contact = query.emails.map((e) => byEmail.get(e.toLowerCase())).find(Boolean);
      if (contact) found.set(query.key, contact);
    }
    for (const query of queries) {
      if (found.has(query.key) || query.emails.length > 0 || !query.linkedinUrl) continue;
      const contact = await searchByLinkedin(call, query.linkedinUrl, signal);
      if (contact) found.set(query.key, contact);
    }
    for (const query of queries) {
      if (found.has(query.key) || query.emails.length > 0 || query.linkedinUrl || !query.name) continue;
      const contact = await searchByName(call, query.name, query.domains ?? [], signal);
      if (contact) found.set(query.key, contact);
    }

    const records: SourceRecord[] = [];
    // Owner names and deal stages are asked once per lookup, and only when someone was found.
    const account = `${config.baseUrl}\u0000${creds.token}`;
    const owners =
      found.size > 0 ? await bestEffort(() => remembered(`owners\u0000${account}`, clock.now(), () => ownerNames(call, signal)), new Map<string, string>()) : new Map<string, string>();
    let stages: Awaited<ReturnType<typeof dealStages>> | undefined;
    for (const [key, contact] of found) {
      const participations = await readParticipations(call, contact.id, signal);
      const engagements = await bestEffort(() => readEngagements(call, contact.id, signal), []);
      const dealObjects = await bestEffort(() => readDeals(call, contact.id, signal), []);
      if (dealObjects.length > 0) stages ??= await bestEffort(() => remembered(`stages\u0000${account}`, clock.now(), () => dealStages(call, signal)), { label: new Map(), closed: new Set() });
      const events = [
        ...contactEvents(key, contact),
        ...participations.flatMap((p) => participationToEvent(key, contact.id, p) ?? []),
      ];
      const record: SourceRecord = { key, prospect: contactToProspect(key, contact, { ...mapOptions, owners }), events };
      const salesActivity = engagements
        .flatMap(({ type, object }) => engagementToActivity(type, object, owners) ?? [])
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, MAX_ACTIVITY);
      if (salesActivity.length > 0) record.salesActivity = salesActivity;
      const deals = stages ? dealObjects.flatMap((d) => dealToView(d, stages!, owners) ?? []).slice(0, MAX_DEALS) : [];
      if (deals.length > 0) record.deals = deals;
      const leadStatus = contact.properties.hs_lead_status?.trim();
      if (leadStatus) record.crm = { leadStatus: leadStatus.slice(0, 100) };
      const allTime = contactAllTime(contact);
      if (allTime) record.allTime = allTime;
      records.push(record);
    }
    return records;
  }

  return {
    kind: 'hubspot',
    lookup: (queries, signal) => withSourceErrors(() => lookup(queries, signal)),
    test: (signal) =>
      withSourceErrors(async () => {
        parseBody(OwnersResponse, await call('GET', '/crm/v3/owners?limit=1', undefined, signal));
        return t('srcTest_connected');
      }),
    listOwners: (email, signal) =>
      withSourceErrors(async () => {
        const query = new URLSearchParams({ limit: '100' });
        if (email) query.set('email', email);
        return parseBody(OwnersResponse, await call('GET', `/crm/v3/owners?${query}`, undefined, signal)).results;
      }),
  };
}

async function withSourceErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toSourceError(error, HUBSPOT_WORDS);
  }
}

/** Contacts by lower-cased email. A 207 answer lists unknown emails as errors: those are simply not found. */
export async function readByEmail(call: HubSpotCall, emails: string[], signal?: AbortSignal, properties: readonly string[] = CONTACT_PROPERTIES): Promise<Map<string, CrmObject>> {
  const unique = [...new Set(emails.map((e) => e.toLowerCase()))];
  const byEmail = new Map<string, CrmObject>();
  for (let i = 0; i < unique.length; i += BATCH_SIZE) {
    const inputs = unique.slice(i, i + BATCH_SIZE).map((id) => ({ id }));
    const response = await call('POST', '/crm/v3/objects/contacts/batch/read', { idProperty: 'email', properties, inputs }, signal);
    for (const contact of parseBody(BatchReadResponse, response).results) {
      const email = contact.properties.email?.trim().toLowerCase();
      if (email && !byEmail.has(email)) byEmail.set(email, contact);
    }
  }
  return byEmail;
}

/** The forms a LinkedIn profile URL is commonly stored in; search matches any of them. */
function linkedinVariants(url: string): string[] {
  const slug = /\/in\/([^/?#]+)/i.exec(url)?.[1];
  if (!slug) return [url];
  const bases = [`https://www.linkedin.com/in/${slug}`, `https://linkedin.com/in/${slug}`];
  return bases.flatMap((b) => [b, `${b}/`]);
}

async function searchByLinkedin(call: HubSpotCall, url: string, signal?: AbortSignal): Promise<CrmObject | undefined> {
  const filterGroups = linkedinVariants(url).map((value) => ({ filters: [{ propertyName: 'hs_linkedin_url', operator: 'EQ', value }] }));
  const response = await call('POST', '/crm/v3/objects/contacts/search', { filterGroups, properties: CONTACT_PROPERTIES, limit: 10 }, signal);
  const { results } = parseBody(SearchResponse, response);
  // Several contacts with one profile: the most recently updated is the likeliest to be current.
  return [...results].sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''))[0];
}

/** Namesakes fetched at most; more means the name cannot pick one person. */
const MAX_NAMESAKES = 10;

/**
 * The one contact with this name (first and last name equal, as HubSpot's EQ compares them,
 * case-insensitively), preferring those at the thread's domains; none when several fit, so a
 * namesake is never shown as the person. (Search is eventually consistent: a contact created
 * seconds ago may not be found yet, as with the LinkedIn search.)
 */
async function searchByName(call: HubSpotCall, name: string, domains: readonly string[], signal?: AbortSignal): Promise<CrmObject | undefined> {
  const splits = nameSplits(name);
  if (splits.length === 0) return undefined;
  const filterGroups = splits.map(({ firstname, lastname }) => ({
    filters: [
      { propertyName: 'firstname', operator: 'EQ', value: firstname },
      { propertyName: 'lastname', operator: 'EQ', value: lastname },
    ],
  }));
  const response = await call('POST', '/crm/v3/objects/contacts/search', { filterGroups, properties: CONTACT_PROPERTIES, limit: MAX_NAMESAKES }, signal);
  const contacts = parseBody(SearchResponse, response).results;
  return pickNamesake(name, contacts, domains, (c) => ({ firstname: c.properties.firstname, lastname: c.properties.lastname, email: c.properties.email }));
}

/**
 * Webinar and event participations. Without the marketing-events scope HubSpot answers 403: the
 * contact is still worth showing, so that one answer is treated as "no participations".
 */
async function readParticipations(call: HubSpotCall, contactId: string, signal?: AbortSignal) {
  const all = [];
  let after: string | undefined;
  try {
    for (let page = 0; page < MAX_PARTICIPATION_PAGES; page++) {
      const query = new URLSearchParams({ limit: '100' });
      if (after) query.set('after', after);
      const path = `/marketing/v3/marketing-events/participations/contacts/${encodeURIComponent(contactId)}/breakdown?${query}`;
      const parsed = parseBody(ParticipationsResponse, await call('GET', path, undefined, signal));
      all.push(...parsed.results);
      after = parsed.paging?.next?.after;
      if (!after) break;
    }
  } catch (error) {
    if (error instanceof HttpError && error.failure.kind === 'status' && (error.failure.status === 403 || error.failure.status === 404)) return all;
    throw error;
  }
  return all;
}
