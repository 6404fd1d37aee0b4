/**
 * Where logged actions go, and the connection details for it. The inputs are the chosen connector's
 * fields (lib/connectors), drawn the same way for every CRM. Saving never waits on a permission
 * prompt: the host-access request is fired synchronously in the submit handler (the prompt needs the
 * user's gesture) and the settings are saved at once; the answer, when it comes, updates the source's
 * state. The background saves the connection and its credentials together (bound to the connection's
 * origin); a saved secret is never shown back in full.
 *
 * Test runs on the form's values as they are, before any save (`connection/test-unsaved`): the
 * background tests them and keeps nothing, so a rep can find a wrong address or token first.
 */
import type { TargetedEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConnectionField } from '@/lib/connectors/types';
import type { DestinationKind } from '@/lib/model/action';
import { type ConnectionTestResult, send } from '@/lib/messaging';
import { isAllowedServiceUrl, originOf, type Settings } from '@/lib/model/settings';
import { requestOrigin } from '@/lib/permissions';
import { changeSettings } from '@/lib/settings-client';
import {
  CONNECTION_KINDS,
  type ConnectionKind,
  connectorOf,
  connectorText,
  type DestinationErrors,
  destinationName,
  type FormValues,
  initialValues,
  planSave,
  type SecretValues,
  serviceUrl,
  testWords,
  unsavedTest,
  visibleFields,
  withoutSecrets,
} from './connection';
import { Field } from '../forms/Field';
import { ConnectControl } from './ConnectControl';
import { m } from './strings';
import { errorText } from '@/lib/errors';

const DESTINATIONS: readonly DestinationKind[] = ['local', ...CONNECTION_KINDS];

interface DestinationFormProps {
  settings: Settings;
  kind: DestinationKind;
  onKindChange(kind: DestinationKind): void;
  onSaved(settings: Settings, kind: DestinationKind): void;
  /** The permission prompt's answer, whenever the user gives it. */
  onAccessAnswer(kind: ConnectionKind, granted: boolean): void;
}

type Status = { kind: 'idle' | 'saving' } | { kind: 'saved' | 'failed'; text: string };
/** The form's own Test: its answer belongs to the values it was run on, and is cleared when they change. */
type TestState = { kind: 'idle' | 'testing' } | { kind: 'done'; result: ConnectionTestResult; url?: string };

export function DestinationForm({ settings, kind, onKindChange, onSaved, onAccessAnswer }: DestinationFormProps) {
  /** What is saved for this connection: masked secrets, plain user names, and the origin they belong to. */
  const [saved, setSaved] = useState<{ origin?: string; values: SecretValues }>({ values: {} });
  /** The form's values and the destination they belong to: it follows `kind` together with them, so no input shows another connection's value. */
  const [form, setForm] = useState<{ kind: DestinationKind; values: FormValues }>(() => ({ kind, values: initialValues(kind, settings) }));
  const [errors, setErrors] = useState<DestinationErrors>({});
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  /** The Test run whose answer the form waits for: changing the kind or a value starts over, so a late answer to an earlier run is dropped. */
  const testRun = useRef(0);
  const clearTest = () => {
    testRun.current++;
    setTest({ kind: 'idle' });
  };
  /**
   * Whether saving also makes this connection the destination. A CRM that can be both may be saved as
   * a lookup source only (the settings model allows it: `connection/save`'s `useAsDestination`), so a
   * rep can look people up in HubSpot while logged actions keep going elsewhere.
   */
  const [asDestination, setAsDestination] = useState(true);
  const { values } = form;
  const shown = form.kind;
  const connector = connectorOf(shown);
  const text = connector ? connectorText(connector) : (key: string) => key;
  const canBeSourceOnly = !!connector?.roles.source && !!connector.roles.destination;
  const setValues = (change: (v: FormValues) => FormValues) => setForm((f) => ({ ...f, values: change(f.values) }));

  // Switching the destination shows that connection's saved details at once.
  useEffect(() => {
    setForm({ kind, values: initialValues(kind, settings) });
    setSaved({ values: {} });
    setErrors({});
    clearTest();
    // A new connection becomes the destination, as choosing it here always did; one saved as a lookup
    // source only stays that way when edited, until the rep ticks the box.
    const savedConfig = (settings.connections as Record<string, unknown>)[kind];
    setAsDestination(settings.destination === kind || savedConfig === undefined);
  }, [kind]);

  // Its saved secrets (masked) and non-secret credentials follow when read, without overwriting anything
  // typed meanwhile; and are read again whenever the saved connection changes (Remove, Delete everything
  // take the secrets with it), so the form never offers to keep a secret that is gone.
  const savedConnection = JSON.stringify((settings.connections as Record<string, unknown>)[kind] ?? null);
  const savedBefore = useRef({ kind, saved: savedConnection });
  useEffect(() => {
    // The connection shown was removed (Remove, Delete everything): its address and user names go with
    // it, or one Save would bring the deleted connection back.
    const gone = savedBefore.current.kind === kind && savedBefore.current.saved !== 'null' && savedConnection === 'null';
    savedBefore.current = { kind, saved: savedConnection };
    if (gone) {
      setForm({ kind, values: initialValues(kind, settings) });
      setErrors({});
      clearTest();
    }
    if (kind === 'local') return;
    let current = true;
    void send({ type: 'connection/secret', kind }).then((secret) => {
      if (!current) return;
      setSaved(secret);
      setValues((v) => {
        const next = { ...v };
        for (const field of connectorOf(kind)?.fields ?? []) {
          const value = secret.values[field.name];
          if (field.type === 'credential' && !field.secret && value && !next[field.name]) next[field.name] = value;
        }
        return next;
      });
    });
    return () => {
      current = false;
    };
  }, [kind, savedConnection]);

  const set = (field: string, value: string | boolean) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    setStatus({ kind: 'idle' });
    clearTest();
  };

  async function runTest() {
    if (shown === 'local') return;
    const target = shown;
    const url = serviceUrl(target, values);
    const run = ++testRun.current;
    setTest({ kind: 'testing' });
    const { config, secret } = unsavedTest(target, values, settings);
    const result = await send({ type: 'connection/test-unsaved', kind: target, config, secret }).catch(
      (error: unknown): ConnectionTestResult => ({ ok: false, state: 'error', cause: 'failed', message: errorText(error) }),
    );
    if (run === testRun.current) setTest({ kind: 'done', result, url });
  }

  function grantAndTest(url: string) {
    const target = shown as ConnectionKind;
    // Called straight from the click (the prompt needs the gesture); once granted, the same values are tested again.
    void requestOrigin(url).then((granted) => {
      onAccessAnswer(target, granted);
      if (granted) void runTest();
    });
  }

  /** A save under way: a second submit is ignored (the button stays enabled, so it keeps the focus). */
  const saving = useRef(false);

  function onSubmit(event: Event) {
    event.preventDefault();
    if (saving.current) return;
    const url = serviceUrl(shown, values);
    // Fired here, inside the gesture, and deliberately not awaited (see the file comment).
    if (shown !== 'local' && url && isAllowedServiceUrl(url)) {
      const target = shown;
      void requestOrigin(url).then((granted) => onAccessAnswer(target, granted));
    }
    void save();
  }

  async function save() {
    const plan = planSave(shown, values, settings, saved, { required: m('options_required'), moved: m('options_secretMoved') });
    if ('errors' in plan) {
      setErrors(plan.errors);
      setStatus({ kind: 'failed', text: m('options_fixFields') });
      return;
    }
    setStatus({ kind: 'saving' });
    saving.current = true;
    try {
      const { connection } = plan;
      const next = connection
        ? await send({ type: 'connection/save', kind: connection.kind, config: connection.config, secret: connection.secret, useAsDestination: asDestination || !canBeSourceOnly })
        : await changeSettings({ destination: 'local' });
      // Saved whatever this read says: the masked secrets are read again when the connection changes.
      if (connection) await send({ type: 'connection/secret', kind: connection.kind }).then(setSaved, () => undefined);
      setValues((v) => withoutSecrets(shown, v));
      setStatus({ kind: 'saved', text: m('options_saved') });
      onSaved(next, shown);
    } catch (error) {
      setStatus({ kind: 'failed', text: m('options_saveFailed', errorText(error)) });
    } finally {
      saving.current = false;
    }
  }

  const input = (field: ConnectionField, hint: string | undefined, secret: boolean) => (
    <Field name={field.name} label={text(field.label)} error={errors[field.name]} hint={hint} idPrefix="dest">
      {(a11y) => {
        const common = {
          ...a11y,
          spellcheck: false,
          value: String(values[field.name] ?? ''),
          onInput: (e: TargetedEvent<HTMLInputElement>) => set(field.name, e.currentTarget.value),
        };
        return secret ? <input {...common} type="password" autocomplete="new-password" /> : <input {...common} type="text" autocomplete="off" />;
      }}
    </Field>
  );
  const checkbox = (field: ConnectionField) => (
    <label class="check">
      <input type="checkbox" name={field.name} checked={values[field.name] === true} onChange={(e) => set(field.name, e.currentTarget.checked)} />
      {text(field.label)}
    </label>
  );

  function control(field: ConnectionField) {
    const hint = field.hint && text(field.hint);
    switch (field.type) {
      case 'text':
        return input(field, hint, false);
      case 'credential': {
        const savedHere = !saved.origin || saved.origin === originOf(serviceUrl(shown, values));
        const masked = field.secret && savedHere && saved.values[field.name];
        return input(field, masked ? m('options_savedSecret', masked) : hint, field.secret);
      }
      case 'select':
        return (
          <Field name={field.name} label={text(field.label)} error={errors[field.name]} hint={hint} idPrefix="dest">
            {(a11y) => (
              <select {...a11y} value={String(values[field.name] ?? '')} onChange={(e) => set(field.name, e.currentTarget.value)}>
                {field.options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {text(option.label)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        );
      case 'checkbox':
      case 'private-host':
        return checkbox(field);
      case 'connect':
        return (
          <ConnectControl
            kind={shown as ConnectionKind}
            field={field}
            values={values}
            settings={settings}
            saved={saved}
            onErrors={(next) => setErrors(next)}
            useAsDestination={asDestination || !canBeSourceOnly}
            onChanged={(next) => {
              void send({ type: 'connection/secret', kind: shown as ConnectionKind }).then(setSaved);
              onSaved(next, shown);
            }}
          />
        );
    }
  }

  return (
    <form data-testid="destination-form" data-destination={shown} onSubmit={onSubmit} noValidate>
      <Field name="destination" label={m('options_destination')} idPrefix="dest" hint={m('options_destinationHint')}>
        {(a11y) => (
          <select {...a11y} value={kind} onChange={(e) => onKindChange(e.currentTarget.value as DestinationKind)}>
            {DESTINATIONS.map((d) => (
              <option key={d} value={d}>
                {destinationName(d)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {shown === 'local' && <p class="muted">{m('options_localExplain')}</p>}
      {visibleFields(shown, values).map((field) => (
        <div key={field.name}>{control(field)}</div>
      ))}
      {canBeSourceOnly && (
        <label class="check">
          <input type="checkbox" name="useAsDestination" checked={asDestination} onChange={(e) => setAsDestination(e.currentTarget.checked)} />
          {m('options_useAsDestination')}
        </label>
      )}
      <div class="form-actions">
        {/* Busy buttons are aria-disabled, never disabled: a disabled button loses the focus to the page. */}
        <button type="submit" class="primary" aria-disabled={status.kind === 'saving'}>
          {m('options_save')}
        </button>
        <p class={`status status-${status.kind}`} role="status" aria-live="polite">
          {'text' in status ? status.text : ''}
        </p>
      </div>
      {connector && !connector.fields.some((f) => f.type === 'connect') && (
        <div class="form-actions">
          <button type="button" name="test" onClick={() => test.kind !== 'testing' && void runTest()} aria-disabled={test.kind === 'testing'}>
            {m('options_test')}
          </button>
          {test.kind === 'done' && test.result.cause === 'no-access' && test.url && (
            <button type="button" name="grant" class="primary" onClick={() => grantAndTest(test.url!)}>
              {m('options_grantAccess')}
            </button>
          )}
          <p
            class={test.kind === 'done' ? (test.result.ok ? 'ok' : 'error-text') : 'muted'}
            data-testid="connection-test"
            data-state={test.kind === 'done' ? test.result.state : test.kind}
            data-cause={test.kind === 'done' ? test.result.cause : undefined}
            // Announced, but not a second role="status": the form's save status keeps that one.
            aria-live="polite"
          >
            {test.kind === 'done' ? testWords(test.result, test.url) : test.kind === 'testing' ? m('options_state_testing') : ''}
          </p>
        </div>
      )}
    </form>
  );
}
