/**
 * A sales action as the Salesforce records it becomes. Calls, emails, notes and tasks are Tasks,
 * meetings are Events, a stage change is the Lead's Status (or the Contact field the admin chose, else
 * a Task), and lead feedback is a Task plus the Lead's Status. Descriptions are plain text ending with the action's marker line, which is how an
 * uncertain delivery is found again (action-text.ts).
 */
import type { SalesAction } from '../../model/action';
import { actionLines, actionTitle } from '../action-text';
import type { SalesforceConnection } from './definition';

export type ActivityObject = 'Task' | 'Event';

const DEFAULT_MEETING_MINUTES = 30;
const SUBJECT_MAX = 255;

/**
 * A Task's ActivityDate: a date with no time or zone, which Salesforce shows as it is. It is the day
 * the rep sees in their own zone, not the UTC one: a call logged at 23:30 in New York is at 04:30 the
 * next day in UTC. `timeZone` is the browser's unless given (tests).
 */
export function activityDate(iso: string, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

type StageSettings = Pick<SalesforceConnection, 'feedbackAcceptedStatus' | 'feedbackRejectedStatus' | 'contactStageField'>;

/**
 * The field an action sets on the person before anything is created: a Lead's Status for a stage
 * change or lead feedback, the admin's Contact field for a stage change on a Contact.
 */
export function fieldUpdate(action: SalesAction, object: 'Lead' | 'Contact', config: StageSettings): { field: string; value: string } | undefined {
  if (object === 'Lead') {
    if (action.type === 'stage_change' && action.stage) return { field: 'Status', value: action.stage };
    if (action.type === 'lead_feedback') return { field: 'Status', value: action.feedback === 'accepted' ? config.feedbackAcceptedStatus : config.feedbackRejectedStatus };
    return undefined;
  }
  if (action.type === 'stage_change' && action.stage && config.contactStageField) return { field: config.contactStageField, value: action.stage };
  return undefined;
}

/** Whether the action creates a Task or Event too, or only sets a field (a stage change that has one). */
export function createsRecord(action: SalesAction, object: 'Lead' | 'Contact', config: StageSettings): boolean {
  return !(action.type === 'stage_change' && fieldUpdate(action, object, config));
}

export function activityObject(action: SalesAction): ActivityObject {
  return action.type === 'meeting' ? 'Event' : 'Task';
}

export function activityRecord(action: SalesAction, whoId: string, timeZone?: string): { object: ActivityObject; body: Record<string, string | number> } {
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
    ActivityDate: activityDate(action.type === 'task' ? (action.dueAt ?? action.occurredAt) : action.occurredAt, timeZone),
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
