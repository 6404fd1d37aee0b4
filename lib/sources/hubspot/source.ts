/**
 * HubSpot as an engagement source: contacts by email (batch read), by LinkedIn URL (CRM search)
 * when a query has no email, by first and last name (CRM search) for a person the page showed by
 * name only; then each found contact's webinar and event participations, the team's engagements and
 * open deals, a few contacts at a time and for as long as the lookup has time (details.ts).
 */
import { clock } from '../../clock';
import { t } from '../../i18n';
import { nameSplits, pickNamesake } from '../../identity/name';
import type { HubSpotConnection } from './definition';
import { type FetchImpl, defaultFetch, parseBody, toSourceError } from '../http';
import type { EngagementSource, LookupQuery, SourceRecord } from '../types';
import { HUBSPOT_WORDS, type HubSpotCall, type HubSpotCredentials, type HubSpotOptions, hubspotClient } from './client';
import { DETAILS_BUDGET_MS, DETAIL_READS_AT_ONCE, contactDetails, isAbort, readEach } from './details';
import { CONTACT_PROPERTIES, contactAllTime, contactEvents, contactToProspect, participationToEvent } from './map';
import { type Pace, paced } from './pace';
import { BatchReadResponse, type CrmObject, type Owner, OwnersResponse, SearchResponse } from './raw';
import { MAX_ACTIVITY, MAX_DEALS, type Stages, bestEffort, dealStages, remembered, dealToView, engagementToActivity, ownerNames } from './team';

export interface HubSpotSource extends EngagementSource {
  /** Owners for the options page's picker; `email` narrows to the rep's own record. */
  listOwners(email?: string, signal?: AbortSignal): Promise<Owner[]>;
}

export interface HubSpotSourceOptions extends HubSpotOptions {
  /** The account's request pace (pace.ts); tests narrow it. */
  pace?: Pace;
  /** How long after a lookup began its detail reads stop (details.ts). */
  detailsBudgetMs?: number;
}

/** HubSpot's batch endpoints take at most 100 inputs. */
const BATCH_SIZE = 100;

export function createHubSpotSource(
  config: HubSpotConnection,
  creds: HubSpotCredentials,
  fetchImpl: FetchImpl = defaultFetch,
  options: HubSpotSourceOptions = {},
): HubSpotSource {
  const account = `${config.baseUrl}\u0000${creds.token}`;
  const call = paced(hubspotClient(config, creds, fetchImpl, options), account, options.pace);
  const mapOptions = options.portalId ? { portalId: options.portalId } : {};
  const budgetMs = options.detailsBudgetMs ?? DETAILS_BUDGET_MS;

  async function lookup(queries: LookupQuery[], signal?: AbortSignal): Promise<SourceRecord[]> {
    const budget = AbortSignal.timeout(budgetMs);
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
    if (found.size === 0) return [];

    // The details stop when the lookup's own time is nearly spent or its caller gives up: the contacts
    // found are answered with what was read by then (details.ts).
    const stop = signal ? AbortSignal.any([signal, budget]) : budget;
    // Owner names and deal stages are asked once per lookup, and only when someone was found.
    // Cut short (here, or in the lookup that began the remembered read), the card names no owners.
    const owners = await bestEffort(() => remembered(`owners\u0000${account}`, clock.now(), () => ownerNames(call, stop)), new Map<string, string>()).catch((error: unknown) => {
      if (stop.aborted || isAbort(error)) return new Map<string, string>();
      throw error;
    });
    // Owner names cut short leave every record without them (a record without owners is still complete
    // when HubSpot has none to name: only the cut counts).
    const ownersCut = stop.aborted;
    let stages: Promise<Stages> | undefined;
    const stagesFor = (s: AbortSignal) =>
      (stages ??= bestEffort(() => remembered(`stages\u0000${account}`, clock.now(), () => dealStages(call, s)), { label: new Map(), closed: new Set() }));
    const details = await readEach([...new Set(found.values())], DETAIL_READS_AT_ONCE, stop, async (contact, s) => {
      const read = await contactDetails(call, contact.id, s);
      return { ...read, stages: read.deals.length > 0 ? await stagesFor(s) : undefined };
    });

    const records: SourceRecord[] = [];
    for (const [key, contact] of found) {
      const read = details.get(contact);
      const events = [...contactEvents(key, contact), ...(read?.participations ?? []).flatMap((p) => participationToEvent(key, contact.id, p) ?? [])];
      const record: SourceRecord = { key, prospect: contactToProspect(key, contact, { ...mapOptions, owners }), events };
      const salesActivity = (read?.engagements ?? [])
        .flatMap(({ type, object }) => engagementToActivity(type, object, owners) ?? [])
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, MAX_ACTIVITY);
      if (salesActivity.length > 0) record.salesActivity = salesActivity;
      const stagesRead = read?.stages;
      const deals = stagesRead ? read.deals.flatMap((d) => dealToView(d, stagesRead, owners) ?? []).slice(0, MAX_DEALS) : [];
      if (deals.length > 0) record.deals = deals;
      const leadStatus = contact.properties.hs_lead_status?.trim();
      if (leadStatus) record.crm = { leadStatus: leadStatus.slice(0, 100) };
      const allTime = contactAllTime(contact);
      if (allTime) record.allTime = allTime;
      // Cut short (the owners, or this contact's details): the record says so, and is asked again.
      if (!read || ownersCut) record.partial = true;
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
