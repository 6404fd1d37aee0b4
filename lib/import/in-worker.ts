/**
 * Runs an import in a dedicated worker (lib/import/import-worker.ts) so the page that started it stays
 * responsive whatever the load (docs/architecture.md, "Import and storage"). Same options and result
 * as `importFile`: progress, cancel (the worker stops after the batch it is writing, so whole batches
 * stay), the summary.
 *
 * If the worker cannot start (a browser or policy without module workers in extension pages; its
 * script fails to load) the import runs on the page as before: slower to the touch, same result.
 * A worker that dies after it started is not retried behind the rep's back: the import fails with a
 * clear message, and running it again completes it (the batches written stay; the rest is added).
 */
import { t } from '../i18n';
import { ImportFormatError } from './formats';
import { repairInterruptedImports } from '../store/import-repair';
import { importFile, type ImportOptions } from './import';
import { heldReason } from './restore-reasons';
import type { ImportSummary } from './summary';
import { fromWorker, type ToWorker } from './worker-protocol';

/** Said on the page (which has `browser.i18n`) when the worker dies mid-import. */
export const workerDiedMessage = () => t('importFailed_workerDied');

/**
 * How long a cancelled import's worker has to answer: it stops after the batch it is writing, well
 * under a second. One that says nothing by then is taken for hung and ended as a dead one is, which
 * also closes its database connection ("Delete everything" waits for every connection to close).
 */
export const CANCEL_ANSWER_MS = 10_000;

export function importInWorker(
  file: Blob,
  opts: ImportOptions,
  /** Starts the worker: `startImportWorker` (lib/import/worker-start.ts) in the extension. */
  start: () => Worker,
  fallback: typeof importFile = importFile,
  /** Puts right the summaries of a worker that died mid-import (lib/store/import-repair.ts). */
  repair: typeof repairInterruptedImports = repairInterruptedImports,
): Promise<ImportSummary> {
  let worker: Worker;
  try {
    worker = start();
  } catch (error) {
    console.warn('Prospect Lens: no import worker; importing on the page', error);
    return fallback(file, opts);
  }
  const runId = crypto.randomUUID();
  return new Promise<ImportSummary>((resolve, reject) => {
    let ready = false;
    let unanswered: ReturnType<typeof setTimeout> | undefined;
    const send = (message: ToWorker) => worker.postMessage(message);
    const onAbort = () => {
      send({ type: 'cancel' });
      unanswered ??= setTimeout(() => died(new Event('error')), CANCEL_ANSWER_MS);
    };
    const end = () => {
      clearTimeout(unanswered);
      opts.signal?.removeEventListener('abort', onAbort);
      worker.terminate();
    };
    worker.onmessage = (event: MessageEvent) => {
      const parsed = fromWorker.safeParse(event.data);
      if (!parsed.success) return;
      const message = parsed.data;
      switch (message.type) {
        case 'ready':
          if (ready) return;
          ready = true;
          send({ type: 'start', file, origin: opts.origin, batchSize: opts.batchSize, runId, heldReason: opts.heldReason ?? heldReason(), keepDays: opts.keepDays });
          if (opts.signal?.aborted) onAbort();
          else opts.signal?.addEventListener('abort', onAbort);
          return;
        case 'progress':
          return opts.onProgress?.(message.progress);
        case 'done':
          end();
          return resolve(message.summary);
        case 'failed': {
          end();
          if (message.problems) return reject(new ImportFormatError(...message.problems));
          const error = new Error(message.message);
          error.name = message.name;
          return reject(error);
        }
      }
    };
    const died = (event: Event) => {
      event.preventDefault();
      end();
      if (ready) {
        // Its batches stay; the counts it kept in memory for their summaries are rebuilt from them.
        const failed = () => reject(new Error(workerDiedMessage()));
        repair({ runIds: [runId] }).then(failed, (error: unknown) => {
          console.warn('Prospect Lens: could not repair the summaries of the import', error);
          failed();
        });
        return;
      }
      console.warn('Prospect Lens: the import worker did not start; importing on the page');
      fallback(file, opts).then(resolve, reject);
    };
    worker.onerror = died;
    worker.onmessageerror = died;
  });
}
