/**
 * HubSpot as the sync destination: each logged action becomes a note, call, meeting or task
 * associated with the prospect's contact and attributed to the rep's owner id. The contact is the one
 * the card showed when the action was logged (its `target`) while it still has the person's address.
 */
import { clock } from '../../clock';
import { t } from '../../i18n';
import { productionWait } from '../../test-waits';
import type { SalesAction } from '../../model/action';
import type { Prospect } from '../../model/prospect';
import { profileRef } from '../../identity/linkedin-url';
import { isNameKey, nameOfKey, pickNamesake } from '../../identity/name';
import type { HubSpotConnection } from './definition';
import type { DeliveryContext, DeliveryOutcome, Destination } from '../../sync/types';
import { actionMarker } from '../action-text';
import { type FetchImpl, HttpError, acknowledgedUnreadable, defaultFetch, parseBody, toOutcome, toSourceError } from '../http';
import { BODY_PROPERTY, activityRecord, objectTypeFor } from './activity';
import { createInHubSpot } from './create';
import { HUBSPOT_WORDS, type HubSpotCall, type HubSpotCredentials, type HubSpotOptions, hubspotClient } from './client';
import { CreatedResponse, CrmObject, SearchResponse } from './raw';
import { readHubSpotFeedback } from './feedback';
import { readByEmail } from './source';

export interface HubSpotDestinationOptions extends HubSpotOptions {
  /**
   * HubSpot search is eventually consistent: a record created moments ago may not be found yet.
   * findExisting answers "unknown" until this long after the uncertain attempt, so the outbox waits
   * instead of creating a duplicate.
   */
  settleMs?: number;
}

/**
 * HubSpot documents its search as catching up "after seconds"; a minute gives a lagging index room
 * before a "not found" is believed (a 45 s lag with 10 s here produced a duplicate note in testing).
 */
export const DEFAULT_SETTLE_MS = productionWait(60_000);

type Contact = { id: string } | { outcome: DeliveryOutcome };

export function createHubSpotDestination(
  config: HubSpotConnection,
  creds: HubSpotCredentials,
  fetchImpl: FetchImpl = defaultFetch,
  options: HubSpotDestinationOptions = {},
): Destination {
  const call = hubspotClient(config, creds, fetchImpl, options);
  const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;

  async function deliver(action: SalesAction, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    if (action.type === 'crm_create') {
      return action.record ? createInHubSpot(call, action.record, config.ownerId, ctx.signal) : { kind: 'fatal', error: t('srcError_nothingToAdd') };
    }
    const contact = await findContact(call, config, action, ctx);
    if ('outcome' in contact) return contact.outcome;
    const { objectType, body } = activityRecord(action, contact.id, config.ownerId);
    try {
      const response = await call('POST', `/crm/v3/objects/${objectType}`, body, ctx.signal);
      return { kind: 'delivered', remoteId: parseBody(CreatedResponse, response).id };
    } catch (error) {
      // A 2xx whose body we cannot read still means HubSpot created the record.
      if (acknowledgedUnreadable(error)) return { kind: 'delivered' };
      return toOutcome(error, HUBSPOT_WORDS, true);
    }
  }

  async function findExisting(action: SalesAction, ctx: DeliveryContext) {
    const since = action.sync.uncertainSince ? Date.parse(action.sync.uncertainSince) : undefined;
    if (since !== undefined && clock.now() - since < settleMs) return { unknown: 'Waiting for HubSpot search to catch up' };
    // Adding a person reads before each write (create.ts): sending it again is how it is finished.
    if (action.type === 'crm_create') return { found: false as const };
    const objectType = objectTypeFor(action);
    const property = BODY_PROPERTY[objectType];
    const search = {
      filterGroups: [{ filters: [{ propertyName: property, operator: 'CONTAINS_TOKEN', value: action.id }] }],
      properties: [property],
      limit: 10,
    };
    try {
      const { results } = parseBody(SearchResponse, await call('POST', `/crm/v3/objects/${objectType}/search`, search, ctx.signal));
      // Token search can match loosely; only the exact marker line proves it is this action's record.
      const match = results.find((r) => r.properties[property]?.includes(actionMarker(action.id)));
      return match ? { found: true as const, remoteId: match.id } : { found: false as const };
    } catch (error) {
      const outcome = toOutcome(error, HUBSPOT_WORDS, false);
      const unknown = 'error' in outcome ? outcome.error : 'HubSpot search failed';
      return outcome.kind === 'retry' && outcome.retryAfterMs ? { unknown, retryAfterMs: outcome.retryAfterMs } : { unknown };
    }
  }

  return {
    kind: 'hubspot',
    ratePerSecond: 4,
    deliver,
    findExisting,
    // Failures in words ("HubSpot rejected the token (401) — check it in Options"), as a lookup's are.
    readFeedback: (range, cap, signal) =>
      readHubSpotFeedback(call, range, cap, signal).catch((error: unknown) => {
        throw toSourceError(error, HUBSPOT_WORDS);
      }),
  };
}

/** The prospect's emails as the outbox knows them; the key itself when it is an address. */
function emailsOf(action: SalesAction, ctx: DeliveryContext): string[] {
  const emails = [...(ctx.prospect?.emails ?? [])];
  if (action.prospectKey.includes('@') && !action.prospectKey.startsWith('linkedin')) emails.unshift(action.prospectKey);
  return [...new Set(emails.map((e) => e.toLowerCase()))];
}

/** A HubSpot record id: digits (`hs_object_id`). */
const HUBSPOT_ID = /^\d{1,20}$/;

/**
 * The contact the card showed (docs/architecture.md, "Several records in a source for one person"),
 * when it still exists and still fits the person the way the lookup matched it: by one of the
 * person's addresses; for a person with none, by their LinkedIn profile (`hs_linkedin_url`) or by
 * their name (first and last name), as the source searched for them. The target is set by the
 * background, but it is stored data: its id is checked before it goes into a path, and a contact that
 * no longer fits is never written to. A 404 (deleted or merged away) leaves the search by email.
 */
async function shownContact(call: HubSpotCall, action: SalesAction, emails: readonly string[], ctx: DeliveryContext): Promise<string | undefined> {
  const id = action.target?.source === 'hubspot' ? action.target.externalId : undefined;
  if (!id || !HUBSPOT_ID.test(id)) return undefined;
  const fits = emails.length > 0 ? byAddress(emails) : byProfileOrName(action.prospectKey, ctx.prospect);
  if (!fits) return undefined;
  try {
    const path = `/crm/v3/objects/contacts/${id}?properties=${SHOWN_PROPERTIES.join(',')}`;
    const contact = parseBody(CrmObject, await call('GET', path, undefined, ctx.signal));
    return fits(contact) ? contact.id : undefined;
  } catch (error) {
    if (error instanceof HttpError && error.failure.kind === 'status' && error.failure.status === 404) return undefined;
    throw error;
  }
}

const SHOWN_PROPERTIES = ['email', 'hs_linkedin_url', 'firstname', 'lastname'];

type Fits = (contact: CrmObject) => boolean;

function byAddress(emails: readonly string[]): Fits {
  return (contact) => {
    const email = contact.properties.email?.trim().toLowerCase();
    return !!email && emails.includes(email);
  };
}

/**
 * A person without an address is keyed by their profile (`linkedin:<slug>`; a Sales Navigator lead
 * by the profile stored with them) or by their name (`name:<name>`); anyone else has nothing a
 * contact could be checked against.
 */
function byProfileOrName(key: string, prospect: Prospect | undefined): Fits | undefined {
  const profiles = new Set([key, profileRef(prospect?.linkedinUrl)?.key].filter((k) => k?.startsWith('linkedin:')));
  if (profiles.size > 0) return (contact) => profiles.has(profileRef(contact.properties.hs_linkedin_url)?.key ?? '');
  if (!isNameKey(key)) return undefined;
  const name = nameOfKey(key);
  return (contact) => pickNamesake(name, [contact], [], (c) => ({ firstname: c.properties.firstname, lastname: c.properties.lastname })) !== undefined;
}

/**
 * The contact the record is attached to: the one the card showed first; else by email; else the id a
 * lookup stored on the prospect; else a new contact when the rep allowed it. Reads are safe to repeat,
 * and HubSpot's unique email makes a repeated create fail rather than duplicate, so none of this is
 * "uncertain".
 */
async function findContact(call: HubSpotCall, config: HubSpotConnection, action: SalesAction, ctx: DeliveryContext): Promise<Contact> {
  const emails = emailsOf(action, ctx);
  try {
    const shown = await shownContact(call, action, emails, ctx);
    if (shown) return { id: shown };
    const byEmail = await readByEmail(call, emails, ctx.signal, ['email']);
    const found = emails.map((e) => byEmail.get(e)).find(Boolean);
    if (found) return { id: found.id };
    const ref = ctx.prospect?.refs.find((r) => r.source === 'hubspot');
    if (ref) return { id: ref.externalId };
    const email = emails[0];
    if (!config.createContacts || !email) {
      return { outcome: { kind: 'fatal', error: t('srcError_noContact', 'HubSpot', email ?? action.prospectKey) } };
    }
    const created = await call('POST', '/crm/v3/objects/contacts', { properties: newContactProperties(email, ctx, config.ownerId) }, ctx.signal);
    return { id: parseBody(CreatedResponse, created).id };
  } catch (error) {
    if (error instanceof HttpError && error.failure.kind === 'status' && error.failure.status === 409) {
      return { outcome: { kind: 'retry', error: t('srcError_hubspotCreatedMeanwhile') } };
    }
    return { outcome: toOutcome(error, HUBSPOT_WORDS, false) };
  }
}

function newContactProperties(email: string, ctx: DeliveryContext, ownerId: string | undefined): Record<string, string> {
  const p = ctx.prospect;
  const [first, ...rest] = (p?.name ?? '').trim().split(/\s+/);
  const properties: Record<string, string> = { email };
  if (first) properties.firstname = first;
  if (rest.length) properties.lastname = rest.join(' ');
  if (p?.company) properties.company = p.company;
  if (p?.title) properties.jobtitle = p.title;
  if (p?.linkedinUrl) properties.hs_linkedin_url = p.linkedinUrl;
  if (ownerId) properties.hubspot_owner_id = ownerId;
  return properties;
}
