/**
 * Reads back the lead feedback and stage changes the HubSpot destination wrote: notes whose body is
 * actionLines (activity.ts) ending in the `[prospect-lens:<id>]` marker. Search by the marker's token
 * and the page's date range, newest first, paged to a cap; then each note's contact (v4 batch
 * association read) and that contact's email and name (batch read). Bounded: at most
 * cap / 200 search pages, and one association and cap / 100 contact batches.
 */
import type { FeedbackRange, RemoteFeedback } from '../../model/feedback';
import { z } from '../../model/zod';
import { feedbackFromLines, linesOfHtml, remoteFeedback } from '../action-text';
import { HttpError, parseBody } from '../http';
import { HUBSPOT_WORDS, type HubSpotCall } from './client';
import { sleep } from './pace';
import { BatchReadResponse, SearchResponse } from './raw';

/** HubSpot's search page size limit. */
const PAGE = 200;
/** Contacts per batch read (HubSpot's limit). */
const CONTACT_BATCH = 100;
/**
 * A 429 whose wait is this short is waited out and the request sent again (at most twice); a longer
 * one (a daily limit) fails the read in words, like a lookup's rate limit does.
 */
const MAX_RATE_WAIT_MS = 10_000;
const RATE_RETRIES = 2;

/** `POST /crm/v4/associations/notes/contacts/batch/read`: each note's contacts (207 with errors for unknown notes). */
const BatchAssociationsResponse = z.object({
  results: z.array(z.object({ from: z.object({ id: z.string() }), to: z.array(z.object({ toObjectId: z.union([z.number(), z.string()]) })) })),
});

/** Sends a request, waiting out short rate limits (Retry-After, else HubSpot's policy in the body). */
async function politely(call: HubSpotCall, path: string, body: unknown, signal?: AbortSignal) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call('POST', path, body, signal);
    } catch (error) {
      const failure = error instanceof HttpError ? error.failure : undefined;
      if (failure?.kind !== 'status' || failure.status !== 429 || attempt >= RATE_RETRIES) throw error;
      const wait = failure.retryAfterMs ?? HUBSPOT_WORDS.rateLimitWaitMs(failure.body);
      if (wait > MAX_RATE_WAIT_MS) throw error;
      await sleep(wait, signal);
    }
  }
}

export async function readHubSpotFeedback(call: HubSpotCall, range: FeedbackRange, cap: number, signal?: AbortSignal): Promise<{ records: RemoteFeedback[]; capped: boolean }> {
  const filters: Record<string, unknown>[] = [{ propertyName: 'hs_note_body', operator: 'CONTAINS_TOKEN', value: 'prospect-lens' }];
  if (range.from) filters.push({ propertyName: 'hs_timestamp', operator: 'GTE', value: range.from });
  if (range.to) filters.push({ propertyName: 'hs_timestamp', operator: 'LTE', value: range.to });
  const notes: { id: string; body: string; at: string }[] = [];
  let after: string | undefined;
  let capped = false;
  // Every note with a marker is read (calls and emails carry one too), so the cap counts notes read.
  let read = 0;
  do {
    const search = {
      filterGroups: [{ filters }],
      properties: ['hs_note_body', 'hs_timestamp'],
      sorts: [{ propertyName: 'hs_timestamp', direction: 'DESCENDING' }],
      limit: Math.min(PAGE, cap - read),
      ...(after ? { after } : {}),
    };
    const page = parseBody(SearchResponse, await politely(call, '/crm/v3/objects/notes/search', search, signal));
    for (const r of page.results) {
      read++;
      const body = r.properties.hs_note_body;
      const at = r.properties.hs_timestamp;
      if (body && at) notes.push({ id: r.id, body, at });
    }
    after = page.paging?.next?.after;
    if (after && read >= cap) capped = true;
  } while (after && read < cap && !capped);

  const parsed = notes.flatMap((n) => {
    const text = feedbackFromLines(linesOfHtml(n.body));
    return text ? [{ note: n, text }] : [];
  });
  const contactOf = await contactsOfNotes(call, parsed.map((p) => p.note.id), signal);
  const people = await contactDetails(call, [...new Set(contactOf.values())], signal);
  const records = parsed.map(({ note, text }) =>
    remoteFeedback(text, note.id, people.get(contactOf.get(note.id) ?? ''), new Date(Date.parse(note.at) || 0).toISOString()),
  );
  records.sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  return { records, capped };
}

/** Each note's first associated contact (the destination associates exactly one). */
async function contactsOfNotes(call: HubSpotCall, noteIds: string[], signal?: AbortSignal): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < noteIds.length; i += 1000) {
    const inputs = noteIds.slice(i, i + 1000).map((id) => ({ id }));
    const answer = parseBody(BatchAssociationsResponse, await politely(call, '/crm/v4/associations/notes/contacts/batch/read', { inputs }, signal));
    for (const r of answer.results) if (r.to[0]) out.set(r.from.id, String(r.to[0].toObjectId));
  }
  return out;
}

async function contactDetails(call: HubSpotCall, ids: string[], signal?: AbortSignal): Promise<Map<string, { email?: string; name?: string }>> {
  const out = new Map<string, { email?: string; name?: string }>();
  for (let i = 0; i < ids.length; i += CONTACT_BATCH) {
    const inputs = ids.slice(i, i + CONTACT_BATCH).map((id) => ({ id }));
    const answer = parseBody(BatchReadResponse, await politely(call, '/crm/v3/objects/contacts/batch/read', { inputs, properties: ['email', 'firstname', 'lastname'] }, signal));
    for (const c of answer.results) {
      const name = [c.properties.firstname, c.properties.lastname].filter(Boolean).join(' ').trim();
      const email = c.properties.email?.trim().toLowerCase();
      out.set(c.id, { ...(email && { email }), ...(name && { name }) });
    }
  }
  return out;
}
