/**
 * Mautic as the sync destination: every action becomes a note on the contact; lead feedback can
 * also move the contact's points or tags, so marketing's own scoring and segments hear it.
 */
import { t } from '../../i18n';
import type { SalesAction } from '../../model/action';
import type { MauticConnection } from './definition';
import type { DeliveryContext, DeliveryOutcome, Destination } from '../../sync/types';
import { actionLines, actionMarker, htmlBody } from '../action-text';
import { type FetchImpl, acknowledgedUnreadable, defaultFetch, parseBody, toOutcome, toSourceError } from '../http';
import type { MauticCredentials } from './auth';
import { MAUTIC_WORDS, type MauticCall, type MauticOptions, mauticClient } from './client';
import { NoteCreated, NotesResponse } from './raw';
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

  async function deliver(action: SalesAction, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    if (action.type === 'crm_create') {
      return action.record ? createInMautic(call, action.record, ctx.signal) : { kind: 'fatal', error: t('srcError_nothingToAdd') };
    }
    let contactId: string;
    try {
      const emails = [...new Set([action.prospectKey, ...(ctx.prospect?.emails ?? [])].filter((e) => e.includes('@') && !e.startsWith('linkedin')))];
      const contact = await firstContact(call, emails, ctx.signal);
      const ref = ctx.prospect?.refs.find((r) => r.source === 'mautic');
      const id = contact?.id ?? ref?.externalId;
      if (!id) return { kind: 'fatal', error: t('srcError_noContact', 'Mautic', emails[0] ?? action.prospectKey) };
      contactId = id;
    } catch (error) {
      return toOutcome(error, MAUTIC_WORDS, false);
    }

    let noteId: string | undefined;
    // Lead feedback may be two writes (with points or tags, a setting that may have changed since), so
    // an earlier attempt may have written the note and failed after it, definitely, leaving findExisting
    // nothing to look for. Look every time, not only when attempts were counted: Retry on a dead
    // action counts them from zero again. Mautic's search sees a note at once. A read: whatever goes
    // wrong with it, nothing was written.
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
        // The note exists; the next attempt finds it and only repeats this step, so a failure here is
        // a retry (or a refusal to send, or fatal), never uncertain: points cannot be looked for. Only
        // a lost answer to this very request could count them twice.
        return toOutcome(error, MAUTIC_WORDS, false);
      }
    }
    return { kind: 'delivered', remoteId: noteId };
  }

  async function findExisting(action: SalesAction, ctx: DeliveryContext) {
    // With a second step, deliver() resumes after the note itself; saying "found" here would skip it.
    if (hasSecondStep(action)) return { found: false as const };
    // Adding a person looks the address up before it writes (create.ts): sending it again finishes it.
    if (action.type === 'crm_create') return { found: false as const };
    try {
      const id = await findNote(call, action, ctx.signal);
      return id ? { found: true as const, remoteId: id } : { found: false as const };
    } catch (error) {
      const outcome = toOutcome(error, MAUTIC_WORDS, false);
      const unknown = 'error' in outcome ? outcome.error : t('srcError_mauticSearchFailed');
      return outcome.kind === 'retry' && outcome.retryAfterMs ? { unknown, retryAfterMs: outcome.retryAfterMs } : { unknown };
    }
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

async function createNote(call: MauticCall, action: SalesAction, contactId: string, signal: AbortSignal): Promise<string> {
  const body = {
    lead: Number(contactId),
    text: htmlBody(actionLines(action)),
    type: NOTE_TYPES[action.type] ?? 'general',
    datetime: action.occurredAt,
  };
  return parseBody(NoteCreated, await call('POST', '/api/notes/new', body, signal)).note.id;
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
  const tags = accepted ? ['sales-accepted'] : ['sales-rejected', ...(action.rejectReason ? [`sales-rejected-${action.rejectReason}`] : [])];
  await call('PATCH', `/api/contacts/${id}/edit`, { tags }, signal);
}
