/**
 * The import as the options page runs it: in a worker (lib/import/in-worker.ts ↔ import-worker.ts),
 * here a fake worker that delivers messages asynchronously in the same thread, so the real import
 * writes the real (fake-indexeddb) database. Falls back to the page only when the worker never
 * started; a worker that dies midway fails the import with a clear message.
 */
import { describeProblems, importFile, ImportFormatError, type ImportProgress } from '@/lib/import';
import { CANCEL_ANSWER_MS, importInWorker, workerDiedMessage } from '@/lib/import/in-worker';
import { serveImport } from '@/lib/import/import-worker';
import { closeDbForTests } from '@/lib/store/db';
import { countEvents } from '@/lib/store/events';
import { csv } from './helpers';

/** Every fake worker a test made: the import each one serves is over before the next test starts. */
const workers: FakeWorker[] = [];

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.finished));
  await closeDbForTests();
});

/**
 * A worker whose global scope is served by `serveImport` in this thread. A real worker's import ends
 * with the worker; this one runs on in this thread after `terminate` or `crash`, so those cancel it
 * (it stops after the batch it is writing) and `finished` says when it has ended: otherwise it would go
 * on writing into the next test's database (docs/testing.md, "Unit suite").
 */
class FakeWorker {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onmessageerror: ((event: Event) => void) | null = null;
  terminated = false;
  /** Settles when the import this worker serves has answered `done` or `failed` (at once if none started). */
  finished: Promise<void> = Promise.resolve();
  private importEnded = () => {};
  readonly scope = {
    onmessage: null as ((event: MessageEvent) => void) | null,
    postMessage: (data: unknown) => {
      const type = (data as { type?: unknown }).type;
      if (type === 'done' || type === 'failed') this.importEnded();
      setTimeout(() => !this.terminated && this.onmessage?.({ data }));
    },
  };
  constructor() {
    workers.push(this);
  }
  postMessage(data: unknown) {
    setTimeout(() => {
      if (this.terminated) return;
      // The page sends one start, which sets the import going.
      if ((data as { type?: unknown }).type === 'start') this.finished = new Promise((resolve) => (this.importEnded = resolve));
      this.scope.onmessage?.({ data } as MessageEvent);
    });
  }
  terminate() {
    this.end();
  }
  /** The worker's script throws or fails to load. */
  crash() {
    this.end();
    this.onerror?.(new Event('error'));
  }
  private end() {
    if (!this.terminated) this.scope.onmessage?.({ data: { type: 'cancel' } } as MessageEvent);
    this.terminated = true;
  }
}

function served(): { worker: FakeWorker; start: () => Worker } {
  const worker = new FakeWorker();
  return {
    worker,
    start: () => {
      serveImport(worker.scope);
      return worker as unknown as Worker;
    },
  };
}

function file(rows: number): File {
  const body = Array.from({ length: rows }, (_, i) => [`p${i % 40}@example.com`, 'email_open', new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()]);
  return new File([csv([['email', 'event_type', 'occurred_at'], ...body])], 'people.csv', { type: 'text/csv' });
}

it('imports in the worker with progress, and the worker is ended afterwards', async () => {
  const { worker, start } = served();
  const fallback = vi.fn(importFile);
  const progress: ImportProgress[] = [];
  const summary = await importInWorker(file(600), { batchSize: 200, onProgress: (p) => progress.push(p) }, start, fallback);
  expect(summary).toMatchObject({ format: 'canonical-csv', recordsRead: 600, imported: 600, cancelled: false });
  expect(progress.map((p) => p.recordsRead)).toEqual(expect.arrayContaining([200, 400, 600]));
  expect(await countEvents()).toBe(600);
  expect(fallback).not.toHaveBeenCalled();
  expect(worker.terminated).toBe(true);
});

it('cancels in the worker after a whole batch', async () => {
  const { start } = served();
  const controller = new AbortController();
  const summary = await importInWorker(
    file(2000),
    { batchSize: 250, signal: controller.signal, onProgress: (p) => p.recordsRead >= 500 && controller.abort() },
    start,
  );
  expect(summary.cancelled).toBe(true);
  expect(summary.imported % 250).toBe(0);
  expect(summary.imported).toBeLessThan(2000);
  expect(await countEvents()).toBe(summary.imported);
});

it('passes on why the importer refused the file, for the page to word', async () => {
  const { start } = served();
  const failure = await importInWorker(new File([''], 'empty.csv'), {}, start).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(ImportFormatError);
  expect(describeProblems((failure as ImportFormatError).problems)).toBe('The file is empty.');
});

it('falls back to the page when the worker cannot be created, or fails before it started', async () => {
  const fallback = vi.fn(importFile);
  const noWorker = () => {
    throw new DOMException('Workers are not allowed', 'SecurityError');
  };
  expect(await importInWorker(file(10), {}, noWorker, fallback)).toMatchObject({ imported: 10 });
  expect(fallback).toHaveBeenCalledTimes(1);

  const broken = new FakeWorker();
  const started = importInWorker(file(20), {}, () => broken as unknown as Worker, fallback);
  broken.crash();
  expect(await started).toMatchObject({ recordsRead: 20, imported: 10, skipped: 10 });
  expect(fallback).toHaveBeenCalledTimes(2);
});

it('fails with a clear message when the worker dies midway, without importing again on the page', async () => {
  const { worker, start } = served();
  const fallback = vi.fn(importFile);
  const repair = vi.fn(async () => 0);
  const sent: unknown[] = [];
  const post = worker.postMessage.bind(worker);
  worker.postMessage = (data: unknown) => (sent.push(data), post(data));
  const running = importInWorker(file(2000), { batchSize: 100, onProgress: (p) => p.recordsRead === 300 && worker.crash() }, start, fallback, repair);
  await expect(running).rejects.toThrow(workerDiedMessage());
  expect(fallback).not.toHaveBeenCalled();
  // The page rebuilds the summaries the dead worker kept in memory, naming its run.
  const { runId } = sent.find((m) => (m as { type: string }).type === 'start') as { runId: string };
  expect(repair).toHaveBeenCalledWith({ runIds: [runId] });
  // Whole batches stayed.
  expect((await countEvents()) % 100).toBe(0);
});

it('ignores messages of the wrong shape, both ways', async () => {
  const { worker, start } = served();
  const running = importInWorker(file(30), {}, start);
  // A forged answer in the page's direction is dropped…
  worker.onmessage?.({ data: { type: 'done', summary: { imported: 999 } } });
  // …and a start without a file in the worker's direction too (the real start is already queued).
  worker.scope.onmessage?.({ data: { type: 'start', file: 'not a file' } } as MessageEvent);
  expect(await running).toMatchObject({ recordsRead: 30, imported: 30 });
});

it('brings back the summary of a file whose reasons quote a very long JSON key, clipped', async () => {
  const { start } = served();
  const key = 'k'.repeat(1001);
  const body = `{"email":"a@x.example","event_type":"email_open","occurred_at":"2025-01-01T00:00:00Z"}\n{"email":"b@x.example","${key}":{"a":1}}\n`;
  const summary = await importInWorker(new File([body], 'long-key.ndjson'), {}, start);
  expect(summary).toMatchObject({ imported: 1, rejected: 1 });
  const [arg] = summary.rejectedRows[0]!.problems[0]!.args!;
  expect(arg).toBe(`${'k'.repeat(57)}…`);
});

it('ends a worker that does not answer its cancel (hung), repairs its run, and says the import stopped', async () => {
  const hung = {
    onmessage: null as ((event: { data: unknown }) => void) | null,
    onerror: null,
    onmessageerror: null,
    terminated: false,
    postMessage() {},
    terminate() {
      this.terminated = true;
    },
  };
  const repair = vi.fn(async () => ({ people: 0, markers: 0 }));
  const controller = new AbortController();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    const importing = importInWorker(file(10), { signal: controller.signal }, () => hung as unknown as Worker, undefined, repair as never);
    const failure = importing.catch((error: unknown) => error);
    hung.onmessage?.({ data: { type: 'ready' } });
    controller.abort();
    await vi.advanceTimersByTimeAsync(CANCEL_ANSWER_MS - 1);
    expect(hung.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(hung.terminated).toBe(true);
    expect(((await failure) as Error).message).toBe(workerDiedMessage());
    expect(repair).toHaveBeenCalledWith({ runIds: [expect.any(String)] });
  } finally {
    vi.useRealTimers();
  }
});
