import { type ConnectionKind, DESTINATION_KINDS, SOURCE_KINDS } from '../connectors/catalog';
import { z } from './zod';

export const ACTION_TYPES = ['call', 'email', 'meeting', 'note', 'task', 'stage_change', 'lead_feedback'] as const;
export const ActionType = z.enum(ACTION_TYPES);
export type ActionType = z.infer<typeof ActionType>;

/**
 * Outbox items the rep does not log through the form: `crm_create` adds an unknown person to the
 * destination CRM (docs/architecture.md, "Create in the CRM"). Stored like actions, so they survive
 * being offline and are retried, but `action/log` never accepts them (its input is `ActionType`).
 */
export const RECORD_ACTION_TYPES = ['crm_create'] as const;
export const StoredActionType = z.enum([...ACTION_TYPES, ...RECORD_ACTION_TYPES]);
export type StoredActionType = z.infer<typeof StoredActionType>;

export const SYNC_STATES = ['pending', 'inflight', 'done', 'dead'] as const;
export const SyncStateName = z.enum(SYNC_STATES);
export type SyncStateName = z.infer<typeof SyncStateName>;

/** Where logged actions go: this browser only, or one of the connectors that take them (lib/connectors). */
export const DestinationKind = z.enum(['local', ...DESTINATION_KINDS]);
export type DestinationKind = z.infer<typeof DestinationKind>;
/** The connections to a service (with an address and credentials). */
export type { ConnectionKind };

export const LEAD_REJECT_REASONS = [
  'not_a_fit',
  'no_budget',
  'wrong_contact',
  'already_customer',
  'competitor',
  'bad_data',
  'other',
] as const;
export type LeadRejectReason = (typeof LEAD_REJECT_REASONS)[number];

const iso = z.iso.datetime({ offset: true });

/** The contact a `crm_create` item creates: what the page showed of the person, nothing invented. */
export const NewRecord = z.object({
  email: z.email().max(320),
  firstName: z.string().max(200).optional(),
  lastName: z.string().max(200).optional(),
  company: z.string().max(300).optional(),
  title: z.string().max(300).optional(),
});
export type NewRecord = z.infer<typeof NewRecord>;

/**
 * The CRM record the person's card showed when the action was logged (docs/architecture.md, "Several
 * records in a source for one person"): the record the rep picked in the match picker, or the one
 * the source answered with. Set by the background from its own cached answer (`targetFor`,
 * lib/sync/actions.ts), never from a request. Ids here are letters and digits only (Salesforce's,
 * HubSpot's and Mautic's all are); each destination checks its own CRM's alphabet again and that the
 * record still has the person's address before it uses one.
 */
export const ActionTarget = z.object({
  source: z.enum(SOURCE_KINDS),
  externalId: z.string().regex(/^[A-Za-z0-9]{1,64}$/),
});
export type ActionTarget = z.infer<typeof ActionTarget>;

export const SyncState = z.object({
  state: SyncStateName,
  attempts: z.number().int().min(0),
  /** Not before this time (backoff, Retry-After). */
  nextAttemptAt: iso.optional(),
  lastError: z.string().max(1000).optional(),
  remoteId: z.string().max(200).optional(),
  destination: DestinationKind,
  /** Set when a request was sent but its fate is unknown (worker died, connection reset). */
  uncertainSince: iso.optional(),
  updatedAt: iso,
});
export type SyncState = z.infer<typeof SyncState>;

/**
 * What the rep fills in. Type-specific fields are optional here and checked per type below; those
 * checks' messages are keys of public/_locales, worded when the popup shows them (components/popup/fields.ts).
 */
export const SalesActionInput = z
  .object({
    prospectKey: z.string().min(1).max(320),
    type: ActionType,
    outcome: z.string().max(100).optional(),
    notes: z.string().max(10_000).default(''),
    occurredAt: iso.optional(),
    dueAt: iso.optional(),
    direction: z.enum(['inbound', 'outbound']).optional(),
    durationMinutes: z.number().int().min(0).max(24 * 60).optional(),
    priority: z.enum(['low', 'medium', 'high']).optional(),
    stage: z.string().max(100).optional(),
    feedback: z.enum(['accepted', 'rejected']).optional(),
    rejectReason: z.enum(LEAD_REJECT_REASONS).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.type === 'task' && !a.dueAt) ctx.addIssue({ code: 'custom', path: ['dueAt'], message: 'action_needsDueDate' });
    if (a.type === 'stage_change' && !a.stage) ctx.addIssue({ code: 'custom', path: ['stage'], message: 'action_needsStage' });
    if (a.type === 'lead_feedback' && !a.feedback)
      ctx.addIssue({ code: 'custom', path: ['feedback'], message: 'action_needsFeedback' });
    if (a.type === 'lead_feedback' && a.feedback === 'rejected' && !a.rejectReason)
      ctx.addIssue({ code: 'custom', path: ['rejectReason'], message: 'action_needsRejectReason' });
    if (a.type === 'note' && !a.notes.trim()) ctx.addIssue({ code: 'custom', path: ['notes'], message: 'action_needsNoteText' });
  });
export type SalesActionInput = z.input<typeof SalesActionInput>;

/**
 * A logged webmail message (docs/architecture.md, "Log this email"): what the destinations write
 * beside the action's fields. The body, when the rep included it, is the action's `notes`.
 */
export const EmailDetails = z.object({
  /** The dedup key: the site's message id, else a fingerprint of sender, time and subject. */
  messageKey: z.string().min(1).max(220),
  subject: z.string().max(300),
  from: z.string().max(320),
  to: z.array(z.string().max(320)).max(50),
  cc: z.array(z.string().max(320)).max(50),
  bodyIncluded: z.boolean(),
});
export type EmailDetails = z.infer<typeof EmailDetails>;

export const SalesAction = z.object({
  /** UUID; also the idempotency key at every destination. */
  id: z.uuid(),
  prospectKey: z.string().min(1).max(320),
  type: StoredActionType,
  outcome: z.string().max(100).optional(),
  notes: z.string().max(10_000),
  occurredAt: iso,
  dueAt: iso.optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  durationMinutes: z.number().int().min(0).optional(),
  priority: z.enum(['low', 'medium', 'high']).optional(),
  stage: z.string().max(100).optional(),
  feedback: z.enum(['accepted', 'rejected']).optional(),
  rejectReason: z.enum(LEAD_REJECT_REASONS).optional(),
  /** Set on an email logged from a webmail thread ("Log this email"). */
  email: EmailDetails.optional(),
  /** Only on `crm_create`: the contact to create. */
  record: NewRecord.optional(),
  /** The record the card showed in the destination's CRM, which the action goes to while it still fits. */
  target: ActionTarget.optional(),
  createdAt: iso,
  /** Set once a due-task notification was shown, so it is shown once. */
  notifiedAt: iso.optional(),
  sync: SyncState,
});
export type SalesAction = z.infer<typeof SalesAction>;

/**
 * Whether the rep may still change an action: not while it is being sent, and not once it reached a
 * CRM (the CRM's copy would silently differ). A waiting or dead action may be fixed, unless it may
 * already have arrived (`uncertainSince`): the next try looks for the copy sent before, so an edit
 * would either be dropped (the old copy is found) or recorded beside it (a call edited into a meeting is
 * looked for among meetings, not found, and sent). A local action's row is the only record, so it
 * stays editable.
 */
export function isEditable(action: SalesAction): boolean {
  const { state, destination, uncertainSince } = action.sync;
  // A contact to create has nothing the rep typed; it is retried or deleted, never edited.
  if (action.type === 'crm_create') return false;
  return destination === 'local' || ((state === 'pending' || state === 'dead') && !uncertainSince);
}

/**
 * Whether the rep may delete it: never while it is being sent, nor once a CRM has it. A waiting one
 * that may already have arrived may go too: deleting sends nothing (the CRM keeps what it has), and
 * it may wait a long time, or for good once its CRM was disconnected.
 */
export function isDeletable(action: SalesAction): boolean {
  const { state, destination } = action.sync;
  return destination === 'local' || state === 'pending' || state === 'dead';
}
