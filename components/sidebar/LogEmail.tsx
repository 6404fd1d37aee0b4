import { useEffect, useRef, useState } from 'preact/hooks';
import type { LogEmailOutcome } from '@/lib/content/log-email';
import { t } from '../i18n';
import { errorText } from '@/lib/errors';

export interface LogEmailProps {
  /** Which message is open (its id or fingerprint); undefined when no thread is open. */
  messageKey?: string;
  onLogEmail(includeBody: boolean): Promise<LogEmailOutcome>;
  /** Whether the open message was logged already. */
  isLogged(): Promise<boolean>;
  /** The manifest command asked to log: do it once, as a click would, and say so with onAutoLog. */
  autoLog?: boolean;
  onAutoLog?(): void;
}

/** The shortcut: the manifest command `log-email` (which can be rebound) and, inside the sidebar, the same keys. */
export const LOG_EMAIL_KEYS = 'Alt+Shift+E';

type State = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string; logged: boolean } | { kind: 'error'; text: string };

/**
 * "Log this email" (docs/architecture.md, "Log this email"): one button for the open message and a
 * box to include its text for this one action. The body is read from the page only when the box is
 * ticked; the box clears after each action, so including it is always a fresh choice.
 */
export function LogEmail({ messageKey, onLogEmail, isLogged, autoLog = false, onAutoLog }: LogEmailProps) {
  const [includeBody, setIncludeBody] = useState(false);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [logged, setLogged] = useState(false);
  const section = useRef<HTMLElement>(null);
  /**
   * Set at once, so a second click or shortcut before the next drawing logs nothing more. The button
   * stays enabled while it works (aria-disabled): a focused control that turns disabled loses the
   * focus to the page, where C / N / T and the mail page's own keys would act.
   */
  const busyRef = useRef(false);
  /** The message open now: an answer about one the rep has since moved away from is not this one's. */
  const openKey = useRef(messageKey);
  openKey.current = messageKey;

  // Another message opened: start over, and ask whether this one is in the log already.
  useEffect(() => {
    setState({ kind: 'idle' });
    setLogged(false);
    setIncludeBody(false);
    if (!messageKey) return;
    let current = true;
    isLogged()
      .then((yes) => current && setLogged(yes))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [messageKey]);

  async function log() {
    if (busyRef.current) return;
    busyRef.current = true;
    setState({ kind: 'busy' });
    const forKey = messageKey;
    try {
      const outcome = await onLogEmail(includeBody);
      // Another message opened meanwhile: its own state was set when it opened (the effect above).
      if (openKey.current !== forKey) return;
      if (outcome.kind === 'no-message') setState({ kind: 'error', text: t('logEmailNoMessage') });
      else if (outcome.kind === 'refused') setState({ kind: 'error', text: outcome.message });
      else {
        setLogged(true);
        setIncludeBody(false);
        const where = outcome.local ? t('logEmailLocal') : t('logEmailQueued', outcome.destinationName);
        setState({ kind: 'done', logged: true, text: outcome.added ? where : t('logEmailAlready') });
      }
    } catch (failure) {
      if (openKey.current === forKey) setState({ kind: 'error', text: errorText(failure) });
    } finally {
      busyRef.current = false;
    }
  }

  useEffect(() => {
    if (!autoLog || !messageKey) return;
    onAutoLog?.();
    void log();
  }, [autoLog, messageKey]);

  // The shortcut works wherever focus is inside the sidebar (its shadow root keeps page keys out).
  useEffect(() => {
    const root = section.current?.closest('.pl-root');
    if (!root) return;
    const onKey = (event: Event) => {
      const key = event as KeyboardEvent;
      if (key.altKey && key.shiftKey && !key.ctrlKey && !key.metaKey && key.code === 'KeyE') {
        key.preventDefault();
        void log();
      }
    };
    root.addEventListener('keydown', onKey);
    return () => root.removeEventListener('keydown', onKey);
  });

  if (!messageKey) return null;
  const busy = state.kind === 'busy';
  return (
    <section ref={section} class="pl-log-email" aria-label={t('logEmailSection')}>
      <button
        type="button"
        class="pl-btn"
        data-testid="log-email"
        data-state={logged ? 'logged' : 'not-logged'}
        aria-keyshortcuts={LOG_EMAIL_KEYS}
        aria-busy={busy}
        aria-disabled={busy}
        onClick={() => void log()}
      >
        {busy ? t('logEmailBusy') : logged ? t('logEmailLogged') : t('logEmailButton')}
      </button>
      <label class="pl-muted">
        <input type="checkbox" data-testid="log-email-body" checked={includeBody} onChange={(e) => setIncludeBody(e.currentTarget.checked)} /> {t('logEmailIncludeBody')}
      </label>
      {/* Always in the page, only hidden while empty: a status inserted with its text is often not read. */}
      <p class={state.kind === 'done' ? 'pl-muted' : 'pl-sr'} role="status" data-testid="log-email-status">
        {state.kind === 'done' && state.text}
      </p>
      {state.kind === 'error' && (
        <p class="pl-error-text" role="alert" data-testid="log-email-error">
          {state.text}
        </p>
      )}
    </section>
  );
}
