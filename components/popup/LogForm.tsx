/**
 * The quick-log form. Keyboard first: the type select has focus on open (type-ahead and arrows are
 * the browser's own), Enter in any single-line field saves, Ctrl/Cmd+Enter saves from the notes, and
 * after a save the form resets and focus returns to the type.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ACTION_TYPES, type ActionType, type SalesAction } from '@/lib/model/action';
import { send } from '@/lib/messaging';
import { type ProspectOption, ProspectField, TypeField } from './FormFields';
import { Field, submitForm } from '../forms/Field';
import { emptyValues, type FieldErrors, type FieldName, type FormValues, fromAction, validate, visibleFields } from './fields';
import { reachesMarketingOnlyWhenSynced } from '../card/labels';
import { m } from './strings';
import { errorText } from '@/lib/errors';

interface LogFormProps {
  prospects: ProspectOption[];
  prospect: string;
  onProspectChange(key: string): void;
  initialType?: ActionType;
  /** A pending action being edited; saving updates it instead of logging a new one. */
  editing?: SalesAction;
  onCancelEdit(): void;
  onSaved(action: SalesAction): void;
  autoFocus: boolean;
}

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; text: string } | { kind: 'failed'; text: string };

export function LogForm(props: LogFormProps) {
  const { prospects, prospect, editing } = props;
  const [values, setValues] = useState<FormValues>(() =>
    editing ? fromAction(editing) : emptyValues(prospect, props.initialType),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const formRef = useRef<HTMLFormElement>(null);
  const typeRef = useRef<HTMLSelectElement>(null);

  useEffect(() => {
    if (props.autoFocus) typeRef.current?.focus();
  }, [props.autoFocus]);

  // Starting or leaving an edit swaps the form's content (a save resets it itself, keeping its status).
  const editingId = editing?.id;
  const firstRun = useRef(true);
  useEffect(() => {
    if (firstRun.current) {
      firstRun.current = false;
      return;
    }
    setValues(editing ? fromAction(editing) : emptyValues(prospect));
    setErrors({});
    if (editing) setStatus({ kind: 'idle' });
    typeRef.current?.focus();
  }, [editingId]);

  // After a refused save, focus goes to the first field that says why (once it is rendered).
  const focusFirstError = useRef(false);
  useEffect(() => {
    if (!focusFirstError.current) return;
    focusFirstError.current = false;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  // The prospect is chosen above the form too (search): follow it.
  useEffect(() => setValues((v) => (v.prospect === prospect ? v : { ...v, prospect })), [prospect]);

  const set = (field: FieldName, value: string) => {
    // The next action has started: the last one's "Saved" no longer describes what is on screen.
    setStatus((current) => (current.kind === 'saved' ? { kind: 'idle' } : current));
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    if (field === 'prospect') props.onProspectChange(value);
  };

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (status.kind === 'saving') return;
    const verdict = validate(values);
    if ('errors' in verdict) {
      setErrors('prospect' in verdict.errors ? { ...verdict.errors, prospect: m('popup_errorProspect') } : verdict.errors);
      focusFirstError.current = true;
      return;
    }
    setStatus({ kind: 'saving' });
    try {
      const saved = editing
        ? await send({ type: 'action/update', id: editing.id, action: verdict.input })
        : await send({ type: 'action/log', action: verdict.input });
      setStatus({ kind: 'saved', text: savedText(saved) });
      setValues(emptyValues(prospect));
      setErrors({});
      props.onSaved(saved);
      typeRef.current?.focus();
    } catch (error) {
      setStatus({ kind: 'failed', text: m('popup_errorFailed', errorText(error)) });
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Enter' || event.isComposing) return;
    const target = event.target as HTMLElement;
    const fromNotes = target instanceof HTMLTextAreaElement;
    const singleLine = target instanceof HTMLSelectElement || (target instanceof HTMLInputElement && target.type !== 'checkbox');
    if ((fromNotes && (event.ctrlKey || event.metaKey)) || singleLine) {
      event.preventDefault();
      submitForm(formRef.current);
    }
  }

  const shown = visibleFields(values);
  return (
    <form data-testid="log-form" ref={formRef} onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate>
      {editing && <p class="editing-note">{m(editing.sync.destination === 'local' ? 'popup_editingLocal' : 'popup_editing')}</p>}
      <ProspectField prospects={prospects} value={values.prospect} error={errors.prospect} onChange={(v) => set('prospect', v)} />
      <Field name="type" label={m('popup_type')} error={errors.type}>
        {(a11y) => (
          <select {...a11y} ref={typeRef} value={values.type} onChange={(e) => set('type', e.currentTarget.value)}>
            {ACTION_TYPES.map((type) => (
              <option key={type} value={type}>
                {m(`popup_type_${type}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {shown
        .filter((field) => field !== 'occurredAt')
        .map((field) => (
          <TypeField key={field} field={field} values={values} error={errors[field]} onChange={(v) => set(field, v)} />
        ))}
      {/* Notes before "When": Tab from the last choice reaches the notes, not the date's seven segments. */}
      <Field name="notes" label={m('popup_notes')} error={errors.notes} hint={m('popup_keyboardHint')}>
        {(a11y) => <textarea {...a11y} rows={3} maxLength={10_000} value={values.notes} onInput={(e) => set('notes', e.currentTarget.value)} />}
      </Field>
      {shown.includes('occurredAt') && (
        <TypeField field="occurredAt" values={values} error={errors.occurredAt} onChange={(v) => set('occurredAt', v)} />
      )}
      <div class="form-actions">
        <button type="submit" class="primary" disabled={status.kind === 'saving'}>
          {editing ? m('popup_saveChanges') : m('popup_save')}
        </button>
        {editing && (
          <button type="button" onClick={props.onCancelEdit}>
            {m('popup_cancelEdit')}
          </button>
        )}
        <p class={`status status-${status.kind}`} role="status" aria-live="polite">
          {status.kind === 'saved' || status.kind === 'failed' ? status.text : ''}
        </p>
      </div>
    </form>
  );
}

/** "Saved" says where the action went: nowhere but this browser, when no CRM or webhook is connected. */
function savedText(saved: SalesAction): string {
  if (saved.sync.destination !== 'local') return m('popup_savedWillSync');
  return reachesMarketingOnlyWhenSynced(saved) ? m('popup_savedLocalFeedback') : m('popup_saved');
}
