/** The import worker as the options page starts it (lib/import/import-worker.ts wires itself up in a worker). */
import '@/lib/import/import-worker';
