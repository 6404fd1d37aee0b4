/**
 * What a webhook receives: the logged action as plain JSON, with the prospect it concerns. The
 * `version` lets a receiver tell this shape from a future one.
 */
import type { SalesAction } from '../../model/action';
import type { Prospect } from '../../model/prospect';

export const PAYLOAD_VERSION = 1;

export function webhookPayload(action: SalesAction, prospect: Prospect | undefined) {
  const email = prospect?.emails[0] ?? (action.prospectKey.includes('@') ? action.prospectKey : undefined);
  return {
    version: PAYLOAD_VERSION,
    source: 'prospect-lens',
    id: action.id,
    type: action.type,
    prospect: {
      key: action.prospectKey,
      email,
      name: prospect?.name,
      company: prospect?.company,
      linkedinUrl: prospect?.linkedinUrl,
    },
    outcome: action.outcome,
    notes: action.notes,
    occurredAt: action.occurredAt,
    dueAt: action.dueAt,
    direction: action.direction,
    durationMinutes: action.durationMinutes,
    priority: action.priority,
    stage: action.stage,
    feedback: action.feedback,
    rejectReason: action.rejectReason,
    /** A logged webmail message: subject, people, and whether `notes` is its body. */
    email: action.email,
    createdAt: action.createdAt,
  };
}
