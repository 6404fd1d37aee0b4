/**
 * A loopback HubSpot that checks requests the way the real API does: Bearer token, paths, methods,
 * JSON bodies, property names and enumerations, association type ids, owner ids and scopes. It
 * answers in HubSpot's documented shapes and errors, enforces a configurable rate limit (429 with
 * `policyName`), and makes created records searchable only after a configurable delay, as HubSpot's
 * eventually consistent search does.
 */
import { randomUUID } from 'node:crypto';
import { type LoggedRequest, type MockReply, type MockServer, type Route, startMockServer } from '../../../tests/mocks/server';
import {
  type SeedCompany,
  type SeedContact,
  type SeedDangling,
  type SeedDeal,
  type SeedEngagement,
  type SeedOwner,
  type SeedParticipation,
  type SeedPipeline,
  hubspotSeed,
  hubspotTeamSeed,
} from './mock-seed';

export type HubSpotObjectType = 'contacts' | 'notes' | 'calls' | 'meetings' | 'tasks' | 'emails' | 'companies' | 'deals';
/** The activity types this mock lets a client create. */
type WritableActivity = 'notes' | 'calls' | 'meetings' | 'tasks' | 'emails';

export interface HubSpotRecord {
  id: string;
  properties: Record<string, string>;
  /** `toObjectType` defaults to contacts (what activities are created with). */
  associations: { to: { id: string }; toObjectType?: HubSpotObjectType; types: { associationCategory: string; associationTypeId: number }[] }[];
  /** Mock-clock milliseconds. */
  createdAt: number;
}

export interface RateLimit {
  max: number;
  windowMs?: number;
  policyName?: 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';
  /** Send `Retry-After` with this many seconds; no header when absent. */
  retryAfterSeconds?: number;
  /**
   * The account's time-zone setting (IANA name, default UTC). A DAILY limit without `windowMs` counts
   * the requests of the account's calendar day and resets at its midnight, as HubSpot's does.
   */
  timeZone?: string;
}

export interface HubSpotMockOptions {
  token?: string;
  /** The mock's clock (search visibility, rate window, seed dates). */
  now?: () => number;
  /** How long a created record stays invisible to search. */
  searchDelayMs?: number;
  rateLimit?: RateLimit;
  /** Scopes the private app lacks, e.g. `crm.objects.marketing_events.read`: those endpoints answer 403. */
  missingScopes?: string[];
  /** Seed for `rate` faults. */
  seed?: number;
  contacts?: SeedContact[];
  participations?: SeedParticipation[];
  owners?: SeedOwner[];
  /**
   * Seed the team's engagements, companies, deals and pipelines (hubspotTeamSeed) — off by default so
   * tests of writes see only what they wrote; the arrays below replace the seed's.
   */
  team?: boolean;
  engagements?: SeedEngagement[];
  companies?: SeedCompany[];
  deals?: SeedDeal[];
  pipelines?: SeedPipeline[];
  dangling?: SeedDangling[];
}

export interface HubSpotMock extends MockServer {
  token: string;
  records: Record<HubSpotObjectType, HubSpotRecord[]>;
  setRateLimit(limit: RateLimit | undefined): void;
  setSearchDelay(ms: number): void;
}

const ASSOCIATION_TYPE: Record<WritableActivity, number> = { notes: 202, calls: 194, meetings: 200, tasks: 204, emails: 198 };
/** HubSpot-defined association type ids from a contact (or company) to each object type, for v4 answers. */
const FROM_CONTACT_TYPE: Partial<Record<HubSpotObjectType, number>> = { notes: 202, calls: 194, meetings: 200, tasks: 204, emails: 198, deals: 4, companies: 279 };
const FROM_COMPANY_TYPE: Partial<Record<HubSpotObjectType, number>> = { deals: 342, contacts: 280 };

const OWNER = ['hubspot_owner_id'];
/**
 * Properties a contact or company may be created with here (a portal's own custom properties aside,
 * HubSpot refuses names it does not know with PROPERTY_DOESNT_EXIST).
 */
const RECORD_PROPERTIES: Partial<Record<HubSpotObjectType, string[]>> = {
  contacts: ['email', 'firstname', 'lastname', 'company', 'jobtitle', 'phone', 'website', 'hs_linkedin_url', 'hubspot_owner_id', 'lifecyclestage', 'hs_lead_status'],
  companies: ['name', 'domain', 'website', 'industry', 'city', 'country', 'phone', 'hubspot_owner_id'],
};
/** HubSpot's check of an email property: one @, a dotted domain, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const ALLOWED: Record<WritableActivity, string[]> = {
  notes: ['hs_timestamp', 'hs_note_body', 'hs_attachment_ids', ...OWNER],
  calls: ['hs_timestamp', 'hs_call_title', 'hs_call_body', 'hs_call_direction', 'hs_call_duration', 'hs_call_status', 'hs_call_disposition', 'hs_call_from_number', 'hs_call_to_number', ...OWNER],
  meetings: ['hs_timestamp', 'hs_meeting_title', 'hs_meeting_body', 'hs_meeting_start_time', 'hs_meeting_end_time', 'hs_meeting_outcome', 'hs_meeting_location', 'hs_internal_meeting_notes', ...OWNER],
  tasks: ['hs_timestamp', 'hs_task_subject', 'hs_task_body', 'hs_task_status', 'hs_task_priority', 'hs_task_type', ...OWNER],
  emails: ['hs_timestamp', 'hs_email_direction', 'hs_email_status', 'hs_email_subject', 'hs_email_text', 'hs_email_html', 'hs_email_headers', 'hs_attachment_ids', ...OWNER],
};

const ENUMS: Record<string, string[]> = {
  hs_call_direction: ['INBOUND', 'OUTBOUND'],
  hs_call_status: ['BUSY', 'CALLING_CRM_USER', 'CANCELED', 'COMPLETED', 'CONNECTING', 'FAILED', 'IN_PROGRESS', 'NO_ANSWER', 'QUEUED', 'RINGING'],
  hs_meeting_outcome: ['SCHEDULED', 'COMPLETED', 'RESCHEDULED', 'NO_SHOW', 'CANCELED'],
  hs_task_status: ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED'],
  hs_task_priority: ['LOW', 'MEDIUM', 'HIGH', 'NONE'],
  hs_task_type: ['TODO', 'CALL', 'EMAIL', 'LINKED_IN', 'MEETING'],
  hs_email_direction: ['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL'],
  hs_email_status: ['BOUNCED', 'FAILED', 'SCHEDULED', 'SENDING', 'SENT'],
};
const DATES = new Set(['hs_timestamp', 'hs_meeting_start_time', 'hs_meeting_end_time']);
const NUMBERS = new Set(['hs_call_duration']);
const OPERATORS = new Set(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN']);

const SCOPES = {
  contactsRead: 'crm.objects.contacts.read',
  contactsWrite: 'crm.objects.contacts.write',
  owners: 'crm.objects.owners.read',
  marketingEvents: 'crm.objects.marketing_events.read',
  companiesRead: 'crm.objects.companies.read',
  companiesWrite: 'crm.objects.companies.write',
  dealsRead: 'crm.objects.deals.read',
  emailsRead: 'sales-email-read',
};

/** The scope each object's read needs. */
const READ_SCOPE: Record<HubSpotObjectType, string> = {
  contacts: SCOPES.contactsRead,
  notes: SCOPES.contactsRead,
  calls: SCOPES.contactsRead,
  meetings: SCOPES.contactsRead,
  tasks: SCOPES.contactsRead,
  emails: SCOPES.emailsRead,
  companies: SCOPES.companiesRead,
  deals: SCOPES.dealsRead,
};

/** `hs_email_headers` is a JSON string: `{ from: { email }, to: [{ email }], cc: [], bcc: [] }`. */
function validHeaders(text: string): boolean {
  try {
    const headers = JSON.parse(text) as Record<string, unknown>;
    const person = (p: unknown) => typeof p === 'object' && p !== null && typeof (p as { email?: unknown }).email === 'string';
    const people = (list: unknown) => list === undefined || (Array.isArray(list) && list.every(person));
    return person(headers.from) && people(headers.to) && people(headers.cc) && people(headers.bcc);
  } catch {
    return false;
  }
}

export function hubspotError(status: number, message: string, category: string, extra: Record<string, unknown> = {}): MockReply {
  return { status, body: { status: 'error', message, correlationId: randomUUID(), category, ...extra } };
}

const validation = (message: string) => hubspotError(400, message, 'VALIDATION_ERROR');
const invalidProperty = (name: string, error: string, message: string) =>
  validation(`Property values were not valid: ${JSON.stringify([{ isValid: false, message, error, name }])}`);

export async function startHubSpotMock(options: HubSpotMockOptions = {}): Promise<HubSpotMock> {
  const now = options.now ?? Date.now;
  const token = options.token ?? 'pat-na1-test-token';
  const seed = hubspotSeed(now());
  const owners = options.owners ?? seed.owners;
  const participations = options.participations ?? seed.participations;
  const missingScopes = new Set(options.missingScopes ?? []);
  let rateLimit = options.rateLimit;
  let searchDelayMs = options.searchDelayMs ?? 0;
  let hits: number[] = [];
  let nextId = 1000;

  const records: Record<HubSpotObjectType, HubSpotRecord[]> = { contacts: [], notes: [], calls: [], meetings: [], tasks: [], emails: [], companies: [], deals: [] };
  for (const c of options.contacts ?? seed.contacts) {
    const properties = Object.fromEntries(Object.entries(c.properties).filter((e): e is [string, string] => e[1] !== null));
    records.contacts.push({ id: c.id, properties, associations: [], createdAt: now() - 400 * 86_400_000 });
  }
  const team = options.team ? hubspotTeamSeed(now()) : { engagements: [], companies: [], deals: [], pipelines: [], dangling: [] };
  const link = (ids: string[], toObjectType: HubSpotObjectType, typeId: number) =>
    ids.map((id) => ({ to: { id }, toObjectType, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }] }));
  for (const e of options.engagements ?? team.engagements) {
    records[e.type].push({ id: e.id, properties: { ...e.properties }, associations: link(e.contactIds, 'contacts', FROM_CONTACT_TYPE[e.type]!), createdAt: now() - 30 * 86_400_000 });
  }
  for (const c of options.companies ?? team.companies) {
    records.companies.push({ id: c.id, properties: { ...c.properties }, associations: link(c.contactIds, 'contacts', 280), createdAt: now() - 400 * 86_400_000 });
  }
  for (const d of options.deals ?? team.deals) {
    records.deals.push({ id: d.id, properties: { ...d.properties }, associations: [...link(d.contactIds, 'contacts', 3), ...link(d.companyIds, 'companies', 341)], createdAt: now() - 60 * 86_400_000 });
  }
  const pipelines = options.pipelines ?? team.pipelines;
  const dangling = options.dangling ?? team.dangling;

  const iso = (ms: number) => new Date(ms).toISOString();
  const visible = (r: HubSpotRecord) => r.createdAt + searchDelayMs <= now();

  function present(record: HubSpotRecord, requested: string[] | undefined) {
    const names = requested ?? ['email', 'firstname', 'lastname'];
    const properties: Record<string, string | null> = { hs_object_id: record.id, createdate: iso(record.createdAt), lastmodifieddate: iso(record.createdAt) };
    for (const name of names) properties[name] = record.properties[name] ?? null;
    return { id: record.id, properties, createdAt: iso(record.createdAt), updatedAt: iso(record.createdAt), archived: false };
  }

  function scope(name: string): MockReply | undefined {
    if (!missingScopes.has(name)) return undefined;
    return hubspotError(
      403,
      "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
      'MISSING_SCOPES',
      { errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [name] } }] },
    );
  }

  function guard(request: LoggedRequest): MockReply | undefined {
    if (request.headers.authorization !== `Bearer ${token}`) {
      return hubspotError(
        401,
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
        'INVALID_AUTHENTICATION',
      );
    }
    if (rateLimit) {
      if (rateLimit.policyName === 'DAILY' && rateLimit.windowMs === undefined) {
        const day = accountDay(rateLimit.timeZone);
        hits = hits.filter((t) => day(t) === day(now()));
      } else {
        const windowMs = rateLimit.windowMs ?? 10_000;
        hits = hits.filter((t) => t > now() - windowMs);
      }
      if (hits.length >= rateLimit.max) {
        const policyName = rateLimit.policyName ?? 'TEN_SECONDLY_ROLLING';
        const reply = hubspotError(429, `You have reached your ${policyName.toLowerCase()} limit.`, 'RATE_LIMITS', {
          errorType: 'RATE_LIMIT',
          policyName,
          groupName: 'publicapi:private-app:0:prospect-lens',
        });
        if (rateLimit.retryAfterSeconds !== undefined) reply.headers = { 'retry-after': String(rateLimit.retryAfterSeconds) };
        return reply;
      }
      hits.push(now());
    }
    if (request.method === 'POST' || request.method === 'PATCH') {
      if (!String(request.headers['content-type'] ?? '').includes('application/json')) {
        return hubspotError(415, 'Unsupported Media Type: use application/json', 'VALIDATION_ERROR');
      }
      if (typeof request.json !== 'object' || request.json === null || Array.isArray(request.json)) {
        return validation('Invalid input JSON on line 1, column 1: Cannot build the request body');
      }
    }
    return undefined;
  }

  const body = (request: LoggedRequest) => request.json as Record<string, unknown>;
  const findContact = (idOrEmail: string, idProperty?: string | null) =>
    records.contacts.find((c) => (idProperty === 'email' ? c.properties.email?.toLowerCase() === idOrEmail.toLowerCase() : c.id === idOrEmail));

  function stringArray(value: unknown): string[] | undefined {
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  }

  function batchRead(type: HubSpotObjectType, request: LoggedRequest): MockReply {
    const denied = scope(READ_SCOPE[type]);
    if (denied) return denied;
    const { inputs, properties, idProperty } = body(request);
    if (!Array.isArray(inputs) || inputs.some((i) => typeof (i as { id?: unknown })?.id !== 'string')) return validation('inputs: each input needs an "id" string');
    if (inputs.length > 100) return validation('inputs: the batch size limit is 100');
    if (properties !== undefined && !stringArray(properties)) return validation('properties must be an array of strings');
    if (idProperty !== undefined && typeof idProperty !== 'string') return validation('idProperty must be a string');
    const requested = stringArray(properties);
    const results = [];
    const missing: string[] = [];
    for (const input of inputs as { id: string }[]) {
      const found = type === 'contacts' ? findContact(input.id, idProperty as string | undefined) : records[type].find((r) => r.id === input.id);
      if (found) results.push(present(found, requested));
      else missing.push(input.id);
    }
    const answer: Record<string, unknown> = { status: 'COMPLETE', results, startedAt: iso(now()), completedAt: iso(now()) };
    if (missing.length === 0) return { status: 200, body: answer };
    answer.numErrors = 1;
    answer.errors = [
      {
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        message: `Could not get some ${type.replace(/s$/, '').replace(/ie$/, 'y').toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
        context: { ids: missing },
      },
    ];
    return { status: 207, body: answer };
  }

  function validateProperties(type: HubSpotObjectType, raw: unknown): { props: Record<string, string> } | { error: MockReply } {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { error: validation('properties: an object is required') };
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw)) {
      const known = RECORD_PROPERTIES[type] ?? ALLOWED[type as WritableActivity];
      if (!known?.includes(name)) return { error: invalidProperty(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`) };
      if (!['string', 'number', 'boolean'].includes(typeof value)) return { error: invalidProperty(name, 'INVALID_PROPERTY_VALUE', `${JSON.stringify(value)} is not a valid value`) };
      const text = String(value);
      if (ENUMS[name] && !ENUMS[name].includes(text)) return { error: invalidProperty(name, 'INVALID_OPTION', `${text} was not one of the allowed options: ${ENUMS[name].join(', ')}`) };
      if (DATES.has(name) && !/^\d+$/.test(text) && Number.isNaN(Date.parse(text))) return { error: invalidProperty(name, 'INVALID_DATE', `${text} is not a valid date`) };
      if (NUMBERS.has(name) && !/^\d+$/.test(text)) return { error: invalidProperty(name, 'INVALID_LONG', `${text} was not a valid long.`) };
      if (name === 'hs_email_headers' && !validHeaders(text)) return { error: invalidProperty(name, 'INVALID_PROPERTY_VALUE', `${text} is not valid email headers JSON`) };
      if (name === 'hubspot_owner_id' && !owners.some((o) => o.id === text)) return { error: invalidProperty(name, 'INVALID_OWNER_ID', `${text} is not a valid owner id`) };
      out[name] = text;
    }
    if (!RECORD_PROPERTIES[type] && !out.hs_timestamp) return { error: invalidProperty('hs_timestamp', 'REQUIRED_PROPERTY', 'hs_timestamp is required') };
    if (type === 'contacts' && out.email !== undefined && !EMAIL.test(out.email)) return { error: invalidProperty('email', 'INVALID_EMAIL', `Email address ${out.email} is invalid`) };
    if (type === 'companies' && out.domain !== undefined && !/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(out.domain)) {
      return { error: invalidProperty('domain', 'INVALID_DOMAIN', `${out.domain} is not a valid domain (no scheme, path or address)`) };
    }
    return { props: out };
  }

  function create(type: HubSpotObjectType, request: LoggedRequest): MockReply {
    const denied = scope(type === 'companies' ? SCOPES.companiesWrite : SCOPES.contactsWrite);
    if (denied) return denied;
    const checked = validateProperties(type, body(request).properties);
    if ('error' in checked) return checked.error;
    const props = checked.props;
    const associations = body(request).associations ?? [];
    if (!Array.isArray(associations)) return validation('associations must be an array');
    for (const a of associations as HubSpotRecord['associations']) {
      const target = a?.to?.id;
      if (typeof target !== 'string' || !findContact(target)) return hubspotError(400, `No contact with id ${String(target)} exists`, 'VALIDATION_ERROR');
      const kind = a.types?.[0];
      if (type === 'contacts' || kind?.associationCategory !== 'HUBSPOT_DEFINED' || kind.associationTypeId !== ASSOCIATION_TYPE[type as WritableActivity]) {
        return validation(`Invalid association type for ${type} to contacts: ${JSON.stringify(a.types)}`);
      }
    }
    if (type === 'contacts' && props.email && findContact(props.email, 'email')) {
      return hubspotError(409, `Contact already exists. Existing ID: ${findContact(props.email, 'email')!.id}`, 'CONFLICT');
    }
    const record: HubSpotRecord = { id: String(nextId++), properties: props, associations: associations as HubSpotRecord['associations'], createdAt: now() };
    records[type].push(record);
    return { status: 201, body: present(record, Object.keys(props)) };
  }

  function matches(record: HubSpotRecord, filter: Record<string, unknown>): boolean {
    const value = record.properties[String(filter.propertyName)];
    const wanted = String(filter.value ?? '').toLowerCase();
    switch (filter.operator) {
      case 'EQ':
        return value?.toLowerCase() === wanted;
      case 'NEQ':
        return value?.toLowerCase() !== wanted;
      case 'IN':
        return (stringArray(filter.values) ?? []).some((v) => v.toLowerCase() === value?.toLowerCase());
      case 'NOT_IN':
        return !(stringArray(filter.values) ?? []).some((v) => v.toLowerCase() === value?.toLowerCase());
      case 'HAS_PROPERTY':
        return value !== undefined && value !== '';
      case 'NOT_HAS_PROPERTY':
        return value === undefined || value === '';
      case 'CONTAINS_TOKEN':
      case 'NOT_CONTAINS_TOKEN': {
        const pattern = new RegExp(`^${wanted.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
        const found = tokens(value).some((t) => pattern.test(t));
        return filter.operator === 'CONTAINS_TOKEN' ? found : !found;
      }
      default:
        return compare(value, filter);
    }
  }

  function search(type: HubSpotObjectType, request: LoggedRequest): MockReply {
    // Searching emails reads their content, which needs the sales email scope (READ_SCOPE).
    const denied = scope(READ_SCOPE[type]);
    if (denied) return denied;
    const { filterGroups = [], properties, limit = 10, after = '0' } = body(request);
    if (!Array.isArray(filterGroups) || filterGroups.length > 5) return validation('filterGroups: at most 5 groups');
    let filterCount = 0;
    for (const group of filterGroups as { filters?: unknown }[]) {
      if (!Array.isArray(group?.filters) || group.filters.length > 6) return validation('filterGroups[].filters: at most 6 filters per group');
      filterCount += group.filters.length;
      for (const f of group.filters as Record<string, unknown>[]) {
        if (typeof f?.propertyName !== 'string' || !OPERATORS.has(String(f.operator))) return validation(`Invalid filter: ${JSON.stringify(f)}`);
        const needsValue = !['HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'IN', 'NOT_IN'].includes(String(f.operator));
        if (needsValue && f.value === undefined) return validation(`Filter on ${f.propertyName} needs a value`);
      }
    }
    if (filterCount > 18) return validation('At most 18 filters in all');
    if (typeof limit !== 'number' || limit < 1 || limit > 200) return validation('limit must be between 1 and 200');
    const all = records[type].filter(visible).filter((r) =>
      (filterGroups as { filters: Record<string, unknown>[] }[]).length === 0
        ? true
        : (filterGroups as { filters: Record<string, unknown>[] }[]).some((g) => g.filters.every((f) => matches(r, f))),
    );
    const start = Number(after) || 0;
    const page = all.slice(start, start + limit).map((r) => present(r, stringArray(properties)));
    const reply: Record<string, unknown> = { total: all.length, results: page };
    if (start + limit < all.length) reply.paging = { next: { after: String(start + limit) } };
    return { status: 200, body: reply };
  }

  function breakdown(request: LoggedRequest, idOrEmail: string): MockReply {
    const denied = scope(SCOPES.marketingEvents);
    if (denied) return denied;
    const contact = findContact(idOrEmail) ?? findContact(idOrEmail, 'email');
    const state = request.query.get('state');
    const limit = Math.min(Number(request.query.get('limit') ?? 10) || 10, 100);
    const start = Number(request.query.get('after') ?? 0) || 0;
    const all = participations.filter((p) => p.contactId === contact?.id && (!state || p.attendanceState === state));
    // As HubSpot answers: `occurredAt` in epoch milliseconds, and a registration nobody attended with
    // its duration and percentage null, not 0.
    const attended = (p: SeedParticipation) => p.attendanceState === 'ATTENDED';
    const results = all.slice(start, start + limit).map((p) => ({
      id: p.id,
      createdAt: p.occurredAt,
      properties: {
        attendanceState: p.attendanceState,
        occurredAt: Date.parse(p.occurredAt),
        attendanceDurationSeconds: attended(p) ? 2700 : null,
        attendancePercentage: attended(p) ? '75' : null,
      },
      associations: {
        marketingEvent: { marketingEventId: p.marketingEventId, name: p.eventName, externalEventId: `ext-${p.marketingEventId}` },
        contact: { contactId: contact!.id, firstname: contact!.properties.firstname ?? null, lastname: contact!.properties.lastname ?? null, email: contact!.properties.email ?? null },
      },
    }));
    const reply: Record<string, unknown> = { results };
    if (start + limit < all.length) reply.paging = { next: { after: String(start + limit) } };
    return { status: 200, body: reply };
  }

  function listOwners(request: LoggedRequest): MockReply {
    const denied = scope(SCOPES.owners);
    if (denied) return denied;
    const email = request.query.get('email')?.toLowerCase();
    const limit = Number(request.query.get('limit') ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) return validation('limit must be between 1 and 500');
    const start = Number(request.query.get('after') ?? 0) || 0;
    const all = owners.filter((o) => !email || o.email.toLowerCase() === email);
    const results = all.slice(start, start + limit);
    const reply: Record<string, unknown> = { results: results.map((o) => ({ ...o, createdAt: iso(0), updatedAt: iso(0), archived: false })) };
    if (start + limit < all.length) reply.paging = { next: { after: String(start + limit), link: `/crm/v3/owners?after=${start + limit}` } };
    return { status: 200, body: reply };
  }

  const OBJECT_TYPES = new Set<string>(['contacts', 'notes', 'calls', 'meetings', 'tasks', 'emails', 'companies', 'deals']);

  /** `GET /crm/v4/objects/{from}/{id}/associations/{to}`: paged by `after`, at most 500 a page. */
  function associations(request: LoggedRequest, from: string, id: string, to: string): MockReply {
    if (!OBJECT_TYPES.has(from) || !OBJECT_TYPES.has(to)) return validation(`Unable to infer object type from: ${OBJECT_TYPES.has(from) ? to : from}`);
    const denied = scope(READ_SCOPE[from as HubSpotObjectType]) ?? scope(READ_SCOPE[to as HubSpotObjectType]);
    if (denied) return denied;
    const limit = Number(request.query.get('limit') ?? 500);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) return validation('limit must be between 1 and 500');
    if (!records[from as HubSpotObjectType].some((r) => r.id === id)) return hubspotError(404, `No ${from} with id ${id}`, 'OBJECT_NOT_FOUND');
    const typeId = (from === 'contacts' ? FROM_CONTACT_TYPE : FROM_COMPANY_TYPE)[to as HubSpotObjectType] ?? 1;
    const ids = new Set<string>();
    // Stored on the other side (activities and deals name their contacts and companies)…
    for (const r of records[to as HubSpotObjectType]) if (r.associations.some((a) => a.to.id === id && (a.toObjectType ?? 'contacts') === from)) ids.add(r.id);
    // …or on this side (a company names its contacts).
    for (const a of records[from as HubSpotObjectType].find((r) => r.id === id)!.associations) if ((a.toObjectType ?? 'contacts') === to) ids.add(a.to.id);
    if (to === 'companies') for (const c of records.companies) if (c.associations.some((a) => a.to.id === id && from === 'contacts')) ids.add(c.id);
    for (const d of dangling) if (d.from === from && d.fromId === id && d.to === to) ids.add(d.toId);
    const all = [...ids].sort((a, b) => Number(a) - Number(b));
    const start = Number(request.query.get('after') ?? 0) || 0;
    const results = all.slice(start, start + limit).map((toObjectId) => ({
      toObjectId: Number(toObjectId),
      associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId, label: null }],
    }));
    const reply: Record<string, unknown> = { results };
    if (start + limit < all.length) reply.paging = { next: { after: String(start + limit), link: `${request.path}?after=${start + limit}` } };
    return { status: 200, body: reply };
  }

  /**
   * `PUT /crm/v4/objects/{from}/{id}/associations/default/{to}/{toId}`: links two records with
   * HubSpot's default label (contact → company 279). Idempotent: linking twice keeps one link.
   */
  function associateDefault(from: string, id: string, to: string, toId: string): MockReply {
    if (from !== 'contacts' || to !== 'companies') return validation(`Unable to infer object type from: ${from === 'contacts' ? to : from}`);
    const denied = scope(SCOPES.contactsWrite) ?? scope(SCOPES.companiesWrite);
    if (denied) return denied;
    const contact = records.contacts.find((r) => r.id === id);
    if (!contact) return hubspotError(404, `No contacts with id ${id}`, 'OBJECT_NOT_FOUND');
    if (!records.companies.some((r) => r.id === toId)) return hubspotError(404, `No companies with id ${toId}`, 'OBJECT_NOT_FOUND');
    const spec = { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: FROM_CONTACT_TYPE.companies! };
    if (!contact.associations.some((a) => a.toObjectType === 'companies' && a.to.id === toId)) {
      contact.associations.push({ to: { id: toId }, toObjectType: 'companies', types: [spec] });
    }
    return { status: 200, body: { status: 'COMPLETE', results: [{ from: { id }, to: { id: toId }, associationSpec: spec }], startedAt: iso(now()), completedAt: iso(now()) } };
  }

  /**
   * `POST /crm/v4/associations/{from}/{to}/batch/read`: each input id's associated ids, at most 1,000
   * inputs a request (HubSpot's documented batch limit). An id it does not know is an error entry
   * beside the results (207), as HubSpot answers it.
   */
  function batchAssociations(request: LoggedRequest, from: string, to: string): MockReply {
    if (!OBJECT_TYPES.has(from) || !OBJECT_TYPES.has(to)) return validation(`Unable to infer object type from: ${OBJECT_TYPES.has(from) ? to : from}`);
    const denied = scope(READ_SCOPE[from as HubSpotObjectType]) ?? scope(READ_SCOPE[to as HubSpotObjectType]);
    if (denied) return denied;
    const { inputs } = body(request);
    if (!Array.isArray(inputs) || inputs.some((i) => typeof (i as { id?: unknown })?.id !== 'string')) return validation('inputs: each input needs an "id" string');
    if (inputs.length > 1000) return validation('inputs: the batch size limit is 1000');
    const typeId = from === 'contacts' ? (FROM_CONTACT_TYPE[to as HubSpotObjectType] ?? 1) : (ASSOCIATION_TYPE[from as WritableActivity] ?? 1);
    const results = [];
    const missing: string[] = [];
    for (const { id } of inputs as { id: string }[]) {
      const record = records[from as HubSpotObjectType].find((r) => r.id === id);
      if (!record) {
        missing.push(id);
        continue;
      }
      const ids = new Set<string>();
      for (const a of record.associations) if ((a.toObjectType ?? 'contacts') === to) ids.add(a.to.id);
      for (const r of records[to as HubSpotObjectType]) if (r.associations.some((a) => a.to.id === id && (a.toObjectType ?? 'contacts') === from)) ids.add(r.id);
      if (ids.size === 0) continue;
      results.push({ from: { id }, to: [...ids].map((toId) => ({ toObjectId: Number(toId), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId, label: null }] })) });
    }
    const answer: Record<string, unknown> = { status: 'COMPLETE', results, startedAt: iso(now()), completedAt: iso(now()) };
    if (missing.length === 0) return { status: 200, body: answer };
    answer.numErrors = missing.length;
    answer.errors = missing.map((id) => ({ status: 'error', category: 'OBJECT_NOT_FOUND', message: `No ${from} with id ${id}`, context: { fromObjectId: [id] } }));
    return { status: 207, body: answer };
  }

  function listPipelines(): MockReply {
    const denied = scope(SCOPES.dealsRead);
    if (denied) return denied;
    return { status: 200, body: { results: pipelines.map((p) => ({ ...p, archived: false, createdAt: iso(0), updatedAt: iso(0) })) } };
  }

  const types = '(contacts|notes|calls|meetings|tasks|emails|companies)';
  const routes: Route[] = [
    { method: 'GET', path: /^\/crm\/v3\/owners\/?$/, handle: listOwners },
    { method: 'POST', path: /^\/crm\/v3\/objects\/(contacts|notes|calls|meetings|tasks|emails|companies|deals)\/batch\/read$/, handle: (r, [t]) => batchRead(t as HubSpotObjectType, r) },
    { method: 'GET', path: /^\/crm\/v4\/objects\/([^/]+)\/([^/]+)\/associations\/([^/]+)$/, handle: (r, [from, id, to]) => associations(r, from!, decodeURIComponent(id!), to!) },
    { method: 'GET', path: /^\/crm\/v3\/pipelines\/deals\/?$/, handle: listPipelines },
    { method: 'POST', path: /^\/crm\/v4\/associations\/([^/]+)\/([^/]+)\/batch\/read$/, handle: (r, [from, to]) => batchAssociations(r, from!, to!) },
    {
      method: 'PUT',
      path: /^\/crm\/v4\/objects\/([^/]+)\/([^/]+)\/associations\/default\/([^/]+)\/([^/]+)$/,
      handle: (_r, [from, id, to, toId]) => associateDefault(from!, decodeURIComponent(id!), to!, decodeURIComponent(toId!)),
    },
    { method: 'POST', path: new RegExp(`^/crm/v3/objects/${types}/search$`), handle: (r, [t]) => search(t as HubSpotObjectType, r) },
    { method: 'POST', path: new RegExp(`^/crm/v3/objects/${types}$`), handle: (r, [t]) => create(t as HubSpotObjectType, r) },
    {
      method: 'GET',
      path: /^\/crm\/v3\/objects\/contacts\/([^/]+)$/,
      handle: (r, [id]) => {
        const contact = findContact(id!, r.query.get('idProperty'));
        const requested = r.query.get('properties')?.split(',').filter(Boolean);
        return contact ? { status: 200, body: present(contact, requested) } : hubspotError(404, 'Object not found.  objectId are usually numeric.', 'OBJECT_NOT_FOUND');
      },
    },
    { method: 'GET', path: /^\/marketing\/v3\/marketing-events\/participations\/contacts\/([^/]+)\/breakdown$/, handle: (r, [id]) => breakdown(r, id!) },
  ];

  const server = await startMockServer(routes, {
    seed: options.seed,
    guard,
    notFound: (r) => hubspotError(404, `No route for ${r.method} ${r.path}`, 'OBJECT_NOT_FOUND'),
    methodNotAllowed: (r) => hubspotError(405, `HTTP ${r.method} is not supported by this endpoint`, 'VALIDATION_ERROR'),
  });

  return {
    ...server,
    token,
    records,
    setRateLimit: (limit) => {
      rateLimit = limit;
      hits = [];
    },
    setSearchDelay: (ms) => {
      searchDelayMs = ms;
    },
  };
}

/** The calendar day an instant falls on in the account's zone, as `yyyy-mm-dd`. */
function accountDay(timeZone = 'UTC'): (ms: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (ms) => format.format(ms);
}

/** HubSpot tokenises text for CONTAINS_TOKEN on word boundaries; markup is not part of any token. */
function tokens(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .replace(/<[^>]*>/g, ' ')
    .toLowerCase()
    .split(/[^\p{L}\p{N}_-]+/u)
    .filter(Boolean);
}

function compare(value: string | undefined, filter: Record<string, unknown>): boolean {
  if (value === undefined) return false;
  const asNumber = (v: unknown) => (typeof v === 'number' ? v : /^\d+(\.\d+)?$/.test(String(v)) ? Number(v) : Date.parse(String(v)));
  const left = asNumber(value);
  const right = asNumber(filter.value);
  switch (filter.operator) {
    case 'LT':
      return left < right;
    case 'LTE':
      return left <= right;
    case 'GT':
      return left > right;
    case 'GTE':
      return left >= right;
    case 'BETWEEN':
      return left >= right && left <= asNumber(filter.highValue);
    default:
      return false;
  }
}
