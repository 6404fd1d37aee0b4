/**
 * Mautic as the sync destination: every action becomes a note on the contact; lead feedback can
 * also move the contact's points or tags, so marketing's own scoring and segments hear it.
 */
import { t } from '../../i18n';
import { profileRef } from '../../identity/linkedin-url';
import { isNameKey, nameOfKey, pickNamesake } from '../../identity/name';
import { LEAD_REJECT_REASONS, type SalesAction } from '../../model/action';
import type { MauticConnection } from './definition';
import type { CheckResult, DeliveryContext, DeliveryOutcome, Destination } from '../../sync/types';
import { actionLines, actionMarker, htmlBody } from '../action-text';
import { type FetchImpl, HttpError, acknowledgedUnreadable, defaultFetch, parseBody, toOutcome, toSourceError } from '../http';
import type { MauticCredentials } from './auth';
import { MAUTIC_WORDS, type MauticCall, type MauticOptions, mauticClient } from './client';
import { type Contact, ContactResponse, NoteCreated, NotesResponse } from './raw';
import { createInMautic } from './create';
import { readMauticFeedback } from './feedback';
import { firstContact } from './source';

/** Points a lead-feedback verdict adds or takes away when feedback goes to Mautic as points. */
export const FEEDBACK_POINTS = 10;

const NOTE_TYPES: Partial<Record<SalesAction['type'], string>> = { call: 'call', meeting: 'meeting', email: 'email' };

export function createMauticDestination(
  config: MauticConnection,
  creds: MauticCredentials,
  fetchImpl: FetchImpl = defaultFetch,
  options: MauticOptions = {},
): Destination {
  const call = mauticClient(config, creds, fetchImpl, options);
  /** Lead feedback sent as points or tags is two writes: the note alone does not prove it all arrived. */
  const hasSecondStep = (action: SalesAction) => action.type === 'lead_feedback' && config.feedbackAs !== 'note';

  /**
   * The contact the action goes to, or the outcome that ends the attempt (a read: nothing was written).
   * By address, as the lookup found it; for a person without one, the contact the card showed (the
   * action's target) while it still fits them (`shownContact`).
   */
  async function contactFor(action: SalesAction, ctx: DeliveryContext): Promise<{ id: string } | { outcome: DeliveryOutcome }> {
    try {
      const emails = [...new Set([action.prospectKey, ...(ctx.prospect?.emails ?? [])].filter((e) => e.includes('@') && !e.startsWith('linkedin')))];
      const contact = emails.length > 0 ? await firstContact(call, emails, ctx.signal) : await shownContact(call, action, ctx);
      const ref = ctx.prospect?.refs.find((r) => r.source === 'mautic');
      const id = contact?.id ?? ref?.externalId;
      if (!id) return { outcome: { kind: 'fatal', error: t('srcError_noContact', 'Mautic', emails[0] ?? action.prospectKey) } };
      return { id };
    } catch (error) {
      return { outcome: toOutcome(error, MAUTIC_WORDS, false) };
    }
  }

  async function deliver(action: SalesAction, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    if (action.type === 'crm_create') {
      return action.record ? createInMautic(call, action.record, ctx.signal) : { kind: 'fatal', error: t('srcError_nothingToAdd') };
    }
    const contact = await contactFor(action, ctx);
    if ('outcome' in contact) return contact.outcome;
    const contactId = contact.id;

    let noteId: string | undefined;
    // A note written by an earlier attempt whose second step failed leaves the action uncertain, and
    // findExisting finishes it. Looking here too keeps rows stored before that rule (pending or dead,
    // not uncertain, their note already written) from getting a second note. Mautic's search sees a
    // note at once. A read: whatever goes wrong with it, nothing was written.
    if (action.type === 'lead_feedback') {
      try {
        noteId = await findNote(call, action, ctx.signal);
      } catch (error) {
        return toOutcome(error, MAUTIC_WORDS, false);
      }
    }
    try {
      noteId ??= await createNote(call, action, contactId, ctx.signal);
    } catch (error) {
      if (acknowledgedUnreadable(error)) return { kind: 'delivered' };
      return toOutcome(error, MAUTIC_WORDS, true);
    }

    if (hasSecondStep(action)) {
      try {
        await applyFeedback(call, config.feedbackAs, action, contactId, ctx.signal);
      } catch (error) {
        // The note is in Mautic, so part of the action arrived, however definite this failure: it is
        // uncertain, which keeps the rep from editing a verdict Mautic already holds, and the next
        // attempt's findExisting finds the note and repeats only this step. Only a lost answer to this
        // very request could count the points twice (they cannot be looked for).
        return partlyArrived(toOutcome(error, MAUTIC_WORDS, false));
      }
    }
    return { kind: 'delivered', remoteId: noteId };
  }

  async function findExisting(action: SalesAction, ctx: DeliveryContext): Promise<CheckResult> {
    // Adding a person looks the address up before it writes (create.ts): sending it again finishes it.
    if (action.type === 'crm_create') return { found: false };
    let noteId: string | undefined;
    try {
      noteId = await findNote(call, action, ctx.signal);
    } catch (error) {
      return unknownFrom(toOutcome(error, MAUTIC_WORDS, false), t('srcError_mauticSearchFailed'));
    }
    if (!noteId) return { found: false };
    // With a second step, the note alone is half of it: the step is finished here, so that "found"
    // means all of it arrived, and "not found" (a resend) only ever means nothing did.
    if (hasSecondStep(action)) {
      const contact = await contactFor(action, ctx);
      if ('outcome' in contact) return unknownFrom(contact.outcome, t('srcError_mauticSearchFailed'));
      try {
        await applyFeedback(call, config.feedbackAs, action, contact.id, ctx.signal);
      } catch (error) {
        const outcome = toOutcome(error, MAUTIC_WORDS, false);
        // Refused (a 403: the API user may not change points or tags): asking again all day would not help.
        if (outcome.kind === 'fatal') return { refused: outcome.error };
        return unknownFrom(outcome, t('srcError_mauticSearchFailed'));
      }
    }
    return { found: true, remoteId: noteId };
  }

  return {
    kind: 'mautic',
    ratePerSecond: 5,
    deliver,
    findExisting,
    // Failures in words, as a lookup's are; a 429 is one of them (Mautic's limit is per hour: not waited out here).
    readFeedback: (range, cap, signal) =>
      readMauticFeedback(call, range, cap, signal).catch((error: unknown) => {
        throw toSourceError(error, MAUTIC_WORDS);
      }),
  };
}

/** A Mautic contact id: digits. */
const MAUTIC_ID = /^\d{1,20}$/;

/**
 * For a person without an address, the contact the card showed (the action's `target`, set by the
 * background from the lookup's answer) while it still fits them: a `name:` person by first and last
 * name, as the lookup found them (`contactByName`); a `linkedin:` person (whom the lookup found by an
 * address stored with them then) by the profile in the contact's `linkedin` field. The target is
 * stored data: its id is checked before it goes into a path, and a contact that no longer fits
 * (renamed, another profile, deleted) is never written to.
 */
async function shownContact(call: MauticCall, action: SalesAction, ctx: DeliveryContext): Promise<Contact | undefined> {
  const id = action.target?.source === 'mautic' ? action.target.externalId : undefined;
  if (!id || !MAUTIC_ID.test(id)) return undefined;
  const key = action.prospectKey;
  const profiles = new Set([key, profileRef(ctx.prospect?.linkedinUrl)?.key].filter((k) => k?.startsWith('linkedin:')));
  if (profiles.size === 0 && !isNameKey(key)) return undefined;
  let contact: Contact;
  try {
    contact = parseBody(ContactResponse, await call('GET', `/api/contacts/${id}`, undefined, ctx.signal)).contact;
  } catch (error) {
    if (error instanceof HttpError && error.failure.kind === 'status' && error.failure.status === 404) return undefined;
    throw error;
  }
  const field = (alias: string) => {
    const value = contact.fields.all[alias];
    return typeof value === 'string' ? value : null;
  };
  if (profiles.size > 0) return profiles.has(profileRef(field('linkedin'))?.key ?? '') ? contact : undefined;
  return pickNamesake(nameOfKey(key), [contact], [], () => ({ firstname: field('firstname'), lastname: field('lastname') }));
}

/** A failure after the note was written: uncertain, whatever the request answered (see deliver). */
function partlyArrived(outcome: DeliveryOutcome): DeliveryOutcome {
  if (outcome.kind === 'delivered' || outcome.kind === 'uncertain') return outcome;
  return { kind: 'uncertain', error: outcome.error, ...(outcome.kind === 'retry' && outcome.retryAfterMs ? { retryAfterMs: outcome.retryAfterMs } : {}) };
}

/** A look that could not tell, with the destination's Retry-After when it gave one. */
function unknownFrom(outcome: DeliveryOutcome, fallback: string): CheckResult {
  const unknown = 'error' in outcome ? outcome.error : fallback;
  return outcome.kind === 'retry' && outcome.retryAfterMs ? { unknown, retryAfterMs: outcome.retryAfterMs } : { unknown };
}

async function createNote(call: MauticCall, action: SalesAction, contactId: string, signal: AbortSignal): Promise<string> {
  const body = {
    lead: Number(contactId),
    text: htmlBody(noteLines(action)),
    type: NOTE_TYPES[action.type] ?? 'general',
    // Mautic's note form names it `dateTime` and reads `yyyy-MM-dd HH:mm` only; any other key is
    // dropped without a word, leaving the note with no date (docs/architecture.md, lead feedback page).
    dateTime: mauticDateTime(action.occurredAt),
  };
  return parseBody(NoteCreated, await call('POST', '/api/notes/new', body, signal)).note.id;
}

/**
 * The note's lines. Mautic has no tasks, so a task's due time goes in the text, under its title, in
 * the note's own words and date format ("Due: 2024-11-22 09:00 UTC"). The note's `dateTime` stays
 * when the task was logged: it places the note on the contact's timeline among what happened, where
 * a date ahead would stand above everything that did.
 */
function noteLines(action: SalesAction): string[] {
  const lines = actionLines(action);
  if (action.type !== 'task' || !action.dueAt) return lines;
  return [lines[0]!, `Due: ${mauticDateTime(action.dueAt)} UTC`, ...lines.slice(1)];
}

/** An ISO time as Mautic's form takes it, in UTC: `2024-11-18 09:30`. */
export function mauticDateTime(isoTime: string): string {
  return new Date(isoTime).toISOString().slice(0, 16).replace('T', ' ');
}

async function findNote(call: MauticCall, action: SalesAction, signal: AbortSignal): Promise<string | undefined> {
  const response = await call('GET', `/api/notes?${new URLSearchParams({ search: action.id })}`, undefined, signal);
  // `search` is a text match; only the exact marker proves the note is this action's.
  return parseBody(NotesResponse, response).notes.find((n) => n.text?.includes(actionMarker(action.id)))?.id;
}

async function applyFeedback(call: MauticCall, as: MauticConnection['feedbackAs'], action: SalesAction, contactId: string, signal: AbortSignal): Promise<void> {
  const id = encodeURIComponent(contactId);
  const accepted = action.feedback === 'accepted';
  if (as === 'points') {
    // Mautic's points paths take a positive delta; the direction is in the path.
    await call('POST', `/api/contacts/${id}/points/${accepted ? 'plus' : 'minus'}/${FEEDBACK_POINTS}`, {}, signal);
    return;
  }
  const verdict = accepted ? ['sales-accepted'] : ['sales-rejected', ...(action.rejectReason ? [`sales-rejected-${action.rejectReason}`] : [])];
  // Mautic adds the tags an edit names and keeps the others; a name led by "-" removes that tag
  // (LeadModel::modifyTags). The earlier verdict's tags go, so a lead accepted and then rejected does
  // not carry both into marketing's segments; removing a tag the contact lacks changes nothing.
  const earlier = ['sales-accepted', 'sales-rejected', ...LEAD_REJECT_REASONS.map((reason) => `sales-rejected-${reason}`)].filter((tag) => !verdict.includes(tag));
  await call('PATCH', `/api/contacts/${id}/edit`, { tags: [...verdict, ...earlier.map((tag) => `-${tag}`)] }, signal);
}
