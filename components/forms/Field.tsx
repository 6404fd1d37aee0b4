/**
 * A labelled control with its inline error and hint, wired for screen readers: the control gets an
 * id, `aria-invalid` and `aria-describedby` pointing at the error. Used by the popup and options forms.
 */
import type { ComponentChildren } from 'preact';

export interface ControlProps {
  id: string;
  name: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
}

interface FieldProps {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  /** Distinguishes ids when one page has several forms with the same field names. */
  idPrefix?: string;
  children: (control: ControlProps) => ComponentChildren;
}

export function Field({ name, label, error, hint, idPrefix = 'f', children }: FieldProps) {
  const id = `${idPrefix}-${name}`;
  const described = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ');
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, name, 'aria-invalid': Boolean(error), 'aria-describedby': described || undefined })}
      {hint && (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`} data-error-for={name} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Submits a form the way the submit button would (validation events included). */
export function submitForm(form: HTMLFormElement | null | undefined): void {
  if (!form) return;
  if (typeof form.requestSubmit === 'function') form.requestSubmit();
  else form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}
