/**
 * The team's side of a HubSpot contact: calls, notes, meetings, emails and tasks associated with
 * it (whoever logged them), the owners behind them as names, and the open deals of the contact and
 * its companies with their stage labels. Everything is capped: a contact with thousands of
 * engagements costs a bounded number of requests and the card shows the newest few.
 */
import type { Deal, SalesActivity } from '../../model/view';
import { HttpError, parseBody } from '../http';
import { isoTime, text } from '../map-util';
import type { HubSpotCall } from './client';
import { AssociationsResponse, type CrmObject, ObjectsBatchResponse, type Owner, OwnersResponse, PipelinesResponse } from './raw';

export type EngagementObject = 'calls' | 'notes' | 'meetings' | 'emails' | 'tasks';
export const ENGAGEMENT_OBJECTS: readonly EngagementObject[] = ['calls', 'emails', 'meetings', 'notes', 'tasks'];

/** Associated ids read per object type (one page); HubSpot ids grow with time, so the highest are kept. */
export const MAX_ASSOCIATED = 500;
/** Engagements read per object type (one batch read); the card shows the newest 20 of all types. */
export const MAX_READ_PER_TYPE = 50;
export const MAX_ACTIVITY = 20;
export const MAX_DEALS = 10;
const OWNER_PAGES = 4;

const TYPE: Record<EngagementObject, SalesActivity['type']> = { calls: 'call', notes: 'note', meetings: 'meeting', emails: 'email', tasks: 'task' };

/** Only subjects and titles: a note's or call's body stays in HubSpot. */
const SUBJECT: Record<EngagementObject, string | undefined> = {
  calls: 'hs_call_title',
  notes: undefined,
  meetings: 'hs_meeting_title',
  emails: 'hs_email_subject',
  tasks: 'hs_task_subject',
};

export const DEAL_PROPERTIES = ['dealname', 'dealstage', 'pipeline', 'amount', 'deal_currency_code', 'closedate', 'hubspot_owner_id', 'hs_is_closed'];

/**
 * The contact is worth showing even when its team data is not readable: a malformed answer, a
 * 4xx or 5xx on an engagement, deal or owner endpoint leaves that part out. Auth failures, rate
 * limits and the network still fail the lookup (they would fail it anyway, and the card says so).
 */
export async function bestEffort<T>(work: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const failure = error.failure;
    if (failure.kind === 'malformed' || failure.kind === 'too-large') return fallback;
    if (failure.kind === 'status' && ![401, 423, 429].includes(failure.status)) return fallback;
    throw error;
  }
}

/**
 * Owners and pipelines change rarely and are the same for every contact: kept for a few minutes per
 * account (base URL and token), so a thread with several people does not ask for them again and again
 * against HubSpot's per-10-seconds limit.
 */
const ACCOUNT_DATA_TTL_MS = 5 * 60_000;
const accountData = new Map<string, { at: number; value: Promise<unknown> }>();

export function remembered<T>(key: string, now: number, work: () => Promise<T>): Promise<T> {
  const hit = accountData.get(key);
  if (hit && now - hit.at < ACCOUNT_DATA_TTL_MS) return hit.value as Promise<T>;
  const value = work();
  accountData.set(key, { at: now, value });
  // A failure is not remembered: the next lookup asks again.
  value.catch(() => accountData.delete(key));
  if (accountData.size > 20) accountData.delete(accountData.keys().next().value!);
  return value;
}

/** Tests: forget remembered owners and pipelines. */
export function forgetAccountData(): void {
  accountData.clear();
}

function notFound(error: unknown): boolean {
  return error instanceof HttpError && error.failure.kind === 'status' && (error.failure.status === 403 || error.failure.status === 404);
}

/** Associated ids, highest (newest) first, at most `keep`. A missing scope or object reads as none. */
export async function associatedIds(call: HubSpotCall, from: 'contacts' | 'companies', id: string, to: string, keep: number, signal?: AbortSignal): Promise<string[]> {
  try {
    const path = `/crm/v4/objects/${from}/${encodeURIComponent(id)}/associations/${to}?limit=${MAX_ASSOCIATED}`;
    const { results } = parseBody(AssociationsResponse, await call('GET', path, undefined, signal));
    const ids = [...new Set(results.map((r) => String(r.toObjectId)).filter((v) => /^\d{1,30}$/.test(v)))];
    return ids.sort((a, b) => b.length - a.length || b.localeCompare(a)).slice(0, keep);
  } catch (error) {
    if (notFound(error)) return [];
    throw error;
  }
}

/** Objects by id; ids HubSpot no longer has (deleted since the association was read) are simply absent. */
export async function batchRead(call: HubSpotCall, type: string, ids: string[], properties: string[], signal?: AbortSignal): Promise<CrmObject[]> {
  if (ids.length === 0) return [];
  try {
    const body = { properties, inputs: ids.slice(0, 100).map((id) => ({ id })) };
    return parseBody(ObjectsBatchResponse, await call('POST', `/crm/v3/objects/${type}/batch/read`, body, signal)).results.filter((o) => !o.archived);
  } catch (error) {
    if (notFound(error)) return [];
    throw error;
  }
}

/** "First Last", else the owner's address, else nothing (the card says "a colleague"). */
export function ownerName(owner: Owner | undefined): string | undefined {
  if (!owner) return undefined;
  const name = [owner.firstName, owner.lastName].map((p) => p?.trim()).filter(Boolean).join(' ');
  return text(name || owner.email, 200);
}

/** Owner id → name, from the owners list (a few pages). Without the owners scope: no names. */
export async function ownerNames(call: HubSpotCall, signal?: AbortSignal): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  let after: string | undefined;
  try {
    for (let page = 0; page < OWNER_PAGES; page++) {
      const query = new URLSearchParams({ limit: '500' });
      if (after) query.set('after', after);
      const parsed = parseBody(OwnersResponse, await call('GET', `/crm/v3/owners?${query}`, undefined, signal));
      for (const owner of parsed.results) {
        const name = ownerName(owner);
        if (name) names.set(owner.id, name);
      }
      after = parsed.paging?.next?.after;
      if (!after) break;
    }
  } catch (error) {
    if (notFound(error)) return names;
    throw error;
  }
  return names;
}

export function engagementToActivity(type: EngagementObject, object: CrmObject, owners: ReadonlyMap<string, string>): SalesActivity | undefined {
  const p = object.properties;
  const at = isoTime(p.hs_timestamp) ?? isoTime(object.createdAt);
  if (!at) return undefined;
  const activity: SalesActivity = { id: `hubspot:${type}:${object.id}`, source: 'hubspot', type: TYPE[type], at };
  const field = SUBJECT[type];
  const subject = field ? text(p[field]?.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' '), 200) : undefined;
  if (subject) activity.subject = subject;
  const ownerId = p.hubspot_owner_id ?? undefined;
  const author = ownerId ? owners.get(ownerId) : undefined;
  if (author) activity.author = author;
  const status = text(p.hs_task_status ?? p.hs_call_status ?? p.hs_meeting_outcome ?? undefined, 40);
  if (status) activity.status = status;
  return activity;
}

/** The contact's engagements, newest first, at most MAX_ACTIVITY, and the owner ids they name. */
export async function readEngagements(call: HubSpotCall, contactId: string, signal?: AbortSignal): Promise<{ type: EngagementObject; object: CrmObject }[]> {
  const all: { type: EngagementObject; object: CrmObject }[] = [];
  for (const type of ENGAGEMENT_OBJECTS) {
    const ids = await associatedIds(call, 'contacts', contactId, type, MAX_READ_PER_TYPE, signal);
    const properties = ['hs_timestamp', 'hubspot_owner_id', ...(SUBJECT[type] ? [SUBJECT[type]!] : []), ...(type === 'tasks' ? ['hs_task_status'] : [])];
    for (const object of await batchRead(call, type, ids, properties, signal)) all.push({ type, object });
  }
  return all;
}

export interface Stages {
  label: Map<string, string>;
  closed: Set<string>;
}

export async function dealStages(call: HubSpotCall, signal?: AbortSignal): Promise<Stages> {
  const stages: Stages = { label: new Map(), closed: new Set() };
  try {
    const { results } = parseBody(PipelinesResponse, await call('GET', '/crm/v3/pipelines/deals', undefined, signal));
    for (const pipeline of results) {
      for (const stage of pipeline.stages) {
        if (stage.label) stages.label.set(stage.id, stage.label);
        if (String(stage.metadata?.isClosed) === 'true') stages.closed.add(stage.id);
      }
    }
  } catch (error) {
    if (!notFound(error)) throw error;
  }
  return stages;
}

/** Open deals of the contact and of its companies, newest first. */
export async function readDeals(call: HubSpotCall, contactId: string, signal?: AbortSignal): Promise<CrmObject[]> {
  const ids = new Set(await associatedIds(call, 'contacts', contactId, 'deals', MAX_DEALS * 2, signal));
  for (const company of await associatedIds(call, 'contacts', contactId, 'companies', 3, signal)) {
    for (const id of await associatedIds(call, 'companies', company, 'deals', MAX_DEALS * 2, signal)) ids.add(id);
  }
  return batchRead(call, 'deals', [...ids].slice(0, 100), DEAL_PROPERTIES, signal);
}

export function dealToView(object: CrmObject, stages: Stages, owners: ReadonlyMap<string, string>): Deal | undefined {
  const p = object.properties;
  if (p.hs_is_closed === 'true' || (p.dealstage && stages.closed.has(p.dealstage))) return undefined;
  const deal: Deal = { id: `hubspot:deal:${object.id}`, source: 'hubspot' };
  const name = text(p.dealname, 200);
  if (name) deal.name = name;
  const stage = p.dealstage ? text(stages.label.get(p.dealstage) ?? p.dealstage, 100) : undefined;
  if (stage) deal.stage = stage;
  const amount = p.amount ? Number(p.amount) : NaN;
  if (Number.isFinite(amount)) deal.amount = amount;
  const currency = p.deal_currency_code?.trim().toUpperCase();
  if (currency && /^[A-Z]{3}$/.test(currency)) deal.currency = currency;
  const close = isoTime(p.closedate);
  if (close) deal.closeDate = close;
  const owner = p.hubspot_owner_id ? owners.get(p.hubspot_owner_id) : undefined;
  if (owner) deal.owner = owner;
  return deal;
}
