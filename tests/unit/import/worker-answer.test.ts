/**
 * The import worker always answers `done` or `failed`: the page (lib/import/in-worker.ts) has no other
 * way to learn that the import ended, and would wait forever. Here the import itself is replaced, so
 * the worker can be handed an answer that does not pass the protocol.
 */
import { importFile } from '@/lib/import/import';
import { serveImport } from '@/lib/import/import-worker';
import { problem } from '@/lib/import/reasons';
import type { ImportSummary } from '@/lib/import/summary';
import type { FromWorker } from '@/lib/import/worker-protocol';

vi.mock('@/lib/import/import', () => ({ importFile: vi.fn() }));

const summary: ImportSummary = {
  format: 'canonical-ndjson',
  recordsRead: 1,
  imported: 0,
  skipped: 0,
  rejected: 1,
  rejectedRows: [{ line: 1, problems: [problem('importReason_notSingleValue')] }],
  unknownColumns: [],
  prospectsUpserted: 0,
  cancelled: false,
  durationMs: 5,
};

/** Starts an import in a worker scope served in this thread; resolves with its answer. */
async function answerTo(result: Promise<ImportSummary>): Promise<FromWorker[]> {
  vi.mocked(importFile).mockReturnValue(result);
  const posted: FromWorker[] = [];
  const scope = { onmessage: null as ((event: MessageEvent) => void) | null, postMessage: (message: FromWorker) => posted.push(message) };
  serveImport(scope);
  scope.onmessage!({ data: { type: 'start', file: new File(['{}'], 'f.ndjson'), runId: 'run-1', heldReason: 'Held' } } as MessageEvent);
  await vi.waitFor(() => expect(posted.some((m) => m.type === 'done' || m.type === 'failed')).toBe(true));
  return posted;
}

afterEach(() => {
  vi.restoreAllMocks();
});

it('answers done with a summary that passes the protocol', async () => {
  expect((await answerTo(Promise.resolve(summary))).map((m) => m.type)).toEqual(['ready', 'done']);
});

it('answers failed, with a reason the page words, when the summary does not pass the protocol', async () => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const unclipped = { ...summary, rejectedRows: [{ line: 1, problems: [{ key: 'importReason_notSingleValue' as const, args: ['k'.repeat(1001)] }] }] };
  const posted = await answerTo(Promise.resolve(unclipped));
  expect(posted.map((m) => m.type)).toEqual(['ready', 'failed']);
  expect(posted[1]).toMatchObject({ type: 'failed', problems: [problem('importFailed_report')] });
});

it('answers failed when the import fails, whatever it threw', async () => {
  const posted = await answerTo(Promise.reject('not an Error'));
  expect(posted[1]).toMatchObject({ type: 'failed', name: 'Error', message: 'not an Error' });
});
