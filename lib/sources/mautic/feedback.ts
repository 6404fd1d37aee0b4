/**
 * Reads back the lead feedback and stage changes the Mautic destination wrote. Whatever `feedbackAs`
 * says (points, tags or note), every feedback is also a note with actionLines and the
 * `[prospect-lens:<id>]` marker (destination.ts): the note carries the action id, verdict and reason,
 * so it is what is read. Notes are searched by the marker's text, newest first, a page at a time up
 * to the cap; those outside the range are skipped (Mautic's note list cannot filter by date); then
 * the contacts' emails and names, 100 ids a request.
 */
import type { FeedbackRange, RemoteFeedback } from '../../model/feedback';
import { z } from '../../model/zod';
import { feedbackFromLines, linesOfHtml, remoteFeedback } from '../action-text';
import { parseBody } from '../http';
import type { MauticCall } from './client';
import { ContactsResponse } from './raw';

const PAGE = 100;
const CONTACT_BATCH = 100;

const FeedbackNote = z.object({
  id: z.union([z.number(), z.string()]),
  text: z.string().nullable().optional(),
  dateTime: z.string().nullable().optional(),
  dateAdded: z.string().nullable().optional(),
  lead: z.union([z.object({ id: z.union([z.number(), z.string()]) }), z.number(), z.string()]).nullable().optional(),
});
const FeedbackNotes = z.object({
  total: z.union([z.number(), z.string()]).optional(),
  notes: z.union([z.array(FeedbackNote), z.record(z.string(), FeedbackNote)]).transform((v) => (Array.isArray(v) ? v : Object.values(v))),
});

export async function readMauticFeedback(call: MauticCall, range: FeedbackRange, cap: number, signal?: AbortSignal): Promise<{ records: RemoteFeedback[]; capped: boolean }> {
  const from = range.from ? Date.parse(range.from) : -Infinity;
  const to = range.to ? Date.parse(range.to) : Infinity;
  const found: { id: string; lead?: string; at: string; text: NonNullable<ReturnType<typeof feedbackFromLines>> }[] = [];
  let capped = false;
  // Every note the team logged carries the marker, calls and tasks too: the cap counts notes read, as
  // HubSpot's does, so a busy instance answers its newest `cap` in a few pages instead of paging on
  // (202 requests for 20,000 notes) past the background's read timeout.
  for (let start = 0; ; start += PAGE) {
    if (start >= cap) {
      capped = true;
      break;
    }
    // By when each note was written: every note has `dateAdded`, while notes written before the date
    // went as `dateTime` have none (null), and those would sort past every dated one.
    const query = new URLSearchParams({ search: 'prospect-lens', orderBy: 'dateAdded', orderByDir: 'DESC', start: String(start), limit: String(PAGE) });
    const page = parseBody(FeedbackNotes, await call('GET', `/api/notes?${query}`, undefined, signal));
    let older = false;
    // Mautic answers a page keyed by id, and a JSON object keyed by numbers reads back in id order:
    // the page's newest-first order is restored here (pages themselves come in the server's order).
    const notes = [...page.notes].sort((a, b) => written(b) - written(a));
    for (const n of notes) {
      const at = occurred(n);
      if (Number.isNaN(at) || at > to) continue;
      // A feedback is written when it happened or later, so once the notes were written before the
      // range, the rest happened before it too.
      if (written(n) < from) {
        older = true; // newest first: the rest are older still
        break;
      }
      if (at < from) continue;
      const text = n.text ? feedbackFromLines(linesOfHtml(n.text)) : undefined;
      if (!text) continue;
      if (found.length >= cap) {
        capped = true;
        break;
      }
      const lead = n.lead === null || n.lead === undefined ? undefined : String(typeof n.lead === 'object' ? n.lead.id : n.lead);
      found.push({ id: String(n.id), ...(lead && { lead }), at: new Date(at).toISOString(), text });
    }
    if (older || capped || page.notes.length < PAGE) break;
  }
  const people = await contacts(call, [...new Set(found.flatMap((f) => (f.lead ? [f.lead] : [])))], signal);
  const records = found.map(({ id, lead, at, text }) => remoteFeedback(text, id, lead ? people.get(lead) : undefined, at));
  return { records, capped };
}

/** When the feedback happened: the note's date, else (written without one) when it was written. */
function occurred(n: z.infer<typeof FeedbackNote>): number {
  const at = Date.parse(n.dateTime ?? '');
  return Number.isNaN(at) ? Date.parse(n.dateAdded ?? '') : at;
}

/** When the note was written, for the order Mautic lists them in; its date when it has no `dateAdded`. */
function written(n: z.infer<typeof FeedbackNote>): number {
  return Date.parse(n.dateAdded ?? '') || occurred(n) || 0;
}

async function contacts(call: MauticCall, ids: string[], signal?: AbortSignal): Promise<Map<string, { email?: string; name?: string }>> {
  const out = new Map<string, { email?: string; name?: string }>();
  for (let i = 0; i < ids.length; i += CONTACT_BATCH) {
    const chunk = ids.slice(i, i + CONTACT_BATCH);
    const query = new URLSearchParams({ 'where[0][col]': 'id', 'where[0][expr]': 'in', 'where[0][val]': chunk.join(','), limit: String(chunk.length) });
    const answer = parseBody(ContactsResponse, await call('GET', `/api/contacts?${query}`, undefined, signal));
    for (const c of answer.contacts) {
      const all = c.fields.all;
      const email = typeof all.email === 'string' ? all.email.trim().toLowerCase() : undefined;
      const name = [all.firstname, all.lastname].filter((v) => typeof v === 'string' && v).join(' ').trim();
      out.set(String(c.id), { ...(email && { email }), ...(name && { name }) });
    }
  }
  return out;
}
