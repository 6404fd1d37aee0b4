/**
 * Import a CSV or JSON file into the local store, with progress and Cancel, then a summary; and the
 * demo data set, loaded or removed in one click. The import and demo functions come in as props so
 * the page can be tested without them and wired to the real ones by the entrypoint.
 */
import { useRef, useState } from 'preact/hooks';
import { describeProblems, ImportFormatError, type ImportOptions, type ImportProgress, type ImportSummary } from '@/lib/import';
import { ImportSummaryView } from './ImportSummaryView';
import { plural } from '../i18n';
import { m } from './strings';
import { erasedMidway, errorText } from '@/lib/errors';
import { usePush } from '../pushes';

const ERASING = ['push/erasing'] as const;

export interface ImportServices {
  importFile(file: Blob, opts: ImportOptions): Promise<ImportSummary>;
  /** `signal`: stops the load between two batches, as it does a file import. */
  loadDemoData(signal?: AbortSignal): Promise<unknown>;
  removeDemoData(): Promise<unknown>;
}

interface Running {
  controller: AbortController;
  fileName: string;
  progress?: ImportProgress;
}

/**
 * An import running on this page (a file, or the demo data), for "Delete everything" (PrivacySection)
 * to stop first, between two batches. Left running, it would find its database deleted at its next
 * batch and stop there (DatabaseErasedError, lib/store/db.ts), as an import in another page does.
 */
export interface RunningImport {
  /** Cancels the import; resolves once it stopped (between two batches: lib/import/import.ts). */
  stop(): Promise<void>;
}

/** The imports running on a page: a file import and a demo load may run at once. */
export type RunningImports = Set<RunningImport>;

/**
 * Adds `controller`'s import to those "Delete everything" stops (`runningImports`). `erased`: it was
 * stopped for that; `finish` once the import has ended, however it ended.
 */
function trackRun(runningImports: RunningImports, controller: AbortController) {
  let erased = false;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const run: RunningImport = {
    stop() {
      erased = true;
      controller.abort();
      return done;
    },
  };
  runningImports.add(run);
  return {
    signal: controller.signal,
    get erased() {
      return erased;
    },
    finish() {
      runningImports.delete(run);
      finished();
    },
  };
}

/**
 * `keepDays`: the retention setting; an import leaves out the events retention would delete.
 * `runningImports`: where the page finds the imports running now, to stop them before "Delete everything".
 */
export function ImportSection({ services, keepDays, runningImports: given }: { services: ImportServices; keepDays?: number; runningImports?: RunningImports }) {
  const own = useRef<RunningImports>(new Set()).current;
  const runningImports = given ?? own;
  // "Delete everything" from another page or tab: the imports stop as they do for this page's.
  usePush(ERASING, () => [...runningImports].forEach((run) => void run.stop()));
  const [running, setRunning] = useState<Running | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [error, setError] = useState('');
  /** The last import was stopped by "Delete everything". */
  const [stopped, setStopped] = useState(false);
  const [demoStatus, setDemoStatus] = useState('');
  /** A demo load or removal is running: removing the demo while it loads is refused anyway (lib/demo/load.ts). */
  const [demoBusy, setDemoBusy] = useState(false);
  /** The same, at once: a second click before the page draws again is ignored too. */
  const demoRunning = useRef(false);

  async function onFile(input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file || running) return;
    const controller = new AbortController();
    setRunning({ controller, fileName: file.name });
    setSummary(null);
    setError('');
    setStopped(false);
    const tracked = trackRun(runningImports, controller);
    try {
      const result = await services.importFile(file, {
        signal: controller.signal,
        keepDays,
        onProgress: (progress) => setRunning((r) => r && { ...r, progress }),
      });
      // Stopped for "Delete everything": what it counted is deleted, so no summary says it is there.
      if (tracked.erased) setStopped(true);
      else setSummary(result);
    } catch (failure) {
      const words = failure instanceof ImportFormatError ? describeProblems(failure.problems) : errorText(failure);
      // Deleted from another page (the import found its database gone: lib/store/db.ts), or from this one.
      if (tracked.erased || erasedMidway(failure)) setStopped(true);
      else setError(m('options_importFailed', words));
    } finally {
      tracked.finish();
      setRunning(null);
      // The same file can be chosen again (to finish a cancelled import).
      input.value = '';
    }
  }

  async function demo(action: 'load' | 'remove') {
    if (demoRunning.current) return;
    demoRunning.current = true;
    setDemoBusy(true);
    setDemoStatus(m('options_working'));
    // A load is an import: "Delete everything" stops it first too. A removal only deletes.
    const tracked = action === 'load' ? trackRun(runningImports, new AbortController()) : undefined;
    try {
      await (tracked ? services.loadDemoData(tracked.signal) : services.removeDemoData());
      setDemoStatus(tracked?.erased ? m('options_importStoppedByErase') : action === 'load' ? m('options_demoLoaded') : m('options_demoRemoved'));
    } catch (failure) {
      // By name: lib/store/events.ts comes to this page through the demo's own (lazily loaded) chunk.
      if (tracked?.erased || erasedMidway(failure)) setDemoStatus(m('options_importStoppedByErase'));
      else if (failure instanceof Error && failure.name === 'ImportRunningError') setDemoStatus(m('options_demoStillLoading'));
      else setDemoStatus(m('options_demoFailed', errorText(failure)));
    } finally {
      tracked?.finish();
      demoRunning.current = false;
      setDemoBusy(false);
    }
  }

  const progress = running?.progress;
  return (
    <>
      <p class="muted">{m('options_importExplain')}</p>
      <label for="import-file" class="label">
        {m('options_importChoose')}
      </label>
      <input
        id="import-file"
        type="file"
        data-testid="import-file"
        accept=".csv,.tsv,.txt,.json,.ndjson,.jsonl,text/csv,text/tab-separated-values,text/plain,application/json"
        // Not disabled while an import runs: the input has the focus then, and a disabled control loses
        // it to the page. It opens no file picker instead; a second file would be refused anyway.
        aria-disabled={Boolean(running)}
        onClick={(e) => running && e.preventDefault()}
        onChange={(e) => void onFile(e.currentTarget)}
      />
      {running && (
        <div class="import-progress" data-testid="import-progress">
          <progress max={progress?.totalBytes || 1} value={progress?.bytesRead ?? 0} aria-label={m('options_importProgress', running.fileName)} />
          <span>{plural('options_recordsRead', progress?.recordsRead ?? 0)}</span>{' '}
          <button type="button" onClick={() => running.controller.abort()}>
            {m('options_cancel')}
          </button>
        </div>
      )}
      {error && (
        <p class="error-text" role="alert">
          {error}
        </p>
      )}
      {summary && <ImportSummaryView summary={summary} />}
      {stopped && (
        <p class="status" data-testid="import-stopped">
          {m('options_importStoppedByErase')}
        </p>
      )}
      <h3>{m('options_demoHeading')}</h3>
      <p class="muted">{m('options_demoExplain')}</p>
      <div class="form-actions">
        <button type="button" aria-disabled={demoBusy} onClick={() => void demo('load')}>
          {m('options_loadDemo')}
        </button>
        <button type="button" aria-disabled={demoBusy} onClick={() => void demo('remove')}>
          {m('options_removeDemo')}
        </button>
        <p class="status" role="status" aria-live="polite">
          {demoStatus}
        </p>
      </div>
    </>
  );
}
