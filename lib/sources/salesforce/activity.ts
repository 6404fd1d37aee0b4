/**
 * A sales action as the Salesforce records it becomes. Calls, emails, notes and tasks are Tasks,
 * meetings are Events, a stage change is the Lead's Status, and lead feedback is a Task plus the
 * Lead's Status. Descriptions are plain text ending with the action's marker line, which is how an
 * uncertain delivery is found again (action-text.ts).
 */
import type { SalesAction } from '../../model/action';
import { actionLines, actionTitle } from '../action-text';
import type { SalesforceConnection } from './definition';

export type ActivityObject = 'Task' | 'Event';

const DEFAULT_MEETING_MINUTES = 30;
const SUBJECT_MAX = 255;

/** `2024-11-19T10:00:00.000Z` → `2024-11-19` (a Task's ActivityDate is a date). */
const dateOnly = (iso: string) => iso.slice(0, 10);

/** The Lead Status an action sets on a Lead, if it sets one. */
export function leadStatusFor(action: SalesAction, config: Pick<SalesforceConnection, 'feedbackAcceptedStatus' | 'feedbackRejectedStatus'>): string | undefined {
  if (action.type === 'stage_change') return action.stage;
  if (action.type === 'lead_feedback') return action.feedback === 'accepted' ? config.feedbackAcceptedStatus : config.feedbackRejectedStatus;
  return undefined;
}

/** Whether the action creates a record (Task or Event) for this person, or only updates the Lead. */
export function createsRecord(action: SalesAction, object: 'Lead' | 'Contact'): boolean {
  return !(action.type === 'stage_change' && object === 'Lead');
}

export function activityObject(action: SalesAction): ActivityObject {
  return action.type === 'meeting' ? 'Event' : 'Task';
}

export function activityRecord(action: SalesAction, whoId: string): { object: ActivityObject; body: Record<string, string | number> } {
  const subject = actionTitle(action).slice(0, SUBJECT_MAX);
  const description = actionLines(action).join('\n');
  if (action.type === 'meeting') {
    const start = Date.parse(action.occurredAt);
    const end = start + (action.durationMinutes ?? DEFAULT_MEETING_MINUTES) * 60_000;
    return {
      object: 'Event',
      body: { WhoId: whoId, Subject: subject, StartDateTime: new Date(start).toISOString(), EndDateTime: new Date(end).toISOString(), Description: description },
    };
  }
  const body: Record<string, string | number> = {
    WhoId: whoId,
    Subject: subject,
    Description: description,
    ActivityDate: dateOnly(action.type === 'task' ? (action.dueAt ?? action.occurredAt) : action.occurredAt),
    Status: action.type === 'task' ? 'Not Started' : 'Completed',
    TaskSubtype: action.type === 'call' ? 'Call' : action.type === 'email' ? 'Email' : 'Task',
  };
  if (action.type === 'task') body.Priority = action.priority === 'high' ? 'High' : action.priority === 'low' ? 'Low' : 'Normal';
  if (action.type === 'call') {
    body.CallType = action.direction === 'inbound' ? 'Inbound' : 'Outbound';
    if (action.durationMinutes !== undefined) body.CallDurationInSeconds = action.durationMinutes * 60;
    if (action.outcome) body.CallDisposition = action.outcome.slice(0, 255);
  }
  return { object: 'Task', body };
}
