/**
 * Privacy & data: how long data is kept, export of everything, storage used, "Delete everything"
 * behind a confirmation step, and "Copy diagnostics" (the background builds it without secrets).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { exportActionsCsv, exportEventsCsv, exportFileName, exportJson } from '@/lib/data/export';
import { formatBytes, type StorageUse, storageUsed } from '@/lib/data/usage';
import { send } from '@/lib/messaging';
import { Settings } from '@/lib/model/settings';
import { changeSettings } from '@/lib/settings-client';
import { downloadBlob } from './download';
import { Field } from '../forms/Field';
import { plural } from '../i18n';
import type { RunningImports } from './ImportSection';
import { NeverLog } from './NeverLog';
import { m } from './strings';
import { errorText } from '@/lib/errors';

/**
 * How long "Delete everything" waits for this page's imports to stop between two batches (a batch is
 * 250 rows, well under a second even on a loaded machine). A file import's worker that has not
 * answered its cancel in 10 s is ended before this runs out (lib/import/in-worker.ts, `CANCEL_ANSWER_MS`),
 * which closes its database connection. Past this the erase is asked for anyway; an import that then
 * goes on stops at its next batch on finding its database deleted (lib/store/db.ts, `databaseMark`).
 */
export const IMPORT_STOP_WAIT_MS = 15_000;

/** `runningImports`: the imports running on this page (ImportSection), which "Delete everything" stops first. */
export function PrivacySection({ settings, onSettings, runningImports }: { settings: Settings; onSettings(next: Settings): void; runningImports?: RunningImports }) {
  const [retention, setRetention] = useState(String(settings.retentionDays));
  const [retentionError, setRetentionError] = useState('');
  const [status, setStatus] = useState('');
  const [usage, setUsage] = useState<StorageUse | null | undefined>();
  const [confirming, setConfirming] = useState(false);
  /**
   * While the deletion runs (3 s or more: lib/store/db.ts, `deleteDatabaseFiles`), its buttons and the
   * exports wait: an export opens the database from this page, which would keep Chromium from freeing it.
   */
  const [erasing, setErasing] = useState(false);
  /** Logged actions not delivered yet (waiting or failed), counted when the deletion is asked for. */
  const [unsynced, setUnsynced] = useState(0);
  /** An import was running on this page when the deletion was asked for. */
  const [importing, setImporting] = useState(false);

  useEffect(() => setRetention(String(settings.retentionDays)), [settings.retentionDays]);

  // The question takes the focus on its Cancel, and gives it back to "Delete everything…" once answered
  // or cancelled (the trigger is drawn again, so nothing else would). Through refs: Preact's autoFocus
  // only sets the attribute, which a browser honours once per page at most, never with a #fragment.
  const cancelRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useLayoutEffect(() => {
    if (confirming) cancelRef.current?.focus();
    else if (wasConfirming.current) triggerRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  const measure = () => void storageUsed().then(setUsage);
  useEffect(measure, []);

  async function askToErase() {
    const { waiting, dead } = await send({ type: 'action/list', limit: 1 }).catch(() => ({ waiting: 0, dead: 0 }));
    setUnsynced(waiting + dead);
    setImporting(Boolean(runningImports?.size));
    setConfirming(true);
  }

  async function saveRetention(event: Event) {
    event.preventDefault();
    const parsed = Settings.shape.retentionDays.safeParse(retention.trim() === '' ? NaN : Number(retention));
    if (!parsed.success) {
      setRetentionError(m('options_retentionInvalid'));
      return;
    }
    setRetentionError('');
    try {
      onSettings(await changeSettings({ retentionDays: parsed.data }));
      setStatus(m('options_saved'));
    } catch (failure) {
      setStatus(m('options_saveFailed', errorText(failure)));
    }
  }

  async function exportAs(what: 'all' | 'events' | 'actions') {
    setStatus(m('options_working'));
    try {
      const blob = what === 'all' ? await exportJson() : what === 'events' ? await exportEventsCsv() : await exportActionsCsv();
      downloadBlob(blob, exportFileName(what, what === 'all' ? 'json' : 'csv'));
      setStatus(m('options_exported'));
    } catch (failure) {
      setStatus(m('options_exportFailed', errorText(failure)));
    }
  }

  async function eraseAll() {
    setErasing(true);
    setStatus(m('options_working'));
    try {
      // First, so that the import ends between two batches before the erase, and says why. An import
      // this page does not run stops at its next batch instead (lib/store/db.ts, `databaseMark`).
      const stopped = [...(runningImports ?? [])].map((run) => run.stop());
      if (stopped.length > 0) await Promise.race([Promise.all(stopped), new Promise((resolve) => setTimeout(resolve, IMPORT_STOP_WAIT_MS))]);
      await send({ type: 'data/erase' });
    } catch (failure) {
      // The box closes either way: what was asked for is settled, and the line below says how.
      setConfirming(false);
      setStatus(m('options_deleteFailed', errorText(failure)));
      measure();
      return;
    } finally {
      setErasing(false);
    }
    setConfirming(false);
    setStatus(m('options_deleted'));
    // The background answers once the browser has given the deleted files' space back.
    measure();
    onSettings(Settings.parse({}));
  }

  async function copyDiagnostics() {
    try {
      const report = await send({ type: 'diagnostics' });
      await navigator.clipboard.writeText(JSON.stringify(report, null, 2));
      setStatus(m('options_diagnosticsCopied'));
    } catch (failure) {
      setStatus(m('options_diagnosticsFailed', errorText(failure)));
    }
  }

  return (
    <>
      <form onSubmit={saveRetention} noValidate class="inline-form">
        <Field name="retentionDays" label={m('options_retention')} hint={m('options_retentionHint')} error={retentionError} idPrefix="privacy">
          {(a11y) => <input {...a11y} type="number" min={0} max={3650} step={1} value={retention} onInput={(e) => setRetention(e.currentTarget.value)} />}
        </Field>
        <button type="submit">{m('options_save')}</button>
      </form>
      <NeverLog settings={settings} onSettings={onSettings} />
      <h3>{m('options_exportHeading')}</h3>
      <div class="form-actions">
        <button type="button" disabled={erasing} onClick={() => void exportAs('all')}>
          {m('options_exportJson')}
        </button>
        <button type="button" disabled={erasing} onClick={() => void exportAs('events')}>
          {m('options_exportEventsCsv')}
        </button>
        <button type="button" disabled={erasing} onClick={() => void exportAs('actions')}>
          {m('options_exportActionsCsv')}
        </button>
      </div>
      <p data-testid="storage-used">
        {usage === undefined ? m('options_measuring') : usage === null ? m('options_usageUnknown') : m('options_usage', formatBytes(usage.usage))}
      </p>
      <h3>{m('options_deleteHeading')}</h3>
      {confirming ? (
        <div class="confirm" role="group" aria-labelledby="confirm-delete-text">
          <p id="confirm-delete-text">{m('options_deleteConfirmText')}</p>
          {importing && (
            <p class="warn-text" data-testid="import-stops-warning">
              {m('options_deleteStopsImport')}
            </p>
          )}
          {unsynced > 0 && (
            <p class="warn-text" data-testid="unsynced-warning" data-count={unsynced}>
              {plural('options_deleteUnsynced', unsynced)}
            </p>
          )}
          <div class="form-actions">
            <button type="button" data-testid="export-before-delete" disabled={erasing} onClick={() => void exportAs('all')}>
              {m('options_exportFirst')}
            </button>
            <button type="button" class="danger" data-testid="confirm-delete" disabled={erasing} onClick={() => void eraseAll()}>
              {m('options_deleteConfirm')}
            </button>
            <button type="button" ref={cancelRef} disabled={erasing} onClick={() => setConfirming(false)}>
              {m('options_cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" class="danger" ref={triggerRef} onClick={() => void askToErase()}>
          {m('options_deleteEverything')}
        </button>
      )}
      <h3>{m('options_diagnosticsHeading')}</h3>
      <p class="muted">{m('options_diagnosticsExplain')}</p>
      <button type="button" onClick={() => void copyDiagnostics()}>
        {m('options_copyDiagnostics')}
      </button>
      <p class="status" role="status" aria-live="polite">
        {status}
      </p>
    </>
  );
}
