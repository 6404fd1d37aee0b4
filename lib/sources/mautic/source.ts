/**
 * Mautic as an engagement source: the contact by exact email (or, for a person the page showed by
 * name only, by exact first and last name), then its activity timeline.
 */
import { t } from '../../i18n';
import { nameSplits, pickNamesake } from '../../identity/name';
import type { MauticConnection } from './definition';
import type { SalesActivity } from '../../model/view';
import { type FetchImpl, HttpError, defaultFetch, parseBody, toSourceError } from '../http';
import { isoTime, text } from '../map-util';
import type { EngagementSource, LookupQuery, SourceRecord } from '../types';
import type { MauticCredentials } from './auth';
import { MAUTIC_WORDS, type MauticCall, type MauticOptions, mauticClient } from './client';
import { activityToEvent, contactToProspect } from './map';
import { ActivityResponse, type Contact, ContactsResponse, TeamNotesResponse } from './raw';

/** Mautic has no batch lookup; a person rarely has more addresses than this worth asking about. */
const MAX_EMAILS_PER_QUERY = 5;
const ACTIVITY_LIMIT = 100;

export function createMauticSource(
  config: MauticConnection,
  creds: MauticCredentials,
  fetchImpl: FetchImpl = defaultFetch,
  options: MauticOptions = {},
): EngagementSource {
  const call = mauticClient(config, creds, fetchImpl, options);
  const base = config.baseUrl.replace(/\/+$/, '');

  async function lookup(queries: LookupQuery[], signal?: AbortSignal): Promise<SourceRecord[]> {
    const records: SourceRecord[] = [];
    for (const query of queries) {
      const contact =
        query.emails.length === 0 && !query.linkedinUrl && query.name
          ? await contactByName(call, query.name, query.domains ?? [], signal)
          : await firstContact(call, query.emails.slice(0, MAX_EMAILS_PER_QUERY), signal);
      if (!contact) continue;
      const activity = parseBody(ActivityResponse, await call('GET', `/api/contacts/${encodeURIComponent(contact.id)}/activity?limit=${ACTIVITY_LIMIT}`, undefined, signal));
      const record: SourceRecord = {
        key: query.key,
        prospect: contactToProspect(query.key, contact, base),
        events: activity.events.flatMap((e) => activityToEvent(query.key, contact.id, e, base) ?? []),
      };
      const notes = await teamNotes(call, contact.id, signal);
      if (notes.length > 0) record.salesActivity = notes;
      records.push(record);
    }
    return records;
  }

  return {
    kind: 'mautic',
    lookup: (queries, signal) => withSourceErrors(() => lookup(queries, signal)),
    test: (signal) =>
      withSourceErrors(async () => {
        parseBody(ContactsResponse, await call('GET', '/api/contacts?limit=1', undefined, signal));
        return t('srcTest_connected');
      }),
  };
}

/** Notes read per contact, newest first: the sales lane shows at most 20 of all its items. */
const MAX_NOTES = 20;
const NOTE_TYPES: Record<string, SalesActivity['type']> = { call: 'call', meeting: 'meeting', email: 'email', general: 'note' };

/**
 * The team's notes on the contact (who, how, when; never the text). A malformed answer or a 4xx/5xx
 * here leaves the notes out rather than the contact; auth failures and rate limits still fail the lookup.
 */
async function teamNotes(call: MauticCall, contactId: string | number, signal?: AbortSignal): Promise<SalesActivity[]> {
  const query = new URLSearchParams({
    'where[0][col]': 'lead',
    'where[0][expr]': 'eq',
    'where[0][val]': String(contactId),
    orderBy: 'dateTime',
    orderByDir: 'DESC',
    limit: String(MAX_NOTES),
  });
  let notes;
  try {
    notes = parseBody(TeamNotesResponse, await call('GET', `/api/notes?${query}`, undefined, signal)).notes;
  } catch (error) {
    if (error instanceof HttpError) {
      const f = error.failure;
      if (f.kind === 'malformed' || f.kind === 'too-large' || (f.kind === 'status' && ![401, 429].includes(f.status))) return [];
    }
    throw error;
  }
  return notes
    .flatMap((note): SalesActivity[] => {
      const at = isoTime(note.dateTime ?? undefined) ?? isoTime(note.dateAdded ?? undefined);
      if (!at) return [];
      const item: SalesActivity = { id: `mautic:note:${note.id}`, source: 'mautic', type: NOTE_TYPES[note.type ?? ''] ?? 'note', at };
      const author = text(note.createdByUser ?? undefined, 200);
      if (author) item.author = author;
      return [item];
    })
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, MAX_NOTES);
}

async function withSourceErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toSourceError(error, MAUTIC_WORDS);
  }
}

/**
 * The contact for the first of `emails` Mautic knows, by exact match. (`search=email:x` would be a
 * LIKE, and leaving out `expr` makes Mautic answer 500.) Mautic allows duplicates: the most recently
 * active one wins.
 */
export async function firstContact(call: MauticCall, emails: string[], signal?: AbortSignal): Promise<Contact | undefined> {
  for (const email of emails) {
    const query = new URLSearchParams({ 'where[0][col]': 'email', 'where[0][expr]': 'eq', 'where[0][val]': email, limit: '10' });
    const { contacts } = parseBody(ContactsResponse, await call('GET', `/api/contacts?${query}`, undefined, signal));
    const best = [...contacts].sort((a, b) => (b.lastActive ?? '').localeCompare(a.lastActive ?? ''))[0];
    if (best) return best;
  }
  return undefined;
}

/**
 * The one contact with this first and last name (exact `eq` filters, not the `search=` LIKE), trying
 * both places a middle name can belong, preferring the thread's domains; none when several fit.
 */
export async function contactByName(call: MauticCall, name: string, domains: readonly string[], signal?: AbortSignal): Promise<Contact | undefined> {
  const found = new Map<string, Contact>();
  for (const { firstname, lastname } of nameSplits(name)) {
    const query = new URLSearchParams({
      'where[0][col]': 'firstname',
      'where[0][expr]': 'eq',
      'where[0][val]': firstname,
      'where[1][col]': 'lastname',
      'where[1][expr]': 'eq',
      'where[1][val]': lastname,
      limit: '10',
    });
    const { contacts } = parseBody(ContactsResponse, await call('GET', `/api/contacts?${query}`, undefined, signal));
    for (const contact of contacts) found.set(contact.id, contact);
  }
  const field = (c: Contact, alias: string) => {
    const value = c.fields.all[alias];
    return typeof value === 'string' ? value : null;
  };
  return pickNamesake(name, [...found.values()], domains, (c) => ({ firstname: field(c, 'firstname'), lastname: field(c, 'lastname'), email: field(c, 'email') }));
}
