/**
 * The options page's import path on its own: `importFile` from lib/import on a File fetched from the
 * bench server, on the page's main thread as the options page runs it.
 */
import { importFile } from '@/lib/import';

async function run(url: string) {
  const blob = await (await fetch(url)).blob();
  const file = new File([blob], 'bench-import.csv', { type: 'text/csv' });
  const started = performance.now();
  const summary = await importFile(file);
  const ms = performance.now() - started;
  return { ms, bytes: file.size, summary: { ...summary, rejectedRows: summary.rejectedRows.slice(0, 5) } };
}

Object.assign(globalThis, { PLImportBench: { run } });
