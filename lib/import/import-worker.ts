/**
 * The import, run in a dedicated worker started by an extension page (docs/architecture.md, "Import
 * and storage"): parsing and writing never hold the page's main thread, however loaded the machine.
 * The worker shares the extension's origin, so it writes the same IndexedDB. One import per worker;
 * the page ends the worker when the import ends.
 */
import '../model/zod';
import { ImportFormatError } from './formats';
import { importFile } from './import';
import { problem } from './reasons';
import { fromWorker, type FromWorker, toWorker } from './worker-protocol';

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

/** Wires the import to `scope` (the worker's global; a test passes its own). */
export function serveImport(scope: WorkerScope): void {
  const controller = new AbortController();
  let started = false;
  const post = (message: FromWorker) => scope.postMessage(fromWorker.parse(message));
  /**
   * The page waits for `done` or `failed` and has no other way to learn the import ended, so one of
   * them always goes: should the summary not pass the protocol, the page is told that instead.
   */
  const answer = (message: Extract<FromWorker, { type: 'done' | 'failed' }>) => {
    try {
      post(message);
    } catch (error) {
      console.error('Prospect Lens: the import ended but its answer does not pass the protocol', error);
      // As an ImportFormatError's, the message is the key; the page words the problem.
      post({ type: 'failed', name: 'ImportReportError', message: 'importFailed_report', problems: [problem('importFailed_report')] });
    }
  };
  scope.onmessage = (event) => {
    const parsed = toWorker.safeParse(event.data);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'cancel') return controller.abort();
    if (started) return;
    started = true;
    importFile(message.file, {
      signal: controller.signal,
      origin: message.origin,
      batchSize: message.batchSize,
      runId: message.runId,
      heldReason: message.heldReason,
      keepDays: message.keepDays,
      onProgress: (progress) => post({ type: 'progress', progress }),
    }).then(
      (summary) => answer({ type: 'done', summary }),
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        const problems = failure instanceof ImportFormatError ? { problems: failure.problems } : {};
        answer({ type: 'failed', name: failure.name.slice(0, 100), message: failure.message.slice(0, 2000), ...problems });
      },
    );
  };
  post({ type: 'ready' });
}

// In a dedicated worker (not when a test imports this module).
const workerGlobal = (globalThis as { WorkerGlobalScope?: abstract new () => unknown }).WorkerGlobalScope;
if (workerGlobal && globalThis instanceof workerGlobal) serveImport(globalThis as unknown as WorkerScope);
