/**
 * Where logged actions go, and the connection details for it. Saving never waits on a permission
 * prompt: the host-access request is fired synchronously in the submit handler (the prompt needs the
 * user's gesture) and the settings are saved at once; the answer, when it comes, updates the source's
 * state. The background saves the connection and its credentials together (bound to the connection's
 * origin); a saved secret is never shown back in full.
 */
import type { TargetedEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { DestinationKind } from '@/lib/model/action';
import { send } from '@/lib/messaging';
import { isAllowedServiceUrl, needsPrivateHostConfirmation, originOf, type Settings } from '@/lib/model/settings';
import { requestOrigin } from '@/lib/permissions';
import { changeSettings } from '@/lib/settings-client';
import {
  type ConnectionKind,
  credentialFields,
  type DestinationErrors,
  type DestinationField,
  type DestinationValues,
  initialValues,
  MASKED_FIELDS,
  planSave,
  type SecretValues,
  serviceUrl,
} from './connection';
import { Field } from './Field';
import { m, type OptionsMessageKey } from './strings';

const DESTINATIONS: readonly DestinationKind[] = ['local', 'hubspot', 'mautic', 'webhook'];

interface DestinationFormProps {
  settings: Settings;
  kind: DestinationKind;
  onKindChange(kind: DestinationKind): void;
  onSaved(settings: Settings, kind: DestinationKind): void;
  /** The permission prompt's answer, whenever the user gives it. */
  onAccessAnswer(kind: ConnectionKind, granted: boolean): void;
}

type Status = { kind: 'idle' | 'saving' } | { kind: 'saved' | 'failed'; text: string };

export function DestinationForm({ settings, kind, onKindChange, onSaved, onAccessAnswer }: DestinationFormProps) {
  /** What is saved for this connection: masked secrets, plain user names, and the origin they belong to. */
  const [saved, setSaved] = useState<{ origin?: string; values: SecretValues }>({ values: {} });
  const [values, setValues] = useState<DestinationValues>(() => initialValues(kind, settings));
  const [errors, setErrors] = useState<DestinationErrors>({});
  const [status, setStatus] = useState<Status>({ kind: 'idle' });

  // Switching the destination shows that connection's saved details at once; its saved secrets
  // (masked) and non-secret credentials follow when read, without overwriting anything typed meanwhile.
  useEffect(() => {
    setValues(initialValues(kind, settings));
    setSaved({ values: {} });
    setErrors({});
    if (kind === 'local') return;
    let current = true;
    void send({ type: 'connection/secret', kind }).then((secret) => {
      if (!current) return;
      setSaved(secret);
      const { username = '', clientId = '' } = secret.values;
      setValues((v) => ({ ...v, username: v.username || username, clientId: v.clientId || clientId }));
    });
    return () => {
      current = false;
    };
  }, [kind]);

  const set = <F extends DestinationField>(field: F, value: DestinationValues[F]) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    setStatus({ kind: 'idle' });
  };

  function onSubmit(event: Event) {
    event.preventDefault();
    const url = serviceUrl(values);
    const target = values.destination;
    // Fired here, inside the gesture, and deliberately not awaited (see the file comment).
    if (target !== 'local' && url && isAllowedServiceUrl(url)) {
      void requestOrigin(url).then((granted) => onAccessAnswer(target, granted));
    }
    void save();
  }

  async function save() {
    const plan = planSave(values, settings, saved, {
      required: m('options_required'),
      moved: m('options_secretMoved'),
      webhookSecret: m('options_webhookSecretRequired'),
    });
    if ('errors' in plan) {
      setErrors(plan.errors);
      setStatus({ kind: 'failed', text: m('options_fixFields') });
      return;
    }
    setStatus({ kind: 'saving' });
    try {
      const { connection } = plan;
      const next = connection
        ? await send({ type: 'connection/save', kind: connection.kind, config: connection.config, secret: connection.secret, useAsDestination: true })
        : await changeSettings({ destination: 'local' });
      if (connection) setSaved(await send({ type: 'connection/secret', kind: connection.kind }));
      setValues((v) => ({ ...v, token: '', password: '', clientSecret: '', secret: '' }));
      setStatus({ kind: 'saved', text: m('options_saved') });
      onSaved(next, values.destination);
    } catch (error) {
      setStatus({ kind: 'failed', text: m('options_saveFailed', error instanceof Error ? error.message : String(error)) });
    }
  }

  const text = (field: DestinationField, label: OptionsMessageKey, hint?: string, secret = false) => (
    <Field name={field} label={m(label)} error={errors[field]} hint={hint} idPrefix="dest">
      {(a11y) => {
        const common = {
          ...a11y,
          spellcheck: false,
          value: values[field] as string,
          onInput: (e: TargetedEvent<HTMLInputElement>) => set(field, e.currentTarget.value),
        };
        return secret ? <input {...common} type="password" autocomplete="new-password" /> : <input {...common} type="text" autocomplete="off" />;
      }}
    </Field>
  );
  const credential = (field: DestinationField) => {
    const masked = MASKED_FIELDS.has(field);
    const savedHere = !saved.origin || saved.origin === originOf(serviceUrl(values));
    const hint = masked && savedHere && saved.values[field] ? m('options_savedSecret', saved.values[field]) : undefined;
    return text(field, `options_field_${field}` as OptionsMessageKey, hint, masked);
  };
  const check = (field: 'useAsSource' | 'createContacts', label: OptionsMessageKey) => (
    <label class="check">
      <input type="checkbox" name={field} checked={values[field]} onChange={(e) => set(field, e.currentTarget.checked)} />
      {m(label)}
    </label>
  );

  const dest = values.destination;
  return (
    <form data-testid="destination-form" data-destination={values.destination} onSubmit={onSubmit} noValidate>
      <Field name="destination" label={m('options_destination')} idPrefix="dest" hint={m('options_destinationHint')}>
        {(a11y) => (
          <select {...a11y} value={kind} onChange={(e) => onKindChange(e.currentTarget.value as DestinationKind)}>
            {DESTINATIONS.map((d) => (
              <option key={d} value={d}>
                {m(`options_destination_${d}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {dest === 'local' && <p class="muted">{m('options_localExplain')}</p>}
      {(dest === 'hubspot' || dest === 'mautic') && text('baseUrl', 'options_field_baseUrl', m(`options_baseUrlHint_${dest}`))}
      {dest === 'mautic' && (
        <Field name="authMethod" label={m('options_field_authMethod')} idPrefix="dest">
          {(a11y) => (
            <select {...a11y} value={values.authMethod} onChange={(e) => set('authMethod', e.currentTarget.value as DestinationValues['authMethod'])}>
              <option value="basic">{m('options_auth_basic')}</option>
              <option value="oauth2">{m('options_auth_oauth2')}</option>
            </select>
          )}
        </Field>
      )}
      {dest === 'webhook' && text('url', 'options_field_url', m('options_urlHint'))}
      {dest !== 'local' && needsPrivateHostConfirmation(serviceUrl(values) ?? '') && (
        <label class="check">
          <input
            type="checkbox"
            name="privateHostConfirmed"
            checked={values.privateHostConfirmed}
            onChange={(e) => set('privateHostConfirmed', e.currentTarget.checked)}
          />
          {m('options_privateHostConfirmed')}
        </label>
      )}
      {credentialFields(values).map((field) => (
        <div key={field}>{credential(field)}</div>
      ))}
      {dest === 'hubspot' && text('ownerId', 'options_field_ownerId', m('options_ownerIdHint'))}
      {(dest === 'hubspot' || dest === 'mautic') && check('useAsSource', 'options_useAsSource')}
      {dest === 'hubspot' && check('createContacts', 'options_createContacts')}
      {dest === 'mautic' && (
        <Field name="feedbackAs" label={m('options_field_feedbackAs')} idPrefix="dest">
          {(a11y) => (
            <select {...a11y} value={values.feedbackAs} onChange={(e) => set('feedbackAs', e.currentTarget.value as DestinationValues['feedbackAs'])}>
              <option value="note">{m('options_feedbackAs_note')}</option>
              <option value="points">{m('options_feedbackAs_points')}</option>
              <option value="tags">{m('options_feedbackAs_tags')}</option>
            </select>
          )}
        </Field>
      )}
      <div class="form-actions">
        <button type="submit" class="primary" disabled={status.kind === 'saving'}>
          {m('options_save')}
        </button>
        <p class={`status status-${status.kind}`} role="status" aria-live="polite">
          {'text' in status ? status.text : ''}
        </p>
      </div>
    </form>
  );
}

