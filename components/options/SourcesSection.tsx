/**
 * Sources: each connection's state (connected, needs access, error, not configured) with Test,
 * Grant access, Edit and Remove, and the destination form that configures them. A connection stays
 * a lookup source when another destination is chosen, until it is removed here. Remove deletes the
 * saved credentials, so it asks first, as "Delete everything" does.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { DestinationKind } from '@/lib/model/action';
import type { Settings } from '@/lib/model/settings';
import { type ConnectionTestResult, send } from '@/lib/messaging';
import { hasOrigin, requestOrigin } from '@/lib/permissions';
import { addressOf, connectionName, definitionOf } from '@/lib/connectors/catalog';
import { CONNECTION_KINDS, type ConnectionKind, testWords } from './connection';
import { DestinationForm } from './DestinationForm';
import { focusIsLost } from '../focus';
import { m } from './strings';
import { errorText } from '@/lib/errors';

type SourceState = ConnectionTestResult['state'] | 'configured' | 'testing';
/** A Remove under way for one connection: asked to confirm, or refused by the background (why, in words). */
type Removal = { kind: ConnectionKind; failed?: string };

/** The address a saved connection talks to, or undefined when it is not configured. */
export function connectionUrl(settings: Settings, kind: ConnectionKind): string | undefined {
  const definition = definitionOf(kind);
  const config = (settings.connections as Record<string, Record<string, unknown> | undefined>)[kind];
  return definition && addressOf(definition, config);
}

export function SourcesSection({ settings, onSettings }: { settings: Settings; onSettings(next: Settings): void }) {
  const [kind, setKind] = useState<DestinationKind>(settings.destination);
  const [access, setAccess] = useState<Partial<Record<ConnectionKind, boolean>>>({});
  const [tests, setTests] = useState<Partial<Record<ConnectionKind, ConnectionTestResult | 'testing'>>>({});
  const [removal, setRemoval] = useState<Removal | undefined>();

  // The form follows the saved destination: after Remove or Delete everything it is `local` again, so
  // no input keeps offering the deleted connection (one Save would bring it back).
  // Only on a change: the mount's own run could come after a quick Edit and undo it.
  const followed = useRef(settings.destination);
  useEffect(() => {
    if (followed.current === settings.destination) return;
    followed.current = settings.destination;
    setKind(settings.destination);
  }, [settings.destination]);

  // Remove's question takes the focus on its Cancel and gives it back when answered (Preact's autoFocus
  // only sets the attribute, which a browser honours once per page at most): to the connection's Remove,
  // or to its row once the connection is gone.
  const cancelRef = useRef<HTMLButtonElement>(null);
  const removeButtons = useRef<Partial<Record<ConnectionKind, HTMLButtonElement | null>>>({});
  const rows = useRef<Partial<Record<ConnectionKind, HTMLLIElement | null>>>({});
  const asked = useRef<ConnectionKind | undefined>(undefined);
  useLayoutEffect(() => {
    const before = asked.current;
    asked.current = removal?.kind;
    if (removal) cancelRef.current?.focus();
    else if (before) (removeButtons.current[before] ?? rows.current[before])?.focus();
  }, [removal?.kind]);

  /** Tests under way: a second press while one runs is ignored (the button stays enabled, so it keeps the focus). */
  const testing = useRef(new Set<ConnectionKind>());

  // Permission answers arrive whenever the user gives them: read the settings of that moment.
  const latest = useRef(settings);
  latest.current = settings;
  const checkAccess = async () => {
    const from = latest.current;
    const entries = await Promise.all(
      CONNECTION_KINDS.map(async (k) => {
        const url = connectionUrl(from, k);
        return [k, url ? await hasOrigin(url) : undefined] as const;
      }),
    );
    setAccess(Object.fromEntries(entries));
  };

  // By value: every settings change (a retention saved, a card's Mute) brings a new object.
  useEffect(() => void checkAccess(), [JSON.stringify(settings.connections)]);

  async function test(k: ConnectionKind) {
    if (testing.current.has(k)) return;
    testing.current.add(k);
    setTests((t) => ({ ...t, [k]: 'testing' }));
    const result = await send({ type: 'connection/test', kind: k }).catch(
      (error: unknown): ConnectionTestResult => ({ ok: false, state: 'error', message: errorText(error) }),
    );
    testing.current.delete(k);
    setTests((t) => ({ ...t, [k]: result }));
  }

  const refocusRow = useRef<ConnectionKind | undefined>(undefined);
  useLayoutEffect(() => {
    const k = refocusRow.current;
    const row = k && rows.current[k];
    // Until the Grant button is gone, it still has the focus.
    if (!row || row.querySelector('[data-grant]')) return;
    refocusRow.current = undefined;
    if (focusIsLost()) row.focus();
  });

  function grant(k: ConnectionKind, url: string) {
    // Called straight from the click: the prompt needs the gesture. Once granted, Test runs again,
    // so the answer shown is the one for the access the rep has now.
    void requestOrigin(url).then(async (granted) => {
      // Once granted, the button goes with the warning: the focus goes to the source's row.
      if (granted) refocusRow.current = k;
      await checkAccess();
      if (granted) await test(k);
    });
  }

  async function remove(k: ConnectionKind) {
    try {
      const next = await send({ type: 'connection/remove', kind: k });
      setRemoval(undefined);
      setTests((t) => ({ ...t, [k]: undefined }));
      onSettings(next);
    } catch (error) {
      setRemoval({ kind: k, failed: m('options_removeFailed', errorText(error)) });
    }
  }

  function stateOf(k: ConnectionKind): SourceState {
    if (!connectionUrl(settings, k)) return 'not-configured';
    const result = tests[k];
    if (result === 'testing') return 'testing';
    // A test's answer says what it met (unreachable is not missing access); until one ran, the access check speaks.
    if (result) return result.state;
    if (access[k] === false) return 'needs-access';
    return 'configured';
  }

  return (
    <>
      <ul class="sources">
        <li class="source" data-testid="source-status" data-kind="local" data-state="connected">
          <strong>{m('options_localStore')}</strong> <span class="state state-connected">{m('options_state_local')}</span>
        </li>
        {CONNECTION_KINDS.map((k) => {
          const state = stateOf(k);
          const url = connectionUrl(settings, k);
          const result = tests[k];
          const name = connectionName(k);
          return (
            <li key={k} ref={(el) => void (rows.current[k] = el)} tabIndex={-1} class="source" data-testid="source-status" data-kind={k} data-state={state}>
              <strong>{name}</strong> <span class={`state state-${state}`}>{m(`options_state_${state.replace('-', '_')}` as 'options_state_configured')}</span>
              {settings.destination === k && <span class="badge">{m('options_isDestination')}</span>}
              {url && <span class="muted"> {url}</span>}
              {state === 'needs-access' && url && !(result && result !== 'testing') && <p class="warn-text">{m('options_accessMissing', new URL(url).host)}</p>}
              {/* Always there, so a screen reader announces "testing…" and then the answer. */}
              <div aria-live="polite">
                {result === 'testing' && <p class="muted">{m('options_state_testing')}</p>}
                {result && result !== 'testing' && (
                  <p class={result.ok ? 'ok' : 'error-text'} data-testid="source-test" data-cause={result.cause}>
                    {testWords(result, url)}
                  </p>
                )}
              </div>
              {url && (
                <div class="form-actions">
                  {state === 'needs-access' && (
                    <button type="button" class="primary" data-grant onClick={() => grant(k, url)} aria-label={m('options_grantAccessLabel', name)}>
                      {m('options_grantAccess')}
                    </button>
                  )}
                  <button type="button" onClick={() => void test(k)} aria-disabled={state === 'testing'} aria-label={m('options_testLabel', name)}>
                    {m('options_test')}
                  </button>
                  <button
                    type="button"
                    aria-label={m('options_editLabel', name)}
                    onClick={() => {
                      setKind(k);
                      document.getElementById('dest-destination')?.focus();
                    }}
                  >
                    {m('options_edit')}
                  </button>
                  {removal?.kind !== k && (
                    <button
                      type="button"
                      class="danger"
                      ref={(el) => void (removeButtons.current[k] = el)}
                      onClick={() => setRemoval({ kind: k })}
                      aria-label={m('options_removeLabel', name)}
                    >
                      {m('options_remove')}
                    </button>
                  )}
                </div>
              )}
              {url && removal?.kind === k && (
                <div class="confirm" role="group" aria-labelledby={`confirm-remove-${k}`}>
                  <p id={`confirm-remove-${k}`}>{m('options_removeConfirmText', name)}</p>
                  {removal.failed && (
                    <p class="error-text" role="alert">
                      {removal.failed}
                    </p>
                  )}
                  <div class="form-actions">
                    <button type="button" class="danger" onClick={() => void remove(k)}>
                      {m('options_removeConfirm')}
                    </button>
                    <button type="button" ref={cancelRef} onClick={() => setRemoval(undefined)}>
                      {m('options_cancel')}
                    </button>
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <h3>{m('options_connectHeading')}</h3>
      <DestinationForm
        settings={settings}
        kind={kind}
        onKindChange={setKind}
        onSaved={(next) => {
          setTests({});
          onSettings(next);
        }}
        onAccessAnswer={() => void checkAccess()}
      />
    </>
  );
}
