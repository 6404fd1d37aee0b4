/**
 * The one fetch wrapper the CRM connectors share: a timeout, a size cap on what is read, JSON
 * parsing, and a classification of every failure, so each connector only decides what a failure
 * means for its user (a SourceError on a card, a DeliveryOutcome in the outbox).
 */
import { clock } from '../clock';
import { t } from '../i18n';
import type { z } from '../model/zod';
import type { DeliveryOutcome } from '../sync/types';
import { AccessNotGranted, SourceError } from './types';
import { errorText } from '../errors';

export const DEFAULT_TIMEOUT_MS = 15_000;
/** A contact with its properties is a few KB; anything near this is not an answer we asked for. */
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

export type FetchImpl = (input: string, init?: RequestInit) => Promise<Response>;

/** Late-bound, so a test that replaces `globalThis.fetch` is honoured and no "Illegal invocation" can happen. */
export const defaultFetch: FetchImpl = (input, init) => fetch(input, init);

export interface HttpOptions {
  timeoutMs?: number;
  maxBytes?: number;
  signal?: AbortSignal;
}

export type HttpFailure =
  /** The server answered with a non-2xx status. `body` is its JSON when it sent JSON. */
  | { kind: 'status'; status: number; body: unknown; retryAfterMs?: number }
  | { kind: 'timeout' }
  /**
   * fetch rejected. `sent` is false only when the cause proves nothing left this machine (refused,
   * unknown host); a browser's bare TypeError could be a missing host permission, CORS, or a reset.
   */
  | { kind: 'network'; sent: false | 'unknown'; offline: boolean; detail: string }
  | { kind: 'too-large'; status: number }
  /** A 2xx (or error) answer that is not the JSON we expect. */
  | { kind: 'malformed'; status: number; detail: string }
  /**
   * Prospect Lens itself refused before or after sending (see credentialed-fetch.ts): the origin is
   * not the one the credentials were entered for, its access is not granted, or the server redirected.
   * `sent` tells whether the request left this machine (only a redirect answer means it did).
   */
  | { kind: 'refused'; reason: 'other-origin' | 'no-access' | 'redirect'; sent: boolean };

export class HttpError extends Error {
  constructor(readonly failure: HttpFailure) {
    super(`HTTP ${failure.kind}${'status' in failure ? ` ${failure.status}` : ''}`);
    this.name = 'HttpError';
  }
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. Validate it before use. */
  body: unknown;
}

/** Node's fetch names its causes; these mean the request never reached a server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Sends one request and reads a capped JSON answer. Throws HttpError for every failure, or the
 * caller's own abort reason when the caller cancelled.
 */
export async function fetchJson(fetchImpl: FetchImpl, url: string, init: RequestInit, options: HttpOptions = {}): Promise<JsonResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;

  let response: Response;
  try {
    response = await fetchImpl(url, { ...init, signal });
  } catch (error) {
    throw classifyThrown(error, options.signal, timeout);
  }

  let text: string;
  try {
    text = await readCapped(response, maxBytes);
  } catch (error) {
    // A non-2xx answer is its status whatever became of its body: a 500 whose error page is too large
    // (a framework's debug page) may still have stored the write, and must read as uncertain, not as
    // an answer that says nothing was kept.
    if (!response.ok) throw statusError(response, undefined);
    if (error instanceof HttpError) throw error;
    throw classifyThrown(error, options.signal, timeout);
  }

  let body: unknown;
  let parseError: string | undefined;
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch (error) {
      parseError = error instanceof Error ? error.message : 'invalid JSON';
    }
  }

  if (!response.ok) throw statusError(response, body);
  if (parseError !== undefined) throw new HttpError({ kind: 'malformed', status: response.status, detail: parseError });
  return { status: response.status, headers: response.headers, body };
}

function statusError(response: Response, body: unknown): HttpError {
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  return new HttpError({ kind: 'status', status: response.status, body, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
}

/** True when the server said 2xx but its body could not be read: a write it acknowledged did happen. */
export function acknowledgedUnreadable(error: unknown): boolean {
  if (!(error instanceof HttpError)) return false;
  const failure = error.failure;
  return (failure.kind === 'malformed' || failure.kind === 'too-large') && failure.status >= 200 && failure.status < 300;
}

/** Validates a response body; a mismatch is the service's fault, never a crash or a wrong card. */
export function parseBody<T extends z.ZodType>(schema: T, response: JsonResponse): z.output<T> {
  const result = schema.safeParse(response.body);
  if (!result.success) {
    throw new HttpError({ kind: 'malformed', status: response.status, detail: result.error.issues[0]?.message ?? 'schema mismatch' });
  }
  return result.data;
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new HttpError({ kind: 'too-large', status: response.status });
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new HttpError({ kind: 'too-large', status: response.status });
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function classifyThrown(error: unknown, callerSignal: AbortSignal | undefined, timeout: AbortSignal): unknown {
  if (callerSignal?.aborted) return callerSignal.reason;
  if (error instanceof HttpError) return error; // classified already (a refusal of credentialed-fetch.ts)
  if (timeout.aborted) return new HttpError({ kind: 'timeout' });
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  const code = causeCode(error);
  // Offline by the time it failed does not mean it never left: the network can drop after the body
  // went out, and a write that HubSpot stored would be sent again (the outbox sends nothing while
  // offline, so a request only fails offline when the network went mid-way).
  const sent = code !== undefined && NOT_SENT_CODES.has(code) ? false : 'unknown';
  const detail = code ?? errorText(error);
  return new HttpError({ kind: 'network', sent, offline, detail });
}

function causeCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/**
 * The longest a `Retry-After` is taken at its word: HubSpot's daily limit resets within a day. A
 * longer (or endless: `99999999999999999999`) one, from a broken or hostile server, would park the
 * whole destination for years, and an infinite wait is no time at all to schedule.
 */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60_000;

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date, at most a day. Undefined when absent or invalid. */
export function parseRetryAfter(value: string | null | undefined, now: number = clock.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

/** The human message inside a HubSpot (`{ message }`) or Mautic (`{ errors: [{ message }] }`) error body. */
export function serviceMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as { message?: unknown; errors?: unknown };
  if (typeof record.message === 'string') return record.message.slice(0, 300);
  if (Array.isArray(record.errors)) {
    const first = record.errors[0] as { message?: unknown } | undefined;
    if (typeof first?.message === 'string') return first.message.slice(0, 300);
  }
  return undefined;
}

/**
 * How one service words its failures; the rest of the mapping is the same for every service. The
 * words are read when a failure happens (getters calling `t`), so they are in the UI language then.
 */
export interface ServiceWords {
  readonly name: string;
  /** 401 */
  readonly auth: string;
  /** 403 */
  readonly forbidden: string;
  /** Wait for a 429 without Retry-After (HubSpot reads its policyName). */
  rateLimitWaitMs(body: unknown): number;
}

/** "Access not granted — grant it in Options", in the UI language; a SourceError saying it is an `AccessNotGranted`. */
function accessNotGranted(): string {
  return t('srcError_accessNotGranted');
}

/** Words for a request Prospect Lens refused to send (or to follow) with credentials. */
function refusalMessage(reason: 'other-origin' | 'no-access' | 'redirect', words: ServiceWords): string {
  if (reason === 'no-access') return accessNotGranted();
  if (reason === 'redirect') return t('srcError_redirect', words.name);
  return t('srcError_otherOrigin');
}

/** "HubSpot refused the request (400): <its own words>", the detail only when the service gave one. */
function refused(key: 'srcError_refused' | 'srcError_refusedRecord', words: ServiceWords, status: number, detail: string | undefined): string {
  const text = t(key, words.name, status);
  return detail ? t('srcError_withDetail', text, detail) : text;
}
/** HubSpot documents 423 as "wait at least two seconds". */
export const LOCKED_WAIT_MS = 2_000;

/**
 * What a lookup failure means for the card. A deadline of the caller's that passed (the background
 * gives a lookup 20 s) is said as the service not answering in time, like the request's own timeout.
 */
export function toSourceError(error: unknown, words: ServiceWords): unknown {
  if (isTimeoutReason(error)) return new SourceError('unavailable', t('srcError_timeout', words.name));
  if (!(error instanceof HttpError)) return error;
  const failure = error.failure;
  switch (failure.kind) {
    case 'status':
      return statusSourceError(failure.status, failure.body, failure.retryAfterMs, words);
    case 'timeout':
      return new SourceError('unavailable', t('srcError_timeout', words.name));
    case 'network':
      if (failure.offline) return new SourceError('offline', t('srcError_offline'));
      if (failure.sent === false) return new SourceError('unavailable', t('srcError_unreachable', words.name));
      // Every connector's requests go through the credentialed fetch, which refuses a missing grant
      // before sending (`refused`, below): a bare network error met the network (a reset, a proxy, a
      // certificate), and "grant access" would send the rep to Options for nothing.
      return new SourceError('unavailable', t('srcError_connectionFailed', words.name, failure.detail));
    case 'too-large':
    case 'malformed':
      return new SourceError('malformed', t('srcError_malformed', words.name));
    case 'refused':
      if (failure.reason === 'no-access') return new AccessNotGranted();
      return new SourceError('auth', refusalMessage(failure.reason, words));
  }
}

/** The reason `AbortSignal.timeout` aborts with (a DOMException named TimeoutError). */
function isTimeoutReason(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TimeoutError';
}

function statusSourceError(status: number, body: unknown, retryAfterMs: number | undefined, words: ServiceWords): SourceError {
  if (status === 401) return new SourceError('auth', words.auth);
  if (status === 403) return new SourceError('no-access', words.forbidden);
  if (status === 429) {
    return new SourceError('rate-limited', t('srcError_slowDown', words.name), retryAfterMs ?? words.rateLimitWaitMs(body));
  }
  if (status === 423) return new SourceError('unavailable', t('srcError_busy', words.name), Math.max(LOCKED_WAIT_MS, retryAfterMs ?? 0));
  if (status >= 500) return new SourceError('unavailable', t('srcError_unavailable', words.name, status), retryAfterMs);
  return new SourceError('unavailable', refused('srcError_refused', words, status, serviceMessage(body)));
}

/**
 * What a delivery failure means for the outbox. `write` says whether the request could have
 * created something: then a lost answer is `uncertain` (the outbox asks findExisting before
 * sending again), while a lost read is simply retried.
 */
export function toOutcome(error: unknown, words: ServiceWords, write: boolean): DeliveryOutcome {
  const lost: DeliveryOutcome = write
    ? { kind: 'uncertain', error: t('srcError_noAnswerMaybeSaved', words.name) }
    : { kind: 'retry', error: t('srcError_noAnswer', words.name) };
  if (error instanceof SourceError) return { kind: error.kind === 'not-configured' ? 'fatal' : 'retry', error: error.message };
  if (!(error instanceof HttpError)) return lost;
  const failure = error.failure;
  switch (failure.kind) {
    case 'status':
      return statusOutcome(failure.status, failure.body, failure.retryAfterMs, words, write);
    case 'timeout':
      return write ? lost : { kind: 'retry', error: t('srcError_timeout', words.name) };
    case 'network': {
      if (failure.sent === false) return { kind: 'retry', error: failure.offline ? t('srcError_offlineShort') : t('srcError_unreachable', words.name) };
      // The outbox checked host access before sending (credentialed-fetch.ts: a missing grant is a
      // `refused` failure), so a read that failed here met the network, not a missing grant.
      if (!write) return { kind: 'retry', error: failure.offline ? t('srcError_offlineShort') : t('srcError_connectionFailed', words.name, failure.detail) };
      return { kind: 'uncertain', error: failure.offline ? lost.error : t('srcError_connectionFailed', words.name, failure.detail) };
    }
    case 'too-large':
    case 'malformed':
      return { kind: 'retry', error: t('srcError_malformed', words.name) };
    case 'refused':
      // Not sent for want of access: no attempt used, and the action waits until access is granted
      // (which kicks the outbox). A redirect answer means the server did not act on it either (it
      // pointed elsewhere instead), and another origin never will be right.
      if (failure.reason === 'no-access') return { kind: 'not-sent', error: refusalMessage(failure.reason, words) };
      return { kind: 'fatal', error: refusalMessage(failure.reason, words) };
  }
}

function statusOutcome(status: number, body: unknown, retryAfterMs: number | undefined, words: ServiceWords, write: boolean): DeliveryOutcome {
  const detail = serviceMessage(body);
  if (status === 429) {
    return { kind: 'retry', error: t('srcError_rateLimit', words.name), retryAfterMs: retryAfterMs ?? words.rateLimitWaitMs(body) };
  }
  if (status === 423) return { kind: 'retry', error: t('srcError_busy', words.name), retryAfterMs: Math.max(LOCKED_WAIT_MS, retryAfterMs ?? 0) };
  // A gateway timeout means the origin may have acted on a write before the gateway gave up.
  if (status === 504 && write) return { kind: 'uncertain', error: t('srcError_gatewayTimeout', words.name) };
  // So may a 500 (the service failed after storing the record) or a 502 (the origin's answer was lost
  // on its way back): a write's result is unknown, and the outbox looks before sending it again. A 503
  // says the service did not take the request: retried as it is.
  if ((status === 500 || status === 502) && write) {
    return { kind: 'uncertain', error: t('srcError_failedMaybeSaved', words.name, status), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  if (status >= 500 || status === 408) {
    return { kind: 'retry', error: t('srcError_unavailable', words.name, status), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  if (status === 401) return { kind: 'fatal', error: words.auth };
  if (status === 403) return { kind: 'fatal', error: words.forbidden };
  return { kind: 'fatal', error: refused('srcError_refusedRecord', words, status, detail) };
}
