/**
 * A found contact's details — webinar and event participations, the team's engagements, open deals —
 * read within the lookup's time. A contact costs about 16 requests: read one person after another, a
 * thread of eight HubSpot-known people took longer than the 20 s the background gives a lookup, and
 * the timeout threw away everything read. So a few contacts are read at once (at the account's pace,
 * pace.ts), the reads stop in time, and a contact whose details were not read is still shown with its
 * properties. Each part is best effort: one person's unreadable webinars or deals never sink the lookup.
 */
import { HttpError, parseBody } from '../http';
import type { HubSpotCall } from './client';
import { type CrmObject, type Participation, ParticipationsResponse } from './raw';
import { type EngagementObject, bestEffort, readDeals, readEngagements } from './team';

/** Contacts whose details are read at once: with about 16 requests each, enough to keep HubSpot busy at its pace. */
export const DETAIL_READS_AT_ONCE = 4;
/**
 * How long after a lookup began its detail reads stop. The background gives a lookup 20 s
 * (lib/background/views.ts) and keeps nothing of one that runs over; the rest is margin for a busy worker.
 */
export const DETAILS_BUDGET_MS = 15_000;
/** Participation pages to follow per contact; a person with more than this is rare and the newest come first. */
const MAX_PARTICIPATION_PAGES = 3;

export interface ContactDetails {
  participations: Participation[];
  engagements: { type: EngagementObject; object: CrmObject }[];
  deals: CrmObject[];
}

export async function contactDetails(call: HubSpotCall, contactId: string, signal: AbortSignal): Promise<ContactDetails> {
  return {
    participations: await bestEffort(() => readParticipations(call, contactId, signal), []),
    engagements: await bestEffort(() => readEngagements(call, contactId, signal), []),
    deals: await bestEffort(() => readDeals(call, contactId, signal), []),
  };
}

/**
 * Webinar and event participations. Without the marketing-events scope HubSpot answers 403: the
 * pages read before it (none, usually) are kept.
 */
async function readParticipations(call: HubSpotCall, contactId: string, signal: AbortSignal): Promise<Participation[]> {
  const all: Participation[] = [];
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

/**
 * `read` for each item, `atOnce` at a time, until `stop` aborts: an item whose read was cut short, or
 * never began, is absent from the answer. Any other failure (a rejected token, a 429) stops the
 * remaining reads and is thrown, as a lookup that met it fails.
 */
export async function readEach<T, R>(items: readonly T[], atOnce: number, stop: AbortSignal, read: (item: T, signal: AbortSignal) => Promise<R>): Promise<Map<T, R>> {
  const results = new Map<T, R>();
  const halt = new AbortController();
  const signal = AbortSignal.any([stop, halt.signal]);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!signal.aborted && next < items.length) {
      const item = items[next++]!;
      try {
        results.set(item, await read(item, signal));
      } catch (error) {
        if (signal.aborted || isAbort(error)) continue;
        failure ??= { error };
        halt.abort();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

/** What a request ends with when its signal aborted (fetchJson rethrows the signal's reason). */
export function isAbort(error: unknown): boolean {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return name === 'AbortError' || name === 'TimeoutError';
}
