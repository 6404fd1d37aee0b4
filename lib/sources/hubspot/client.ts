/**
 * Authenticated requests to HubSpot's API and how HubSpot's failures are worded. Shared by the
 * lookup source and the sync destination.
 */
import { clock } from '../../clock';
import { t } from '../../i18n';
import type { HubSpotConnection } from './definition';
import { type FetchImpl, type HttpOptions, type JsonResponse, type ServiceWords, fetchJson } from '../http';

export interface HubSpotCredentials {
  token: string;
}

export interface HubSpotOptions {
  /** HubSpot account id, for deep links into HubSpot; none is invented without it. */
  portalId?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

const TEN_SECONDS = 10_000;
/** Past the hour, so a local clock a little fast does not spend the retry just before the reset. */
const DAILY_RETRY_SLACK_MS = 60_000;

/**
 * A 429 without Retry-After: wait by the policy HubSpot names in the body.
 *
 * The daily limit resets at midnight in the time zone set on the HubSpot account (its daily-usage
 * endpoint answers `resetsAt: …T04:00:00Z` for a US-Eastern portal), which the connection does not
 * know; asking would cost a request and a scope. UTC's midnight is 5 to 10 hours early for American
 * portals, and the 429 met then made the next wait a whole day. So a DAILY 429 is tried again just
 * after the next whole hour (UTC), where the midnights of whole-hour zones fall: one request an hour
 * while the limit holds, and the limit is seen lifted within the hour of the account's midnight.
 */
export function hubspotRateLimitWait(body: unknown, now: number = clock.now()): number {
  const policy = typeof body === 'object' && body !== null ? (body as { policyName?: unknown }).policyName : undefined;
  if (policy === 'DAILY') {
    const nextHour = new Date(now);
    nextHour.setUTCMinutes(60, 0, 0);
    return nextHour.getTime() + DAILY_RETRY_SLACK_MS - now;
  }
  if (policy === 'SECONDLY') return 1_000;
  return TEN_SECONDS;
}

export const HUBSPOT_WORDS: ServiceWords = {
  name: 'HubSpot',
  get auth() {
    return t('srcError_hubspotAuth');
  },
  get forbidden() {
    return t('srcError_hubspotForbidden');
  },
  rateLimitWaitMs: (body) => hubspotRateLimitWait(body),
};

export type HubSpotCall = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, body?: unknown, signal?: AbortSignal) => Promise<JsonResponse>;

export function hubspotClient(config: Pick<HubSpotConnection, 'baseUrl'>, creds: HubSpotCredentials, fetchImpl: FetchImpl, options: HubSpotOptions = {}): HubSpotCall {
  const base = config.baseUrl.replace(/\/+$/, '');
  return (method, path, body, signal) => {
    const http: HttpOptions = { signal };
    if (options.timeoutMs !== undefined) http.timeoutMs = options.timeoutMs;
    if (options.maxBytes !== undefined) http.maxBytes = options.maxBytes;
    const headers: Record<string, string> = { authorization: `Bearer ${creds.token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetchJson(fetchImpl, `${base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }, http);
  };
}
