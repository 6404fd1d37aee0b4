/**
 * A sales action as the HubSpot record it becomes: which object type, its properties, and the
 * association to the contact. Emails, stage changes and lead feedback have no object of their own
 * in the documented set, so they are notes with clear text.
 */
import { clock } from '../../clock';
import type { SalesAction } from '../../model/action';
import { actionLines, actionTitle, htmlBody } from '../action-text';

export type HubSpotObjectType = 'notes' | 'calls' | 'meetings' | 'tasks';

/** HubSpot-defined association type ids from each activity to a contact. */
const ASSOCIATION_TYPE: Record<HubSpotObjectType, number> = { notes: 202, calls: 194, meetings: 200, tasks: 204 };

/** The property that holds the body, and so the marker findExisting searches for. */
export const BODY_PROPERTY: Record<HubSpotObjectType, string> = {
  notes: 'hs_note_body',
  calls: 'hs_call_body',
  meetings: 'hs_meeting_body',
  tasks: 'hs_task_body',
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
    default:
      return 'notes';
  }
}

export function activityRecord(action: SalesAction, contactId: string, ownerId: string | undefined) {
  const objectType = objectTypeFor(action);
  const properties: Record<string, string> = {
    ...propertiesFor(objectType, action),
    [BODY_PROPERTY[objectType]]: htmlBody(actionLines(action)),
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
  }
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
