/**
 * Starts the import worker (lib/import/import-worker.ts) from an extension page. Vite bundles the
 * worker into a file of the extension (same origin, allowed by the extension pages' default CSP).
 * `?worker` rather than `new Worker(new URL(…, import.meta.url))`: WXT rewrites `import.meta.url`
 * before Vite sees that pattern, which then leaves the `.ts` path unbundled. Kept apart from
 * in-worker.ts so code bundled without Vite (the benchmark pages) can start its own worker.
 */
import ImportWorker from './import-worker.ts?worker';

export function startImportWorker(): Worker {
  return new ImportWorker({ name: 'prospect-lens-import' });
}
