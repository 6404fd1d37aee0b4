/**
 * A loopback Salesforce that checks what the real one checks. OAuth: the authorize endpoint (client
 * id, registered callback, PKCE S256 required, the rep's consent) and the token endpoint (a single-use
 * code, the verifier against the challenge, refresh, revoke). REST: bearer sessions that expire, one
 * API version path, a daily request budget reported in `Sforce-Limit-Info` and refused with
 * REQUEST_LIMIT_EXCEEDED, the query endpoint parsing the connector's SOQL (mock-soql.ts) against each
 * object's fields and answering in batches with query locators (`nextRecordsUrl`), and sobject create
 * and update with Salesforce's field checks (each field's length) and error shapes, the org's Lead
 * assignment rule (run unless `Sforce-Auto-Assign: FALSE`), and a profile that may not read some
 * objects or fields. Faults (503, 429, resets, hangs) come from tests/mocks/server.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type LoggedRequest, type MockReply, type MockServer, type Route, formOrJson, startMockServer } from '../../../tests/mocks/server';
import { type SalesforceSeed, type SeedRow, SEED_IDS, salesforceSeed } from './mock-seed';
import { type Condition, type Value, SoqlError, parse } from './mock-soql';

export interface SalesforceMockOptions {
  consumerKey?: string;
  /** The callback URL registered in the connected app. */
  callbackUrl?: string;
  now?: () => number;
  /** How long an access token lives. */
  sessionMs?: number;
  /** The org's daily API request limit. */
  apiLimit?: number;
  /** What the rep answers on the consent page. */
  consent?: 'approve' | 'deny';
  /** An org validation rule: a message refuses the create (FIELD_CUSTOM_VALIDATION_EXCEPTION). */
  validationRule?: (object: string, body: Record<string, unknown>) => string | undefined;
  /** Custom fields the org's Contact has (a stage change may set one). */
  contactFields?: string[];
  /**
   * The owner the org's active Lead assignment rule gives a Lead created or updated through REST, as
   * Salesforce applies active rules unless the request says `Sforce-Auto-Assign: FALSE` (REST API,
   * "Assignment Rule Header"; TRUE by default). Default: Casey, the colleague; null for no rule.
   */
  leadAssignmentOwner?: string | null;
  /**
   * What the rep's profile may not read: objects (`Opportunity`), answered INVALID_TYPE as if they did
   * not exist, and fields (`Opportunity.Amount`, hidden by field-level security), answered INVALID_FIELD.
   */
  hiddenFromProfile?: string[];
  /** Refresh token rotation: each refresh answers a new refresh token and spends the old one. */
  rotateRefreshTokens?: boolean;
  /**
   * Rows per query batch. Salesforce's default is 2000, and it answers fewer "based on the size and
   * complexity of records" (REST API "Query"): here at most 200 when a long text area is selected.
   */
  batchSize?: number;
  seed?: number;
}

export interface SalesforceMock extends MockServer {
  consumerKey: string;
  callbackUrl: string;
  records: SalesforceSeed;
  /** Ends every session at once (as a session timeout or an admin would). */
  expireSessions(): void;
  /** Revokes every refresh token (an admin's "Revoke" on the connected app). */
  revokeRefreshTokens(): void;
  setApiUsage(used: number, max?: number): void;
  setConsent(answer: 'approve' | 'deny'): void;
  /** Rows per query batch from now on (see the option). */
  setBatchSize(rows: number): void;
  /**
   * Outside the profile's login hours or IP ranges (or back inside them): a refresh is refused with
   * `invalid_grant`, "ip restricted or invalid login hours", and its refresh token stays valid.
   */
  setLoginRestricted(restricted: boolean): void;
  /** Access and refresh tokens that are live now. */
  liveTokens(): { access: string[]; refresh: string[] };
}

const ORG_ID = '00D000000000001AAA';
const VERSION = /^\/services\/data\/v(\d{2,3})\.0(\/.*)$/;

/** What the query endpoint lets each object be asked for (a field outside these is INVALID_FIELD). */
const QUERYABLE: Record<string, { fields: string[]; relations: Record<string, { object: keyof SalesforceSeed; via: string; fields: string[] }> }> = {
  Lead: { fields: ['Id', 'Name', 'FirstName', 'LastName', 'Title', 'Company', 'Email', 'Status', 'Rating', 'OwnerId', 'IsConverted', 'LastModifiedDate', 'CreatedDate'], relations: { Owner: { object: 'User', via: 'OwnerId', fields: ['Name'] } } },
  Contact: {
    fields: ['Id', 'Name', 'FirstName', 'LastName', 'Title', 'Email', 'AccountId', 'OwnerId', 'LastModifiedDate', 'CreatedDate'],
    relations: { Owner: { object: 'User', via: 'OwnerId', fields: ['Name'] }, Account: { object: 'Account', via: 'AccountId', fields: ['Name'] } },
  },
  CampaignMember: { fields: ['Id', 'CampaignId', 'LeadId', 'ContactId', 'Status', 'HasResponded', 'FirstRespondedDate', 'CreatedDate'], relations: { Campaign: { object: 'Campaign', via: 'CampaignId', fields: ['Name', 'Type'] } } },
  Task: {
    fields: ['Id', 'WhoId', 'Subject', 'TaskSubtype', 'ActivityDate', 'Status', 'Priority', 'OwnerId', 'Description', 'CallDurationInSeconds', 'CallType', 'CallDisposition', 'CreatedDate'],
    relations: { Owner: { object: 'User', via: 'OwnerId', fields: ['Name'] } },
  },
  Event: { fields: ['Id', 'WhoId', 'Subject', 'StartDateTime', 'EndDateTime', 'OwnerId', 'Description', 'CreatedDate'], relations: { Owner: { object: 'User', via: 'OwnerId', fields: ['Name'] } } },
  Opportunity: { fields: ['Id', 'AccountId', 'Name', 'StageName', 'Amount', 'CloseDate', 'IsClosed', 'OwnerId'], relations: { Owner: { object: 'User', via: 'OwnerId', fields: ['Name'] } } },
  User: { fields: ['Id', 'Name', 'Email'], relations: {} },
};
/** Long text areas: selectable, never filterable or sortable. */
const NOT_FILTERABLE = new Set(['Description']);
/** Salesforce's largest query batch, and its batch when long text areas are selected. */
const MAX_BATCH = 2000;
const LONG_TEXT_BATCH = 200;
/** Query locators Salesforce keeps open per user; opening another closes the oldest. */
const OPEN_LOCATORS = 10;
const PREFIX: Record<string, string> = { Task: '00T', Event: '00U', Lead: '00Q' };
/** What a create must carry (else REQUIRED_FIELD_MISSING). */
const REQUIRED: Record<string, string[]> = { Lead: ['LastName', 'Company'] };

/** Text fields' lengths in Salesforce's schema (other text fields: 255). */
const LENGTHS: Record<string, Record<string, number>> = {
  Lead: { FirstName: 40, LastName: 80, Company: 255, Title: 128, Email: 80 },
  Task: { Subject: 255, CallDisposition: 255 },
  Event: { Subject: 255 },
};

const TASK_PICKLISTS: Record<string, string[]> = {
  Status: ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'],
  TaskSubtype: ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'],
  CallType: ['Internal', 'Inbound', 'Outbound'],
  Priority: ['High', 'Normal', 'Low'],
};
const LEAD_STATUSES = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'];
const WRITABLE: Record<string, Record<string, 'id' | 'text' | 'email' | 'longtext' | 'date' | 'datetime' | 'int' | 'picklist'>> = {
  Task: {
    WhoId: 'id',
    Subject: 'text',
    Description: 'longtext',
    ActivityDate: 'date',
    Status: 'picklist',
    TaskSubtype: 'picklist',
    Priority: 'picklist',
    CallType: 'picklist',
    CallDurationInSeconds: 'int',
    CallDisposition: 'text',
    OwnerId: 'id',
  },
  Event: { WhoId: 'id', Subject: 'text', Description: 'longtext', StartDateTime: 'datetime', EndDateTime: 'datetime', DurationInMinutes: 'int', OwnerId: 'id' },
  Lead: { FirstName: 'text', LastName: 'text', Company: 'text', Email: 'email', Title: 'text', Description: 'longtext', OwnerId: 'id' },
};

/** SOQL's LIKE: `%` is any run of characters, `_` one character, and the match ignores case. */
function likePattern(pattern: string): RegExp {
  const source = [...pattern].map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 'is');
}

const restError = (status: number, errorCode: string, message: string, fields?: string[]): MockReply => ({
  status,
  body: [{ message, errorCode, ...(fields ? { fields } : {}) }],
});
const oauthError = (error: string, description: string, status = 400): MockReply => ({ status, body: { error, error_description: description } });
const b64url = (bytes: Buffer) => bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export async function startSalesforceMock(options: SalesforceMockOptions = {}): Promise<SalesforceMock> {
  const now = options.now ?? Date.now;
  const consumerKey = options.consumerKey ?? '3MVG9prospectLensTestConsumerKey000000000000000000000000';
  const callbackUrl = options.callbackUrl ?? 'https://prospectlens.chromiumapp.org/';
  const sessionMs = options.sessionMs ?? 2 * 3_600_000;
  let consent = options.consent ?? 'approve';
  let loginRestricted = false;
  const assignsLeadsTo = options.leadAssignmentOwner === undefined ? SEED_IDS.colleague : options.leadAssignmentOwner;
  const hidden = new Set(options.hiddenFromProfile ?? []);
  let apiMax = options.apiLimit ?? 15_000;
  let apiUsed = 0;
  const records = salesforceSeed(now());
  const codes = new Map<string, { challenge: string; redirectUri: string; clientId: string; expires: number; used: boolean }>();
  const access = new Map<string, { expires: number; refresh?: string; live: boolean }>();
  const refresh = new Map<string, { clientId: string; live: boolean }>();
  let nextId = 100;
  let batchSize = Math.max(1, Math.min(options.batchSize ?? MAX_BATCH, MAX_BATCH));
  /** Open query locators: the rows not yet answered, in order. */
  const locators = new Map<string, { rows: Record<string, unknown>[]; batch: number }>();
  let nextLocator = 1;
  let url = '';

  const sfDate = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
  const limitHeader = () => ({ 'sforce-limit-info': `api-usage=${apiUsed}/${apiMax}`, 'access-control-expose-headers': 'sforce-limit-info, retry-after' });

  function issueAccess(refreshToken?: string): string {
    const token = `${ORG_ID}!${b64url(randomBytes(24))}`;
    access.set(token, { expires: now() + sessionMs, ...(refreshToken ? { refresh: refreshToken } : {}), live: true });
    return token;
  }

  function tokenAnswer(accessToken: string, refreshToken?: string): MockReply {
    return {
      status: 200,
      body: {
        access_token: accessToken,
        ...(refreshToken ? { refresh_token: refreshToken } : {}),
        signature: b64url(randomBytes(32)),
        scope: 'refresh_token api',
        instance_url: url,
        id: `${url}/id/${ORG_ID}/${SEED_IDS.rep}`,
        token_type: 'Bearer',
        issued_at: String(now()),
      },
    };
  }

  function authorize(request: LoggedRequest): MockReply {
    const q = request.query;
    // Without a known client or a registered callback there is nowhere safe to send the answer: an error page.
    if (q.get('client_id') !== consumerKey) return { status: 400, raw: '<html><body>error=invalid_client_id&error_description=client identifier invalid</body></html>', headers: { 'content-type': 'text/html' } };
    const redirectUri = q.get('redirect_uri') ?? '';
    if (redirectUri !== callbackUrl) return { status: 400, raw: '<html><body>error=redirect_uri_mismatch&error_description=redirect_uri must match configuration</body></html>', headers: { 'content-type': 'text/html' } };
    const back = (params: Record<string, string>) => {
      const target = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
      const state = q.get('state');
      if (state !== null) target.searchParams.set('state', state);
      return { status: 302, headers: { location: target.href } };
    };
    if (q.get('response_type') !== 'code') return back({ error: 'unsupported_response_type', error_description: 'response type not supported' });
    const challenge = q.get('code_challenge');
    if (!challenge) return back({ error: 'invalid_request', error_description: 'missing required code challenge' });
    if (q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) return back({ error: 'invalid_request', error_description: 'invalid code challenge' });
    const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean);
    if (scopes.some((s) => !['api', 'refresh_token', 'offline_access', 'id', 'openid', 'web'].includes(s))) return back({ error: 'invalid_scope', error_description: 'the requested scope is not allowed' });
    if (consent === 'deny') return back({ error: 'access_denied', error_description: 'end-user denied authorization' });
    const code = `aPrx${b64url(randomBytes(24))}`;
    codes.set(code, { challenge, redirectUri, clientId: consumerKey, expires: now() + 15 * 60_000, used: false });
    return back({ code });
  }

  function token(request: LoggedRequest): MockReply {
    if (!String(request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) return oauthError('invalid_request', 'must use application/x-www-form-urlencoded');
    const form = (formOrJson(request) ?? {}) as Record<string, string>;
    if (form.grant_type === 'authorization_code') {
      const entry = codes.get(form.code ?? '');
      if (form.client_id !== consumerKey) return oauthError('invalid_client_id', 'client identifier invalid');
      if (!entry || entry.used || entry.expires < now() || entry.clientId !== form.client_id) return oauthError('invalid_grant', 'authentication failure');
      if (form.redirect_uri !== entry.redirectUri) return oauthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
      if (!form.code_verifier) return oauthError('invalid_grant', 'invalid code verifier');
      const computed = b64url(createHash('sha256').update(form.code_verifier).digest());
      entry.used = true;
      if (computed !== entry.challenge) return oauthError('invalid_grant', 'invalid code verifier');
      const refreshToken = `5Aep${b64url(randomBytes(32))}`;
      refresh.set(refreshToken, { clientId: consumerKey, live: true });
      return tokenAnswer(issueAccess(refreshToken), refreshToken);
    }
    if (form.grant_type === 'refresh_token') {
      if (form.client_id !== consumerKey) return oauthError('invalid_client_id', 'client identifier invalid');
      const entry = refresh.get(form.refresh_token ?? '');
      if (!entry?.live) return oauthError('invalid_grant', 'expired access/refresh token');
      if (loginRestricted) return oauthError('invalid_grant', 'ip restricted or invalid login hours');
      if (!options.rotateRefreshTokens) return tokenAnswer(issueAccess(form.refresh_token));
      entry.live = false;
      const next = `5Aep${b64url(randomBytes(32))}`;
      refresh.set(next, { clientId: consumerKey, live: true });
      return tokenAnswer(issueAccess(next), next);
    }
    return oauthError('unsupported_grant_type', 'grant type not supported');
  }

  function revoke(request: LoggedRequest): MockReply {
    const form = (formOrJson(request) ?? {}) as Record<string, string>;
    const value = form.token ?? '';
    const session = access.get(value);
    if (session) {
      session.live = false;
      return { status: 200 };
    }
    const entry = refresh.get(value);
    if (!entry) return oauthError('unsupported_token_type', 'this token type is not supported');
    entry.live = false;
    for (const s of access.values()) if (s.refresh === value) s.live = false;
    return { status: 200 };
  }

  /** REST requests: version path, bearer session, daily budget. */
  function guard(request: LoggedRequest): MockReply | undefined {
    if (!request.path.startsWith('/services/data/')) return undefined;
    const auth = String(request.headers.authorization ?? '');
    const session = auth.startsWith('Bearer ') ? access.get(auth.slice(7)) : undefined;
    if (!session?.live || session.expires <= now()) return withLimits(restError(401, 'INVALID_SESSION_ID', 'Session expired or invalid'));
    if (apiUsed >= apiMax) return withLimits(restError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'));
    apiUsed++;
    const version = VERSION.exec(request.path);
    if (!version || Number(version[1]) < 31) return withLimits(restError(404, 'NOT_FOUND', 'The requested resource does not exist'));
    if ((request.method === 'POST' || request.method === 'PATCH') && !String(request.headers['content-type'] ?? '').includes('application/json')) {
      return withLimits(restError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type header specified in HTTP request is not supported'));
    }
    return undefined;
  }

  function withLimits(reply: MockReply): MockReply {
    return { ...reply, headers: { ...reply.headers, ...limitHeader() } };
  }

  const table = (object: string) => (records as unknown as Record<string, SeedRow[]>)[object];
  const byId = (id: unknown) => {
    for (const rows of Object.values(records) as SeedRow[][]) {
      const found = rows.find((r) => r.Id === id);
      if (found) return found;
    }
    return undefined;
  };

  function present(object: string, row: SeedRow, fields: string[]) {
    const out: Record<string, unknown> = { attributes: { type: object, url: `/services/data/v62.0/sobjects/${object}/${row.Id}` } };
    for (const f of fields) {
      const [head, tail] = f.split('.');
      if (!tail) {
        out[head!] = f === 'Name' && row.Name === undefined ? [row.FirstName, row.LastName].filter(Boolean).join(' ') : (row[head!] ?? null);
        continue;
      }
      const relation = QUERYABLE[object]!.relations[head!]!;
      const target = table(relation.object)!.find((r) => r.Id === row[relation.via]);
      const nested = (out[head!] as Record<string, unknown> | null | undefined) ?? (target ? { attributes: { type: relation.object, url: `/services/data/v62.0/sobjects/${relation.object}/${target.Id}` } } : null);
      if (nested) nested[tail] = target?.[tail] ?? null;
      out[head!] = nested;
    }
    return out;
  }

  function comparable(v: Value | undefined): string | number | boolean | null {
    if (v === undefined || v === null) return null;
    if (typeof v === 'object') return 'dateTime' in v ? v.dateTime : v.date;
    return v;
  }

  function cell(_object: string, row: SeedRow, field: string): string | number | boolean | null {
    const raw = field === 'Name' && row.Name === undefined ? [row.FirstName, row.LastName].filter(Boolean).join(' ') : row[field];
    if (typeof raw === 'string' && /(Date$|DateTime$)/.test(field) && /T/.test(raw)) return Date.parse(raw.replace(/\+0000$/, 'Z'));
    if (typeof raw === 'string' && field === 'Email') return raw.toLowerCase();
    return raw ?? null;
  }

  function matches(object: string, row: SeedRow, c: Condition): boolean {
    const left = cell(object, row, c.field);
    const norm = (v: Value) => {
      const value = comparable(v);
      return typeof value === 'string' && c.field === 'Email' ? value.toLowerCase() : value;
    };
    if (c.op === 'IN') return (c.value as Value[]).some((v) => norm(v) === left);
    if (c.op === 'LIKE') return typeof left === 'string' && likePattern(c.value as string).test(left);
    const right = norm(c.value as Value);
    switch (c.op) {
      case '=':
        return left === right;
      case '!=':
        return left !== right;
      default: {
        if (left === null || right === null) return false;
        if (c.op === '>=') return left >= right;
        if (c.op === '<=') return left <= right;
        if (c.op === '>') return left > right;
        return left < right;
      }
    }
  }

  function query(request: LoggedRequest): MockReply {
    const soql = request.query.get('q');
    if (!soql) return withLimits(restError(400, 'MALFORMED_QUERY', 'A query string has to be specified'));
    let parsed;
    try {
      parsed = parse(soql);
    } catch (error) {
      if (error instanceof SoqlError) return withLimits(restError(400, error.errorCode, error.message));
      throw error;
    }
    const schema = QUERYABLE[parsed.object];
    // An object the profile cannot read is answered as if it did not exist, and so is a hidden field.
    if (!schema || hidden.has(parsed.object)) return withLimits(restError(400, 'INVALID_TYPE', `sObject type '${parsed.object}' is not supported.`));
    const known = (f: string) => {
      const [head, tail] = f.split('.');
      if (tail) {
        const relation = schema.relations[head!];
        return !!relation?.fields.includes(tail) && !hidden.has(relation.object) && !hidden.has(`${relation.object}.${tail}`);
      }
      return schema.fields.includes(f) && !hidden.has(`${parsed.object}.${f}`);
    };
    for (const f of [...parsed.fields, ...parsed.where.map((c) => c.field), ...(parsed.orderBy ? [parsed.orderBy.field] : [])]) {
      if (!known(f)) return withLimits(restError(400, 'INVALID_FIELD', `No such column '${f}' on entity '${parsed.object}'.`));
    }
    for (const c of parsed.where) {
      if (c.field.includes('.')) return withLimits(restError(400, 'MALFORMED_QUERY', 'The connector does not filter on related fields'));
      if (NOT_FILTERABLE.has(c.field)) return withLimits(restError(400, 'INVALID_FIELD', `field '${c.field}' can not be filtered in a query call`));
    }
    if (parsed.orderBy && (NOT_FILTERABLE.has(parsed.orderBy.field) || parsed.orderBy.field.includes('.'))) {
      return withLimits(restError(400, 'INVALID_FIELD', `field '${parsed.orderBy.field}' can not be sorted in a query call`));
    }
    if (parsed.limit !== undefined && parsed.limit > 2000) return withLimits(restError(400, 'MALFORMED_QUERY', 'LIMIT may not exceed 2000'));
    const rows = table(parsed.object)!.filter((row) =>
      parsed.where.length === 0 ? true : parsed.joiner === 'AND' ? parsed.where.every((c) => matches(parsed.object, row, c)) : parsed.where.some((c) => matches(parsed.object, row, c)),
    );
    if (parsed.orderBy) {
      const { field, desc } = parsed.orderBy;
      rows.sort((a, b) => {
        const x = cell(parsed.object, a, field);
        const y = cell(parsed.object, b, field);
        const order = x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
        return desc ? -order : order;
      });
    }
    const answer = rows.slice(0, parsed.limit ?? rows.length).map((r) => present(parsed.object, r, parsed.fields));
    const batch = Math.min(batchSize, parsed.fields.some((f) => NOT_FILTERABLE.has(f)) ? LONG_TEXT_BATCH : MAX_BATCH);
    return withLimits(queryBatch(version(request), answer, 0, batch));
  }

  const version = (request: LoggedRequest) => VERSION.exec(request.path)![1]!;

  /** Rows from `from` on, one batch of them, and a locator for the rest as Salesforce writes it. */
  function queryBatch(apiVersion: string, rows: Record<string, unknown>[], from: number, batch: number): MockReply {
    const records = rows.slice(from, from + batch);
    if (from + batch >= rows.length) return { status: 200, body: { totalSize: rows.length, done: true, records } };
    const id = `01g${String(nextLocator++).padStart(12, '0')}AAA`;
    locators.set(id, { rows, batch });
    while (locators.size > OPEN_LOCATORS) locators.delete(locators.keys().next().value!);
    const nextRecordsUrl = `/services/data/v${apiVersion}.0/query/${id}-${from + batch}`;
    return { status: 200, body: { totalSize: rows.length, done: false, nextRecordsUrl, records } };
  }

  function queryMore(request: LoggedRequest, id: string, from: string): MockReply {
    const open = locators.get(id);
    if (!open || Number(from) <= 0 || Number(from) >= open.rows.length) return withLimits(restError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator'));
    return withLimits(queryBatch(version(request), open.rows, Number(from), open.batch));
  }

  function checkFields(object: string, body: Record<string, unknown>): MockReply | undefined {
    const allowed = WRITABLE[object]!;
    for (const [name, value] of Object.entries(body)) {
      const type = allowed[name];
      if (!type) return restError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${object}`);
      if (value === null) continue;
      if (type === 'int' ? !Number.isInteger(value) : typeof value !== 'string') {
        return restError(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of ${type} from ${typeof value} value ${JSON.stringify(value)} at [line:1, column:1]`);
      }
      const text = String(value);
      const max = LENGTHS[object]?.[name] ?? 255;
      if ((type === 'text' || type === 'email') && text.length > max) return restError(400, 'STRING_TOO_LONG', `${name}: data value too large: ${text.slice(0, 40)}... (max length=${max})`, [name]);
      if (type === 'longtext' && text.length > 32_000) return restError(400, 'STRING_TOO_LONG', `${name}: data value too large (max length=32000)`, [name]);
      if (type === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return restError(400, 'INVALID_EMAIL_ADDRESS', `${name}: invalid email address: ${text.slice(0, 80)}`, [name]);
      if (type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(text)) return restError(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of date from VALUE_STRING value ${text}`);
      if (type === 'datetime' && Number.isNaN(Date.parse(text))) return restError(400, 'JSON_PARSER_ERROR', `Cannot deserialize instance of datetime from VALUE_STRING value ${text}`);
      if (type === 'picklist' && !TASK_PICKLISTS[name]?.includes(text)) return restError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${name}: bad value for restricted picklist field: ${text}`, [name]);
      if (type === 'id') {
        const target = byId(text);
        const ok = name === 'WhoId' ? /^00Q|^003/.test(text) && !!target : name === 'OwnerId' ? records.User.some((u) => u.Id === text) : !!target;
        if (!ok) return restError(400, 'FIELD_INTEGRITY_EXCEPTION', `${name}: id value of incorrect type: ${text}`, [name]);
      }
    }
    return undefined;
  }

  function create(object: string, request: LoggedRequest): MockReply {
    if (!WRITABLE[object]) return withLimits(restError(404, 'NOT_FOUND', 'The requested resource does not exist'));
    const body = request.json;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return withLimits(restError(400, 'JSON_PARSER_ERROR', 'Unexpected character: was expecting an object'));
    const fields = body as Record<string, unknown>;
    const refused = checkFields(object, fields);
    if (refused) return withLimits(refused);
    const missing = (REQUIRED[object] ?? []).filter((name) => typeof fields[name] !== 'string' || !(fields[name] as string).trim());
    if (missing.length) return withLimits(restError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing));
    if (object === 'Event' && !fields.StartDateTime) return withLimits(restError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [StartDateTime]', ['StartDateTime']));
    if (object === 'Event' && !fields.EndDateTime && fields.DurationInMinutes === undefined) {
      return withLimits(restError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [DurationInMinutes]', ['DurationInMinutes']));
    }
    const rule = options.validationRule?.(object, fields);
    if (rule) return withLimits(restError(400, 'FIELD_CUSTOM_VALIDATION_EXCEPTION', rule, []));
    const id = `${PREFIX[object]}${String(nextId++).padStart(12, '0')}AAA`;
    const defaults: SeedRow = object === 'Lead' ? { Status: 'Open - Not Contacted', IsConverted: false, LastModifiedDate: sfDate(now()) } : { Status: 'Not Started', Priority: 'Normal' };
    const row: SeedRow = { ...defaults, OwnerId: SEED_IDS.rep, ...(fields as SeedRow), Id: id, CreatedDate: sfDate(now()) };
    if (object === 'Lead') assignLead(row, request);
    table(object)!.push(row);
    return withLimits({ status: 201, body: { id, success: true, errors: [] } });
  }

  function update(object: string, id: string, request: LoggedRequest): MockReply {
    const rows = table(object);
    if ((object !== 'Lead' && object !== 'Contact') || !rows) return withLimits(restError(404, 'NOT_FOUND', 'The requested resource does not exist'));
    const row = rows.find((r) => r.Id === id);
    if (!row) return withLimits(restError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${id}`));
    const body = (request.json ?? {}) as Record<string, unknown>;
    if (object === 'Contact') {
      const fields = options.contactFields ?? ['Lifecycle_Stage__c'];
      for (const [name, value] of Object.entries(body)) {
        if (!fields.includes(name)) return withLimits(restError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type Contact`));
        if (typeof value !== 'string' || value.length > 255) return withLimits(restError(400, 'STRING_TOO_LONG', `${name}: data value too large`, [name]));
      }
      Object.assign(row, body, { LastModifiedDate: sfDate(now()) });
      return withLimits({ status: 204 });
    }
    for (const [name, value] of Object.entries(body)) {
      if (name !== 'Status') return withLimits(restError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${name}.`, [name]));
      if (typeof value !== 'string' || !LEAD_STATUSES.includes(value)) {
        return withLimits(restError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `Lead Status: bad value for restricted picklist field: ${String(value)}`, ['Status']));
      }
    }
    const rule = options.validationRule?.(object, body);
    if (rule) return withLimits(restError(400, 'FIELD_CUSTOM_VALIDATION_EXCEPTION', rule, []));
    Object.assign(row, body, { LastModifiedDate: sfDate(now()) });
    assignLead(row, request);
    return withLimits({ status: 204 });
  }

  /** The org's active assignment rule, run on a Lead's create or update unless the request turned it off. */
  function assignLead(row: SeedRow, request: LoggedRequest): void {
    const header = String(request.headers['sforce-auto-assign'] ?? 'TRUE');
    if (assignsLeadsTo && header.toUpperCase() !== 'FALSE') row.OwnerId = assignsLeadsTo;
  }

  const data = '/services/data/v\\d{2,3}\\.0';
  const routes: Route[] = [
    { method: 'GET', path: /^\/services\/oauth2\/authorize$/, handle: authorize },
    { method: 'POST', path: /^\/services\/oauth2\/token$/, handle: token },
    { method: 'POST', path: /^\/services\/oauth2\/revoke$/, handle: revoke },
    { method: 'GET', path: new RegExp(`^${data}/query/?$`), handle: query },
    { method: 'GET', path: new RegExp(`^${data}/query/(01g[A-Za-z0-9]{15})-(\\d{1,9})$`), handle: (r, [id, from]) => queryMore(r, id!, from!) },
    { method: 'POST', path: new RegExp(`^${data}/sobjects/(\\w+)/?$`), handle: (r, [object]) => create(object!, r) },
    { method: 'PATCH', path: new RegExp(`^${data}/sobjects/(\\w+)/(\\w+)$`), handle: (r, [object, id]) => update(object!, id!, r) },
  ];

  const server = await startMockServer(routes, {
    seed: options.seed,
    guard,
    notFound: (r) => (r.path.startsWith('/services/data/') ? withLimits(restError(404, 'NOT_FOUND', 'The requested resource does not exist')) : { status: 404, raw: 'Not Found' }),
    methodNotAllowed: (r) => withLimits(restError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${r.method}' not allowed. Allowed are GET,HEAD,POST`)),
  });
  url = server.url;

  return {
    ...server,
    consumerKey,
    callbackUrl,
    records,
    expireSessions: () => {
      for (const s of access.values()) s.expires = now() - 1;
    },
    revokeRefreshTokens: () => {
      for (const r of refresh.values()) r.live = false;
      for (const s of access.values()) if (s.refresh) s.live = false;
    },
    setApiUsage: (used, max) => {
      apiUsed = used;
      if (max !== undefined) apiMax = max;
    },
    setConsent: (answer) => {
      consent = answer;
    },
    setLoginRestricted: (restricted) => {
      loginRestricted = restricted;
    },
    setBatchSize: (rows) => {
      batchSize = Math.max(1, Math.min(rows, MAX_BATCH));
    },
    liveTokens: () => ({
      access: [...access].filter(([, s]) => s.live && s.expires > now()).map(([t]) => t),
      refresh: [...refresh].filter(([, r]) => r.live).map(([t]) => t),
    }),
  };
}
