/**
 * The quick-log form. Keyboard first: the type select has focus on open (type-ahead and arrows are
 * the browser's own), Enter in any single-line field saves, Ctrl/Cmd+Enter saves from the notes, and
 * after a save the form resets and focus returns to the type. A form left as the save reset it is not
 * submitted again: a second Enter (a double press, a bouncing key) would log a blank call.
 * What the rep types is kept as a draft (./drafts.ts) while the popup is closed and opened again.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ACTION_TYPES, type ActionType, type SalesAction } from '@/lib/model/action';
import { send } from '@/lib/messaging';
import { type ProspectOption, ProspectField, TypeField } from './FormFields';
import { Field, submitForm } from '../forms/Field';
import { emptyValues, type FieldErrors, type FieldName, type FormValues, fromAction, validate, visibleFields, withType } from './fields';
import { reachesMarketingOnlyWhenSynced } from '../card/labels';
import { m } from './strings';
import { errorText } from '@/lib/errors';
import { clearDraft, isBlank, readDraft, writeDraft } from './drafts';

/** A draft is written this long after the last keystroke (and at once when the popup loses the focus). */
const DRAFT_DEBOUNCE_MS = 300;

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
  /** What the rep was typing for this prospect when the popup last closed (./drafts.ts). */
  draft?: FormValues;
}

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; text: string } | { kind: 'failed'; text: string };

export function LogForm(props: LogFormProps) {
  const { prospects, prospect, editing } = props;
  const [values, setValues] = useState<FormValues>(() =>
    editing ? fromAction(editing) : opened(prospect, props.draft, props.initialType),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const formRef = useRef<HTMLFormElement>(null);
  const typeRef = useRef<HTMLSelectElement>(null);
  /**
   * Who filled the form last. After a save (`save`) it is blank, and a submit before the rep changes
   * anything is the same keypress again, not a second action: it is ignored.
   */
  const filledBy = useRef<'open' | 'save' | 'rep'>('open');
  /**
   * A save is on its way. A ref, not `status`, so a second press before the next render is refused too; the
   * Save button is never `disabled`, which would drop its focus to the body (it says aria-disabled).
   */
  const saving = useRef(false);
  /** What the rep typed that no draft holds yet, the pending write, and whose draft holds the form. */
  const unsaved = useRef<FormValues | null>(null);
  const draftTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const draftFor = useRef<string | undefined>(props.draft?.prospect);

  /** Writes what is typed now; a form the rep emptied removes its draft. Losing a draft loses no data: errors are dropped. */
  function flushDraft() {
    clearTimeout(draftTimer.current);
    const typed = unsaved.current;
    unsaved.current = null;
    // A draft belongs to a person: nothing is kept before one is chosen.
    if (!typed?.prospect) return;
    const previous = draftFor.current;
    if (isBlank(typed)) {
      draftFor.current = undefined;
      if (previous !== undefined) void clearDraft(previous).catch(() => undefined);
      return;
    }
    draftFor.current = typed.prospect;
    void writeDraft(typed, previous !== typed.prospect ? previous : undefined).catch(() => undefined);
  }

  // The popup closes when the rep clicks the page: the window loses the focus first, so the draft is written
  // then. A layout effect: listening from the first paint, not from a frame later.
  useLayoutEffect(() => {
    addEventListener('blur', flushDraft);
    addEventListener('pagehide', flushDraft);
    return () => {
      removeEventListener('blur', flushDraft);
      removeEventListener('pagehide', flushDraft);
      flushDraft();
    };
  }, []);

  useEffect(() => {
    if (props.autoFocus) typeRef.current?.focus();
  }, [props.autoFocus]);

  // Starting or leaving an edit swaps the form's content (a save resets it itself, keeping its status).
  const editingId = editing?.id;
  const firstRun = useRef(true);
  /** This drawing left an edit (read by the prospect effect below, reset after every drawing). */
  const leftEdit = useRef(false);
  useEffect(() => {
    if (firstRun.current) {
      firstRun.current = false;
      return;
    }
    // What was typed for a new action is kept before an edit replaces it (an edit keeps no draft).
    flushDraft();
    // Starting an edit is a deliberate act; leaving one by saving it leaves the form as the save did.
    if (editing || filledBy.current !== 'save') filledBy.current = 'open';
    leftEdit.current = !editing;
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

  // The prospect is chosen above the form too (search): follow it. Another person is a new action, but
  // not the person the form goes back to as it leaves an edit: a saved edit's blank form stays the save's.
  useEffect(() => {
    if (filledBy.current === 'save' && !leftEdit.current) filledBy.current = 'open';
    setValues((v) => (v.prospect === prospect ? v : { ...v, prospect }));
  }, [prospect]);
  useEffect(() => {
    leftEdit.current = false;
  });

  // A new action's form holding nothing typed takes the draft kept for its prospect, if there is one.
  useEffect(() => {
    const key = values.prospect;
    if (editing || !key || !isBlank(values)) return;
    let current = true;
    void readDraft(key)
      .then((draft) => {
        if (!current || !draft) return;
        draftFor.current = key;
        // Unless the rep started typing while it was read. What it holds was typed: Enter saves it, even
        // right after a save (an edit saved goes back to a person whose notes were kept).
        setValues((v) => {
          if (v.prospect !== key || !isBlank(v)) return v;
          filledBy.current = 'open';
          return { ...draft, prospect: key };
        });
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [values.prospect, editingId]);

  const set = (field: FieldName, value: string) => {
    // The next action has started: the last one's "Saved" no longer describes what is on screen.
    setStatus((current) => (current.kind === 'saved' ? { kind: 'idle' } : current));
    filledBy.current = 'rep';
    setValues((v) => {
      const next = field === 'type' ? withType(v, value as ActionType) : { ...v, [field]: value };
      if (!editing) {
        unsaved.current = next;
        clearTimeout(draftTimer.current);
        draftTimer.current = setTimeout(flushDraft, DRAFT_DEBOUNCE_MS);
      }
      return next;
    });
    setErrors((e) => ({ ...e, [field]: undefined }));
    if (field === 'prospect') props.onProspectChange(value);
  };

  async function onSubmit(event: Event) {
    event.preventDefault();
    if (saving.current || filledBy.current === 'save') return;
    const verdict = validate(values);
    if ('errors' in verdict) {
      setErrors('prospect' in verdict.errors ? { ...verdict.errors, prospect: m('popup_errorProspect') } : verdict.errors);
      focusFirstError.current = true;
      return;
    }
    saving.current = true;
    setStatus({ kind: 'saving' });
    try {
      const saved = editing
        ? await send({ type: 'action/update', id: editing.id, action: verdict.input })
        : await send({ type: 'action/log', action: verdict.input });
      setStatus({ kind: 'saved', text: savedText(saved) });
      filledBy.current = 'save';
      if (!editing) {
        // Saved: the draft is done with. Nothing typed before the save is written after it.
        clearTimeout(draftTimer.current);
        unsaved.current = null;
        for (const key of new Set([verdict.input.prospectKey, draftFor.current])) if (key) void clearDraft(key).catch(() => undefined);
        draftFor.current = undefined;
      }
      setValues(emptyValues(prospect));
      setErrors({});
      props.onSaved(saved);
      typeRef.current?.focus();
    } catch (error) {
      setStatus({ kind: 'failed', text: m('popup_errorFailed', errorText(error)) });
    } finally {
      saving.current = false;
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
        <button type="submit" class="primary" aria-disabled={status.kind === 'saving' ? 'true' : undefined}>
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

/**
 * What a new action's form opens with: the draft kept for the prospect, else a blank form. A popup opened
 * for a type (a card's Task or Note, T / N) is that type even over a draft of another: the rep asked for
 * it, and the typed notes stay, as they do when the type is changed in the form.
 */
function opened(prospect: string, draft: FormValues | undefined, type: ActionType | undefined): FormValues {
  if (!draft) return emptyValues(prospect, type);
  return type ? withType(draft, type) : draft;
}

/** "Saved" says where the action went: nowhere but this browser, when no CRM or webhook is connected. */
function savedText(saved: SalesAction): string {
  if (saved.sync.destination !== 'local') return m('popup_savedWillSync');
  return reachesMarketingOnlyWhenSynced(saved) ? m('popup_savedLocalFeedback') : m('popup_saved');
}
