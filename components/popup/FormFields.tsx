/** The log form's controls: the prospect (text or picker) and the fields an action type asks for. */
import type { TargetedEvent } from 'preact';
import { type ActionType, LEAD_REJECT_REASONS } from '@/lib/model/action';
import { Field } from '../forms/Field';
import { type FieldName, type FormValues, OUTCOMES, STAGE_SUGGESTIONS } from './fields';
import { m, type PopupMessageKey } from './strings';

export interface ProspectOption {
  key: string;
  label: string;
}

export function ProspectField(props: { prospects: ProspectOption[]; value: string; error?: string; onChange(v: string): void }) {
  const { prospects, value } = props;
  const only = prospects.length === 1 ? prospects[0] : undefined;
  if (only && only.key === value) {
    return (
      <div class="field prospect-single">
        <input type="hidden" name="prospect" value={value} />
        <span class="label">{m('popup_prospect')}</span> <strong class="prospect-name">{only.label}</strong>
      </div>
    );
  }
  return (
    <Field name="prospect" label={m('popup_prospect')} error={props.error}>
      {(a11y) => (
        <select {...a11y} value={value} onChange={(e) => props.onChange(e.currentTarget.value)}>
          {value === '' && <option value="">{m('popup_none')}</option>}
          {prospects.map((p) => (
            <option key={p.key} value={p.key}>
              {p.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Choices for the fields that are a fixed list; the label keys follow `popup_<field>_<value>`. */
function choices(field: FieldName, values: FormValues): { value: string; key: PopupMessageKey }[] | undefined {
  const list = (prefix: string, items: readonly string[]) => items.map((v) => ({ value: v, key: `${prefix}_${v}` as PopupMessageKey }));
  switch (field) {
    case 'outcome':
      return list('popup_outcome', OUTCOMES[values.type as ActionType] ?? []);
    case 'direction':
      return list('popup_direction', ['outbound', 'inbound']);
    case 'priority':
      return list('popup_priority', ['low', 'medium', 'high']);
    case 'feedback':
      return list('popup_feedback', ['accepted', 'rejected']);
    case 'rejectReason':
      return list('popup_reason', LEAD_REJECT_REASONS);
    default:
      return undefined;
  }
}

export function TypeField(props: { field: FieldName; values: FormValues; error?: string; onChange(v: string): void }) {
  const { field, values } = props;
  const value = values[field];
  const onInput = (e: TargetedEvent<HTMLInputElement | HTMLSelectElement>) => props.onChange(e.currentTarget.value);
  const options = choices(field, values);
  return (
    <Field name={field} label={m(`popup_${field}` as PopupMessageKey)} error={props.error}>
      {(a11y) => {
        if (options) {
          return (
            <select {...a11y} value={value} onChange={onInput}>
              <option value="">{m('popup_none')}</option>
              {options.map((o) => (
                <option key={o.value} value={o.value}>
                  {m(o.key)}
                </option>
              ))}
            </select>
          );
        }
        if (field === 'durationMinutes') return <input {...a11y} type="number" min={0} max={1440} step={1} inputMode="numeric" value={value} onInput={onInput} />;
        if (field === 'occurredAt' || field === 'dueAt') return <input {...a11y} type="datetime-local" value={value} onInput={onInput} />;
        // The one free-text field left: the new stage, with the usual lifecycle stages suggested.
        return (
          <>
            <input {...a11y} type="text" maxLength={100} list="stage-suggestions" value={value} onInput={onInput} />
            <datalist id="stage-suggestions">
              {STAGE_SUGGESTIONS.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          </>
        );
      }}
    </Field>
  );
}
