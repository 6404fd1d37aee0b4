/**
 * A `connect` field (lib/connectors/types.ts): Connect, Reconnect and Disconnect for a connection that
 * signs in (OAuth) instead of taking a typed token, with its state in
 * `[data-testid="connection-status"][data-state]` (`disconnected connecting connected reconnect failed`).
 *
 * Host access for the sign-in is asked for synchronously in the click (the prompt needs the gesture),
 * and the sign-in starts once it is granted: the code exchange needs it. The background runs the auth
 * window and saves the tokens; this page only ever sees them masked.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { RECONNECT_CREDENTIAL, type ConnectField } from '@/lib/connectors/types';
import type { ConnectionKind } from '@/lib/model/action';
import { send } from '@/lib/messaging';
import { originOf, type Settings } from '@/lib/model/settings';
import { requestPatterns } from '@/lib/permissions';
import { connectorOf, connectorText, type DestinationErrors, type FormValues, planSave, serviceUrl } from './connection';
import { focusIsLost } from '../focus';
import { m } from './strings';
import { errorText } from '@/lib/errors';

export type ConnectState = 'disconnected' | 'connecting' | 'connected' | 'reconnect' | 'failed';

interface Saved {
  origin?: string;
  values: Record<string, string>;
}

/** What the saved credentials say: signed in at the address the settings name, refused for good, or neither. */
export function connectState(kind: ConnectionKind, settings: Settings, saved: Saved): ConnectState {
  const config = (settings.connections as Record<string, Record<string, unknown> | undefined>)[kind];
  const origin = originOf(config ? serviceUrl(kind, config as FormValues) : undefined);
  if (saved.values[RECONNECT_CREDENTIAL]) return 'reconnect';
  if (origin && saved.origin === origin && Object.keys(saved.values).length > 0) return 'connected';
  return 'disconnected';
}

interface ConnectControlProps {
  kind: ConnectionKind;
  field: ConnectField;
  values: FormValues;
  settings: Settings;
  saved: Saved;
  onErrors(errors: DestinationErrors): void;
  /** After a sign-in or sign-out: the new settings, and the credentials to read again. */
  onChanged(settings: Settings): void;
  /** The form's "Send logged actions here": a sign-in makes the connection the destination only then. */
  useAsDestination: boolean;
}

/** The extension's redirect URL, which the admin registers as the callback; absent where the API is missing. */
function redirectUrl(): string | undefined {
  try {
    return browser.identity.getRedirectURL();
  } catch {
    return undefined;
  }
}

export function ConnectControl({ kind, field, values, settings, saved, onErrors, onChanged, useAsDestination }: ConnectControlProps) {
  const [busy, setBusy] = useState<{ state: 'connecting' | 'failed'; text?: string } | undefined>();
  const [callback] = useState(redirectUrl);
  const definition = connectorOf(kind)!;
  const text = connectorText(definition);
  const state: ConnectState = busy?.state ?? connectState(kind, settings, saved);
  const address = serviceUrl(kind, ((settings.connections as Record<string, unknown>)[kind] ?? {}) as FormValues);
  const actions = useRef<HTMLDivElement>(null);
  // The button pressed goes with the state it offered (Connect, Reconnect, Disconnect): the focus goes
  // to the first button of the next state rather than to <body>.
  const pressed = useRef(false);
  useLayoutEffect(() => {
    if (!pressed.current) return;
    if (state !== 'connecting') pressed.current = false;
    if (focusIsLost()) actions.current?.querySelector<HTMLElement>('button')?.focus();
  }, [state]);

  function onConnect() {
    const plan = planSave(kind, values, settings, { values: {} }, { required: m('options_required'), moved: m('options_secretMoved') });
    if ('errors' in plan) {
      onErrors(plan.errors);
      return;
    }
    // Inside the click, not awaited first: the prompt needs the gesture.
    const access = requestPatterns(field.origins(values));
    pressed.current = true;
    setBusy({ state: 'connecting' });
    void access.then(async (granted) => {
      if (!granted) {
        setBusy({ state: 'failed', text: m('options_accessRefused') });
        return;
      }
      try {
        const next = await send({ type: 'connection/connect', kind, config: plan.connection!.config, useAsDestination });
        setBusy(undefined);
        onChanged(next);
      } catch (error) {
        setBusy({ state: 'failed', text: errorText(error) });
      }
    });
  }

  async function onDisconnect() {
    pressed.current = true;
    setBusy({ state: 'connecting' });
    try {
      const { settings: next, warning } = await send({ type: 'connection/disconnect', kind });
      setBusy(warning ? { state: 'failed', text: warning } : undefined);
      onChanged(next);
    } catch (error) {
      setBusy({ state: 'failed', text: errorText(error) });
    }
  }

  const status =
    state === 'connected' ? m('options_connected', originOf(address) ?? '') : state === 'reconnect' ? m('options_needsReconnect') : state === 'connecting' ? m('options_connecting') : (busy?.text ?? m('options_notConnected'));

  return (
    <div class="field connect-field">
      <p class="muted">{text(field.label)}</p>
      <p data-testid="connection-status" data-state={state} role="status" aria-live="polite">
        {status}
      </p>
      <div ref={actions} class="form-actions">
        {state === 'connecting' && (
          // Holds the focus while the browser's sign-in or the sign-out runs: it does nothing.
          <button type="button" name="connecting" aria-disabled="true">
            {m('options_connecting')}
          </button>
        )}
        {(state === 'disconnected' || state === 'failed') && (
          <button type="button" name="connect" onClick={onConnect}>
            {m('options_connect')}
          </button>
        )}
        {state === 'reconnect' && (
          <button type="button" name="reconnect" onClick={onConnect}>
            {m('options_reconnect')}
          </button>
        )}
        {(state === 'connected' || state === 'reconnect') && (
          <button type="button" name="disconnect" onClick={() => void onDisconnect()}>
            {m('options_disconnect')}
          </button>
        )}
      </div>
      {field.hint && <p class="field-hint">{text(field.hint)}</p>}
      {callback && (
        <p class="field-hint">
          {m('options_callbackUrl')} <code data-testid="redirect-url">{callback}</code>
        </p>
      )}
    </div>
  );
}
