/**
 * A sales action as the HubSpot record it becomes: which object type, its properties, and the
 * association to the contact. An email logged from a webmail thread ("Log this email") is an email
 * engagement with its subject, direction and headers; an email typed in the popup, stage changes and
 * lead feedback are notes with clear text.
 */
import { clock } from '../../clock';
import type { SalesAction } from '../../model/action';
import { actionLines, actionMarker, actionTitle, htmlBody } from '../action-text';

export type HubSpotObjectType = 'notes' | 'calls' | 'meetings' | 'tasks' | 'emails';

/** HubSpot-defined association type ids from each activity to a contact. */
const ASSOCIATION_TYPE: Record<HubSpotObjectType, number> = { notes: 202, calls: 194, meetings: 200, tasks: 204, emails: 198 };

/** The property that holds the body, and so the marker findExisting searches for. */
export const BODY_PROPERTY: Record<HubSpotObjectType, string> = {
  notes: 'hs_note_body',
  calls: 'hs_call_body',
  meetings: 'hs_meeting_body',
  tasks: 'hs_task_body',
  // Plain text: HubSpot shows it as the email's body, and search finds the marker in it.
  emails: 'hs_email_text',
};

const MEETING_OUTCOMES = new Set(['SCHEDULED', 'COMPLETED', 'RESCHEDULED', 'NO_SHOW', 'CANCELED']);
const DEFAULT_MEETING_MINUTES = 30;

export function objectTypeFor(action: SalesAction): HubSpotObjectType {
  switch (action.type) {
    case 'call':
      return 'calls';
    case 'meeting':
      return 'meetings';
    case 'task':
      return 'tasks';
    case 'email':
      return action.email ? 'emails' : 'notes';
    default:
      return 'notes';
  }
}

export function activityRecord(action: SalesAction, contactId: string, ownerId: string | undefined) {
  const objectType = objectTypeFor(action);
  const properties: Record<string, string> = {
    ...propertiesFor(objectType, action),
    [BODY_PROPERTY[objectType]]: objectType === 'emails' ? emailText(action) : htmlBody(actionLines(action)),
  };
  if (ownerId) properties.hubspot_owner_id = ownerId;
  const associations = [
    { to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: ASSOCIATION_TYPE[objectType] }] },
  ];
  return { objectType, body: { properties, associations } };
}

function propertiesFor(objectType: HubSpotObjectType, action: SalesAction): Record<string, string> {
  const title = actionTitle(action);
  switch (objectType) {
    case 'calls':
      return {
        hs_timestamp: action.occurredAt,
        hs_call_title: title,
        hs_call_direction: action.direction === 'inbound' ? 'INBOUND' : 'OUTBOUND',
        hs_call_status: callStatus(action.outcome),
        ...(action.durationMinutes === undefined ? {} : { hs_call_duration: String(action.durationMinutes * 60_000) }),
      };
    case 'meetings': {
      const start = Date.parse(action.occurredAt);
      const end = start + (action.durationMinutes ?? DEFAULT_MEETING_MINUTES) * 60_000;
      return {
        hs_timestamp: action.occurredAt,
        hs_meeting_title: title,
        hs_meeting_start_time: action.occurredAt,
        hs_meeting_end_time: new Date(end).toISOString(),
        hs_meeting_outcome: meetingOutcome(action.outcome, start),
      };
    }
    case 'tasks':
      return {
        // A task's hs_timestamp is its due date.
        hs_timestamp: action.dueAt ?? action.occurredAt,
        hs_task_subject: title,
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: (action.priority ?? 'medium').toUpperCase(),
        hs_task_type: 'TODO',
      };
    case 'notes':
      return { hs_timestamp: action.occurredAt };
    case 'emails': {
      const email = action.email;
      const person = (address: string) => ({ email: address });
      return {
        hs_timestamp: action.occurredAt,
        hs_email_direction: action.direction === 'outbound' ? 'EMAIL' : 'INCOMING_EMAIL',
        hs_email_status: 'SENT',
        hs_email_subject: email?.subject ?? '',
        // HubSpot reads the participants from the headers (a JSON string), as its own email logging writes them.
        hs_email_headers: JSON.stringify({ from: person(email?.from ?? ''), to: (email?.to ?? []).map(person), cc: (email?.cc ?? []).map(person), bcc: [] }),
      };
    }
  }
}

/** The email's text: the body only when the rep included it, then the marker that makes it findable. */
function emailText(action: SalesAction): string {
  const body = action.notes.trim();
  return [...(body ? [body, ''] : []), actionMarker(action.id)].join('\n');
}

/**
 * HubSpot's call status for the popup's outcomes: a call that did not connect says so; every other
 * outcome (connected, voicemail, wrong number) was a completed call, and the outcome itself is in the body.
 */
function callStatus(outcome: string | undefined): string {
  if (outcome === 'no_answer') return 'NO_ANSWER';
  if (outcome === 'busy') return 'BUSY';
  return 'COMPLETED';
}

/** The rep's outcome when it names one of HubSpot's, else completed (past) or scheduled (future). */
function meetingOutcome(outcome: string | undefined, start: number): string {
  const named = outcome?.trim().toUpperCase().replace(/[\s-]+/g, '_').replace('CANCELLED', 'CANCELED');
  if (named && MEETING_OUTCOMES.has(named)) return named;
  return start > clock.now() ? 'SCHEDULED' : 'COMPLETED';
}
