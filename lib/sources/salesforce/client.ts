/**
 * Authenticated requests to an org's REST API: the bearer token, one refresh and retry when the
 * session expired (401 INVALID_SESSION_ID), the daily API budget read from `Sforce-Limit-Info`, and
 * how Salesforce's failures are worded for a card and for the outbox.
 */
import { clock } from '../../clock';
import { t } from '../../i18n';
import type { DeliveryOutcome } from '../../sync/types';
import { type FetchImpl, HttpError, type JsonResponse, type ServiceWords, fetchJson, parseBody, toOutcome, toSourceError } from '../http';
import { SourceError } from '../types';
import { API_VERSION, TOKEN_FIELDS } from './definition';
import { OAuthError, QueryPage, RestErrors, TokenResponse } from './raw';
import { MAX_PAGE, MAX_QUERY_PAGES } from './soql';

export interface SalesforceAuth {
  instanceUrl: string;
  consumerKey: string | undefined;
  credentials: Readonly<Record<string, string>>;
  /** Saves refreshed tokens (or the "reconnect" mark), bound to the instance origin. */
  saveCredentials(values: Record<string, string>): Promise<void>;
}

export interface SalesforceOptions {
  timeoutMs?: number;
  /** Share of the daily API limit kept for logging: lookups stop when less than this is left. */
  lookupReserve?: number;
}

/** The session cannot be refreshed: the rep has to Reconnect. */
export const reconnect = () => t('srcError_salesforceReconnect');

/** The daily limit resets on a rolling 24 hours; after a REQUEST_LIMIT_EXCEEDED, ask again in an hour. */
export const LIMIT_WAIT_MS = 60 * 60_000;
/** A lookup's 503 without Retry-After: Salesforce is shedding load; the card asks again in a minute. */
export const UNAVAILABLE_WAIT_MS = 60_000;

export const SALESFORCE_WORDS: ServiceWords = {
  name: 'Salesforce',
  get auth() {
    return reconnect();
  },
  get forbidden() {
    return t('srcError_salesforceForbidden');
  },
  rateLimitWaitMs: () => LIMIT_WAIT_MS,
};

/**
 * A refresh Salesforce refuses with `invalid_grant` only for the moment: the user's profile allows no
 * login from this network or at this hour ("ip restricted or invalid login hours"). Expired or revoked
 * tokens, inactive users and unknown apps are refused for good.
 */
const REFUSED_FOR_NOW = /ip restricted|login hours/i;
/** Asked again after this: login hours end, and the rep may be back on the office network. */
export const REFUSED_FOR_NOW_WAIT_MS = 15 * 60_000;

/** A client holding a refresh token someone just used gets that refresh's answer for this long. */
const SHARED_REFRESH_MS = 10 * 60_000;
const refreshes = new Map<string, { at: number; result: Promise<Tokens> }>();

/** What a refresh gives: the new session, and the refresh token to use next (a new one with rotation on). */
interface Tokens {
  access: string;
  refresh: string;
}

/**
 * Where Salesforce says a query's next batch is: a query locator on this instance
 * (`/services/data/v62.0/query/01gD0000002HU6KIAW-2000`). Only such a path is followed, and only on
 * the instance the query went to; anything else ends the answer as incomplete.
 */
const NEXT_RECORDS = /^\/services\/data\/v\d{2,3}\.\d\/query\/[A-Za-z0-9]{1,40}-\d{1,9}$/;

/** The last `Sforce-Limit-Info` seen per org: lookups leave the rest of the day's calls to logging. */
const usage = new Map<string, { used: number; max: number; at: number }>();

/** `api-usage=18/15000` → { used, max }; undefined when absent or odd. */
export function parseLimitInfo(header: string | null): { used: number; max: number } | undefined {
  const match = header && /api-usage=(\d{1,12})\/(\d{1,12})/.exec(header);
  if (!match) return undefined;
  const used = Number(match[1]);
  const max = Number(match[2]);
  return max > 0 ? { used, max } : undefined;
}

export function apiUsage(instanceUrl: string): { used: number; max: number } | undefined {
  return usage.get(new URL(instanceUrl).origin);
}

/** Tests only: forget what was seen. */
export function resetApiUsage(): void {
  usage.clear();
  refreshes.clear();
}

/** The first REST error (`errorCode`, `message`, `fields`) of a failure, if Salesforce sent one. */
export function restError(error: unknown): { errorCode: string; message: string; fields?: string[] } | undefined {
  if (!(error instanceof HttpError) || error.failure.kind !== 'status') return undefined;
  const parsed = RestErrors.safeParse(error.failure.body);
  return parsed.success ? parsed.data[0] : undefined;
}

const statusOf = (error: unknown) => (error instanceof HttpError && error.failure.kind === 'status' ? error.failure.status : undefined);

export type SalesforceCall = (method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, signal?: AbortSignal) => Promise<JsonResponse>;

export interface SalesforceClient {
  call: SalesforceCall;
  /**
   * `GET …/query?q=`, following the answer's next batches (`nextRecordsUrl`) on this instance, at most
   * MAX_QUERY_PAGES of them and MAX_PAGE rows, then the joined answer validated by `parse`. Its `done`
   * is false when rows were left unread: the caller says the list is incomplete.
   */
  query<T>(soql: string, parse: (response: JsonResponse) => T, signal?: AbortSignal): Promise<T>;
  /** Whether lookups should leave the rest of today's API calls to logging. */
  nearDailyLimit(): boolean;
}

export function salesforceClient(auth: SalesforceAuth, fetchImpl: FetchImpl, options: SalesforceOptions = {}): SalesforceClient {
  const base = auth.instanceUrl.replace(/\/+$/, '');
  const origin = new URL(base).origin;
  let accessToken = auth.credentials[TOKEN_FIELDS.access];
  // With rotation on, each refresh spends this token and answers the next one: always refresh with the newest.
  let refreshToken = auth.credentials[TOKEN_FIELDS.refresh];

  function notConnected(): never {
    throw new SourceError('not-configured', auth.credentials[TOKEN_FIELDS.reconnect] ? reconnect() : t('srcError_salesforceNotConnected'));
  }

  async function send(method: string, path: string, body: unknown, signal: AbortSignal | undefined): Promise<JsonResponse> {
    if (!accessToken) notConnected();
    const headers: Record<string, string> = { authorization: `Bearer ${accessToken}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    // Salesforce runs the org's active Lead assignment rules on a REST create or update unless told
    // not to (its Assignment Rule header, TRUE by default): a status the rep set would hand their Lead
    // to a queue. Sent with every write, since one may update a Lead indirectly (an org's trigger).
    if (method !== 'GET') headers['sforce-auto-assign'] = 'FALSE';
    const init: RequestInit = { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
    try {
      return await fetchJson(observed, `${base}${path}`, init, { timeoutMs: options.timeoutMs, signal });
    } catch (error) {
      if (error instanceof HttpError && error.failure.kind === 'status') noteHeaders(error);
      throw error;
    }
  }

  /**
   * The fetch the client hands http.ts, which reads `Sforce-Limit-Info` off every answer, errors
   * included (a 400 or 404 counts against the daily limit too), before http.ts keeps only an error's
   * body. http.ts and what it returns to the other connectors stay as they are.
   */
  const observed: FetchImpl = async (input, init) => {
    const response = await fetchImpl(input, init);
    noteUsage(response.headers);
    return response;
  };

  // A REQUEST_LIMIT_EXCEEDED answer without a readable header still means the day's calls are used up.
  function noteHeaders(error: HttpError): void {
    if (restError(error)?.errorCode === 'REQUEST_LIMIT_EXCEEDED') {
      const seen = usage.get(origin);
      usage.set(origin, { used: seen?.max ?? 1, max: seen?.max ?? 1, at: clock.now() });
    }
  }

  function noteUsage(headers: Headers): void {
    const info = parseLimitInfo(headers.get('sforce-limit-info'));
    if (info) usage.set(origin, { ...info, at: clock.now() });
  }

  /**
   * One refresh per refresh token, shared by every client of this org (the source and the destination
   * are separate clients): with refresh token rotation on, a refresh token works once, and a second
   * refresh with it would be refused and wrongly ask the rep to reconnect. Whoever shares a refresh
   * also takes the refresh token it answered, for the next one.
   */
  async function refresh(failed: string | undefined, signal?: AbortSignal): Promise<string> {
    if (!refreshToken || !auth.consumerKey) throw new SourceError('auth', reconnect());
    // The key too: another app's refresh (an unsaved Test's typed key) answers nothing for this one.
    const key = `${origin}\u0000${auth.consumerKey}\u0000${refreshToken}`;
    // Someone's recent refresh, unless its token is the one just refused (the session ended again).
    for (;;) {
      const shared = refreshes.get(key);
      if (!shared || clock.now() - shared.at >= SHARED_REFRESH_MS) break;
      const tokens = await shared.result.catch(() => undefined);
      if (refreshes.get(key) !== shared) continue; // a newer refresh started meanwhile: take that one
      if (tokens && tokens.access !== failed) {
        refreshToken = tokens.refresh;
        return tokens.access;
      }
      break;
    }
    const result = requestRefresh(refreshToken, auth.consumerKey, signal);
    refreshes.set(key, { at: clock.now(), result });
    result.catch(() => refreshes.delete(key));
    const tokens = await result;
    refreshToken = tokens.refresh;
    return tokens.access;
  }

  async function requestRefresh(current: string, consumerKey: string, signal?: AbortSignal): Promise<Tokens> {
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: current, client_id: consumerKey });
    let token;
    try {
      const response = await fetchJson(
        fetchImpl,
        `${base}/services/oauth2/token`,
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() },
        { timeoutMs: options.timeoutMs, signal },
      );
      token = parseBody(TokenResponse, response);
    } catch (error) {
      const oauth = error instanceof HttpError && error.failure.kind === 'status' ? OAuthError.safeParse(error.failure.body) : undefined;
      if (oauth?.success && oauth.data.error === 'invalid_grant' && REFUSED_FOR_NOW.test(oauth.data.error_description ?? '')) {
        // Refused here or now, not for good: the tokens stay valid, and this request waits.
        throw new SourceError('unavailable', t('srcError_salesforceSignInRefused', oauth.data.error_description!.slice(0, 200)), REFUSED_FOR_NOW_WAIT_MS);
      }
      if (oauth?.success && ['invalid_grant', 'invalid_client_id', 'invalid_client', 'inactive_user', 'inactive_org'].includes(oauth.data.error)) {
        // The refresh token is dead (revoked, expired, app removed): keep nothing that looks connected.
        await auth.saveCredentials({ [TOKEN_FIELDS.reconnect]: oauth.data.error });
        throw new SourceError('auth', reconnect());
      }
      throw error;
    }
    // With rotation on, the answer carries the next refresh token and the old one is spent.
    const tokens = { access: token.access_token, refresh: token.refresh_token ?? current };
    await auth.saveCredentials({ [TOKEN_FIELDS.access]: tokens.access, [TOKEN_FIELDS.refresh]: tokens.refresh });
    return tokens;
  }

  const call: SalesforceCall = async (method, path, body, signal) => {
    try {
      return await send(method, path, body, signal);
    } catch (error) {
      const expired = statusOf(error) === 401 && (restError(error)?.errorCode ?? 'INVALID_SESSION_ID') === 'INVALID_SESSION_ID';
      if (!expired) throw error;
      // The session expired or was ended: one refresh, one retry. A second 401 is the rep's to fix.
      accessToken = await refresh(accessToken, signal);
      return send(method, path, body, signal);
    }
  };

  /**
   * Salesforce may answer a query in several batches even under its LIMIT (big records): the first
   * with `done: false` and a `nextRecordsUrl`. Reading only the first once showed a partial list as
   * complete, and a person past it as unknown.
   */
  async function query<T>(soql: string, parse: (response: JsonResponse) => T, signal?: AbortSignal): Promise<T> {
    const first = await call('GET', `/services/data/${API_VERSION}/query?q=${encodeURIComponent(soql)}`, undefined, signal);
    const envelope = QueryPage.safeParse(first.body);
    // Not a query answer: the caller's schema says what is wrong with it.
    if (!envelope.success) return parse(first);
    let page = envelope.data;
    const records = [...page.records];
    for (let pages = 1; !page.done && pages < MAX_QUERY_PAGES && records.length < MAX_PAGE; pages++) {
      if (!page.nextRecordsUrl || !NEXT_RECORDS.test(page.nextRecordsUrl)) break;
      page = parseBody(QueryPage, await call('GET', page.nextRecordsUrl, undefined, signal));
      records.push(...page.records);
    }
    const { nextRecordsUrl: _first, ...answer } = envelope.data;
    const done = page.done && records.length <= MAX_PAGE;
    return parse({ ...first, body: { ...answer, done, records: records.slice(0, MAX_PAGE) } });
  }

  return {
    call,
    query,
    nearDailyLimit() {
      const seen = usage.get(origin);
      if (!seen || clock.now() - seen.at > LIMIT_WAIT_MS) return false;
      return seen.max - seen.used <= Math.max(1, Math.floor(seen.max * (options.lookupReserve ?? 0.05)));
    },
  };
}

/** A failure as the card shows it. */
export function salesforceSourceError(error: unknown): unknown {
  if (error instanceof SourceError) return error;
  const rest = restError(error);
  if (rest?.errorCode === 'REQUEST_LIMIT_EXCEEDED') {
    return new SourceError('rate-limited', t('srcError_salesforceLimit'), LIMIT_WAIT_MS);
  }
  if (statusOf(error) === 503) {
    const after = error instanceof HttpError && error.failure.kind === 'status' ? error.failure.retryAfterMs : undefined;
    return new SourceError('unavailable', t('srcError_salesforceBusy'), after ?? UNAVAILABLE_WAIT_MS);
  }
  if (rest && statusOf(error) !== 401) return new SourceError('unavailable', t('srcError_salesforceRefusedQuery', rest.message.slice(0, 300)));
  return toSourceError(error, SALESFORCE_WORDS);
}

/**
 * A failure as the outbox needs it. Field and validation errors end the action with the org's own
 * message; the daily limit and 503 wait; a session that cannot be refreshed waits for Reconnect.
 */
export function salesforceOutcome(error: unknown, write: boolean): DeliveryOutcome {
  if (error instanceof SourceError) {
    // Signed out for good: nothing was sent. The action waits; once the connection is marked, the
    // outbox holds it as "not connected" until the rep reconnects, and then it goes by itself.
    if (error.kind === 'auth' || error.kind === 'not-configured') return { kind: 'retry', error: error.message };
    return { kind: 'retry', error: error.message, ...(error.retryAfterMs ? { retryAfterMs: error.retryAfterMs } : {}) };
  }
  const rest = restError(error);
  const status = statusOf(error);
  if (rest?.errorCode === 'REQUEST_LIMIT_EXCEEDED') return { kind: 'retry', error: t('srcError_salesforceLimitShort'), retryAfterMs: LIMIT_WAIT_MS };
  if (status === 503) {
    // Only a wait Salesforce named uses no attempt (lib/sync/state.ts, `settle`): a bare 503 is
    // retried with the outbox's backoff and counts, as HubSpot's and Mautic's do, so an org that
    // keeps answering 503 ends the action dead with the reason instead of retrying it for ever.
    const after = error instanceof HttpError && error.failure.kind === 'status' ? error.failure.retryAfterMs : undefined;
    return { kind: 'retry', error: t('srcError_salesforceBusy'), ...(after ? { retryAfterMs: after } : {}) };
  }
  if (status === 401) return { kind: 'fatal', error: t('srcError_salesforceReconnectRetry') };
  // Another transaction held the record: Salesforce rolled this request back, so nothing was written.
  if (rest?.errorCode === 'UNABLE_TO_LOCK_ROW') return { kind: 'retry', error: t('srcError_busy', SALESFORCE_WORDS.name) };
  if (rest && status !== undefined && status >= 400 && status < 500) {
    const message = rest.message.slice(0, 500);
    const error = rest.fields?.length
      ? t('srcError_salesforceRefusedRecordFields', message, rest.fields.join(', '), rest.errorCode)
      : t('srcError_salesforceRefusedRecord', message, rest.errorCode);
    return { kind: 'fatal', error };
  }
  return toOutcome(error, SALESFORCE_WORDS, write);
}
