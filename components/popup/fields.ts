/**
 * The log form's model: which fields each action type asks for, and the translation between the
 * form's string values and a `SalesActionInput`. Validation is the schema's own (lib/model/action.ts),
 * so the popup and the background can never disagree about what a valid action is.
 */
import { schemaIssueText } from '@/lib/connectors/catalog';
import type { ActionType, SalesAction } from '@/lib/model/action';
import { SalesActionInput } from '@/lib/model/action';

export const FIELD_NAMES = [
  'prospect',
  'type',
  'outcome',
  'direction',
  'durationMinutes',
  'occurredAt',
  'dueAt',
  'priority',
  'stage',
  'feedback',
  'rejectReason',
  'notes',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];
export type FormValues = Record<FieldName, string>;
export type FieldErrors = Partial<Record<FieldName, string>>;

/** The extra fields each type shows, in display order (notes are always shown, last). */
const FIELDS_BY_TYPE: Record<ActionType, FieldName[]> = {
  call: ['outcome', 'direction', 'durationMinutes', 'occurredAt'],
  email: ['direction', 'occurredAt'],
  meeting: ['outcome', 'durationMinutes', 'occurredAt'],
  note: [],
  task: ['dueAt', 'priority'],
  stage_change: ['stage'],
  lead_feedback: ['feedback', 'rejectReason'],
};

/** Outcome choices per type; canonical values the sync mappers translate (meeting ones follow HubSpot's). */
export const OUTCOMES: Partial<Record<ActionType, readonly string[]>> = {
  call: ['connected', 'left_voicemail', 'no_answer', 'busy', 'wrong_number'],
  meeting: ['scheduled', 'completed', 'rescheduled', 'no_show', 'canceled'],
};

/** Suggestions for the new stage: HubSpot's lifecycle stage values. Any text is allowed. */
export const STAGE_SUGGESTIONS = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
] as const;

export function visibleFields(values: Pick<FormValues, 'type' | 'feedback'>): FieldName[] {
  const fields = FIELDS_BY_TYPE[values.type as ActionType] ?? [];
  // A reason is only asked for when the lead is rejected.
  return fields.filter((f) => f !== 'rejectReason' || values.feedback === 'rejected');
}

export function emptyValues(prospect = '', type: ActionType = 'call'): FormValues {
  const values = Object.fromEntries(FIELD_NAMES.map((f) => [f, ''])) as FormValues;
  return { ...values, prospect, type };
}

/**
 * The values with another type. What was typed stays (a field the type does not show is not sent, see
 * toInput), except an outcome the new type does not offer: a call's "Connected" is no meeting outcome.
 */
export function withType(values: FormValues, type: ActionType): FormValues {
  const outcomes = OUTCOMES[type];
  const outcome = outcomes && !outcomes.includes(values.outcome) ? '' : values.outcome;
  return { ...values, type, outcome };
}

/** `<input type="datetime-local">` speaks local wall time without a zone; the schema wants ISO with one. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The input the schema sees: only the fields this type shows, empty ones left out. */
export function toInput(values: FormValues): SalesActionInput {
  const shown = new Set(visibleFields(values));
  const text = (field: FieldName) => (shown.has(field) && values[field] !== '' ? values[field] : undefined);
  const duration = text('durationMinutes');
  const occurredAt = text('occurredAt');
  const dueAt = text('dueAt');
  return {
    prospectKey: values.prospect,
    type: values.type as ActionType,
    notes: values.notes,
    outcome: text('outcome'),
    direction: text('direction') as SalesActionInput['direction'],
    durationMinutes: duration === undefined ? undefined : Number(duration),
    occurredAt: occurredAt && localInputToIso(occurredAt),
    dueAt: dueAt && localInputToIso(dueAt),
    priority: text('priority') as SalesActionInput['priority'],
    stage: text('stage')?.trim() || undefined,
    feedback: text('feedback') as SalesActionInput['feedback'],
    rejectReason: text('rejectReason') as SalesActionInput['rejectReason'],
  };
}

/** The form's values for an action being edited. */
export function fromAction(action: SalesAction): FormValues {
  return {
    // A `crm_create` item is never editable (isEditable), so only loggable types reach the form.
    ...emptyValues(action.prospectKey, action.type as ActionType),
    outcome: action.outcome ?? '',
    direction: action.direction ?? '',
    durationMinutes: action.durationMinutes === undefined ? '' : String(action.durationMinutes),
    occurredAt: isoToLocalInput(action.occurredAt),
    dueAt: isoToLocalInput(action.dueAt),
    priority: action.priority ?? '',
    stage: action.stage ?? '',
    feedback: action.feedback ?? '',
    rejectReason: action.rejectReason ?? '',
    notes: action.notes,
  };
}

/**
 * The schema's verdict, as one message per field (the first issue on each), in the UI language: the
 * schema's own messages are keys, and zod's built-in checks (a length limit, a number out of range)
 * are worded by their code.
 */
export function validate(values: FormValues): { input: SalesActionInput } | { errors: FieldErrors } {
  const input = toInput(values);
  const result = SalesActionInput.safeParse(input);
  if (result.success) return { input };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path[0];
    const field = (key === 'prospectKey' ? 'prospect' : key) as FieldName;
    if (FIELD_NAMES.includes(field)) errors[field] ??= schemaIssueText(undefined, issue);
  }
  return { errors };
}
