/**
 * Options → Privacy → "Never log" (docs/architecture.md, "Log this email"): addresses and domains
 * about which nothing is logged. One per line; pasted URLs and `www.` are tidied to `@domain`
 * (lib/identity/never-log.ts, the same parser the background's check relies on). The background
 * enforces the list wherever an action is accepted; this page only edits it.
 */
import { useEffect, useState } from 'preact/hooks';
import { normaliseNeverLogEntry } from '@/lib/identity/never-log';
import type { Settings } from '@/lib/model/settings';
import { changeSettings } from '@/lib/settings-client';
import { Field } from '../forms/Field';
import { plural } from '../i18n';
import { m } from './strings';
import { errorText } from '@/lib/errors';

export function NeverLog({ settings, onSettings }: { settings: Settings; onSettings(next: Settings): void }) {
  const [text, setText] = useState(settings.neverLog.join('\n'));
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');

  useEffect(() => setText(settings.neverLog.join('\n')), [settings.neverLog.join('\n')]);

  async function save(event: Event) {
    event.preventDefault();
    const lines = text.split(/[\n,;]+/).map((line) => line.trim()).filter(Boolean);
    const bad = lines.filter((line) => !normaliseNeverLogEntry(line));
    if (bad.length > 0) {
      // Every bad line is named, so none is silently dropped.
      setError(bad.map((line) => m('options_neverLogInvalid', line)).join(' '));
      setStatus('');
      return;
    }
    setError('');
    const entries = [...new Set(lines.map((line) => normaliseNeverLogEntry(line)!))];
    try {
      const next = await changeSettings({ neverLog: entries });
      onSettings(next);
      setText(next.neverLog.join('\n'));
      setStatus(plural('options_neverLogSaved', next.neverLog.length));
    } catch (failure) {
      // Nothing was saved: the last save's "N saved" would say otherwise.
      setStatus('');
      setError(m('options_saveFailed', errorText(failure)));
    }
  }

  return (
    <form onSubmit={(e) => void save(e)} noValidate class="inline-form" data-testid="never-log-form">
      <Field name="neverLog" label={m('options_neverLog')} hint={m('options_neverLogHint')} error={error} idPrefix="privacy">
        {(a11y) => (
          <textarea {...a11y} data-testid="never-log" rows={4} spellcheck={false} placeholder={m('options_neverLogPlaceholder')} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        )}
      </Field>
      <button type="submit" data-testid="never-log-save">
        {m('options_save')}
      </button>
      <p class="status" role="status" aria-live="polite">
        {status}
      </p>
    </form>
  );
}
