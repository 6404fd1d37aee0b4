/**
 * Adding an unknown person to HubSpot (docs/architecture.md, "Create in the CRM"): the contact, the
 * company of the email's domain, and the association between them. The outbox sends this as a
 * `crm_create` item, so it may run again after any failure (offline, a 429, a worker that died
 * mid-request); every step therefore reads before it writes, and a repeat finishes the job without
 * a second contact or company:
 * - the contact is read by email with batch read (exact and immediately consistent, unlike search);
 *   HubSpot's 409 "Contact already exists. Existing ID: n" to a create is that contact, not a failure;
 * - a contact that already has a company keeps it (nothing is added on a repeat);
 * - the company is searched by domain and created only when missing; never for free-mail domains
 *   (gmail.com is nobody's employer). Search lags seconds behind a create, so a failure after this
 *   attempt created the company leaves the item uncertain: the retry waits out the settle first;
 * - the association is a PUT with HubSpot's default label, which is idempotent.
 */
import { t } from '../../i18n';
import type { NewRecord } from '../../model/action';
import { emailDomain } from '../../identity/email';
import { FREE_MAIL_DOMAINS } from '../../identity/free-mail';
import type { DeliveryOutcome } from '../../sync/types';
import { HttpError, parseBody, serviceMessage, toOutcome } from '../http';
import { HUBSPOT_WORDS, type HubSpotCall } from './client';
import { AssociationsResponse, CreatedResponse, SearchResponse } from './raw';
import { readByEmail } from './source';

/** HubSpot's words for a duplicate email; the id is the contact that has it. */
const EXISTING_ID = /Existing ID:\s*(\d+)/i;

export async function createInHubSpot(call: HubSpotCall, record: NewRecord, ownerId: string | undefined, signal: AbortSignal): Promise<DeliveryOutcome> {
  let contactId: string;
  try {
    contactId = await contact(call, record, ownerId, signal);
  } catch (error) {
    return toOutcome(error, HUBSPOT_WORDS, true);
  }
  const made = { company: false };
  try {
    await company(call, contactId, record, made, signal);
  } catch (error) {
    // The contact exists now; the next attempt finds it by email and only finishes the company.
    const outcome = toOutcome(error, HUBSPOT_WORDS, true);
    if (outcome.kind === 'fatal') return { kind: 'fatal', error: t('srcError_companyNotAdded', outcome.error) };
    // A company made in this attempt is not in HubSpot's search for seconds, and a plain retry would
    // search at once, miss it and make a second. Uncertain, the next attempt waits out the settle first.
    if (!made.company || outcome.kind !== 'retry') return outcome;
    return { kind: 'uncertain', error: outcome.error, ...(outcome.retryAfterMs ? { retryAfterMs: outcome.retryAfterMs } : {}) };
  }
  return { kind: 'delivered', remoteId: contactId };
}

async function contact(call: HubSpotCall, record: NewRecord, ownerId: string | undefined, signal: AbortSignal): Promise<string> {
  const email = record.email.toLowerCase();
  const found = (await readByEmail(call, [email], signal, ['email'])).get(email);
  if (found) return found.id;
  try {
    return parseBody(CreatedResponse, await call('POST', '/crm/v3/objects/contacts', { properties: contactProperties(record, ownerId) }, signal)).id;
  } catch (error) {
    // Created meanwhile (a colleague, or an earlier attempt whose answer was lost): that is the one.
    const existing = error instanceof HttpError && error.failure.kind === 'status' && error.failure.status === 409 ? EXISTING_ID.exec(serviceMessage(error.failure.body) ?? '')?.[1] : undefined;
    if (existing) return existing;
    throw error;
  }
}

/** Links the contact to its domain's company, creating that when missing; `made.company` says it did. */
async function company(call: HubSpotCall, contactId: string, record: NewRecord, made: { company: boolean }, signal: AbortSignal): Promise<void> {
  const domain = emailDomain(record.email).toLowerCase();
  if (!domain || FREE_MAIL_DOMAINS.has(domain)) return;
  const linked = parseBody(AssociationsResponse, await call('GET', `/crm/v4/objects/contacts/${encodeURIComponent(contactId)}/associations/companies?limit=1`, undefined, signal));
  if (linked.results.length > 0) return;
  const search = { filterGroups: [{ filters: [{ propertyName: 'domain', operator: 'EQ', value: domain }] }], properties: ['domain', 'name'], limit: 1 };
  const { results } = parseBody(SearchResponse, await call('POST', '/crm/v3/objects/companies/search', search, signal));
  let companyId = results[0]?.id;
  if (!companyId) {
    const created = await call('POST', '/crm/v3/objects/companies', { properties: { domain, ...(record.company ? { name: record.company } : {}) } }, signal);
    made.company = true;
    companyId = parseBody(CreatedResponse, created).id;
  }
  await call('PUT', `/crm/v4/objects/contacts/${encodeURIComponent(contactId)}/associations/default/companies/${encodeURIComponent(companyId)}`, undefined, signal);
}

/** Only what the page gave: the name split at its first space, company and title when shown. */
export function contactProperties(record: NewRecord, ownerId: string | undefined): Record<string, string> {
  const properties: Record<string, string> = { email: record.email.toLowerCase() };
  if (record.firstName) properties.firstname = record.firstName;
  if (record.lastName) properties.lastname = record.lastName;
  if (record.company) properties.company = record.company;
  if (record.title) properties.jobtitle = record.title;
  if (ownerId) properties.hubspot_owner_id = ownerId;
  return properties;
}
