/**
 * Imports a CSV or JSON file into the local store: streamed piece by piece, written in batches,
 * with progress, cancellable, and idempotent (the same file twice adds nothing).
 *
 * A batch is counted only once it is written, so a cancelled import reports exactly what it
 * stored (records read but not yet written are dropped and not counted), and
 * imported + skipped + rejected = recordsRead holds at every progress report.
 */
import { clock } from '../clock';
import { containerOf, ImportFormatError } from './formats';
import { type ImportProblem, problem } from './reasons';
import { type FileShape, originalValues, readRows, type Row, rowProblems } from './records';
import { isExportStart } from './restore-reader';
import { restoreExport } from './restore';
import { RowRejected, type MappedRow } from './rows';
import { keptSince } from '../model/retention';
import { type ImportProgress, type ImportSummary, MAX_REJECTED_KEPT_CHARS, MAX_REJECTED_LISTED, olderThanKept } from './summary';
import { blobChunks, stringChunks, type TextChunk } from './text-chunks';
import { ImportSession } from '../store/import-batch';
import { repairStaleImports } from '../store/import-repair';
import { withStoragePressure } from '../store/pressure';
import { type BatchOutcome, writeBatch } from './write-batch';

export interface ImportOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /** Stamped on every event and new prospect; default `import:<file name>`. The demo set uses `demo`. */
  origin?: string;
  /** Records per write; default 250 (a bigger batch holds the page longer while its requests are issued). */
  batchSize?: number;
  /** Names this run's marker (lib/store/import-batch.ts), so the page can repair it if its worker dies. */
  runId?: string;
  /**
   * Why a restored action waits for Retry (lib/import/restore-reasons.ts), in the rep's language: the
   * page words it and the import worker, which has no message table, stores it as given.
   */
  heldReason?: string;
  /**
   * The days Prospect Lens keeps data (settings' `retentionDays`; 0 or absent: everything). Events older
   * than that, from the import's start, are left out and counted (`olderThanKept`) instead of counted as
   * imported and deleted by retention (which cuts from its own daily run, so an event less than a day
   * inside the period may still go then).
   */
  keepDays?: number;
  /**
   * `databaseMark()` (lib/store/db.ts) when the work this import is part of began (the demo load): the
   * import stops if the database was deleted since then, not only since its own start. In this context
   * only; the page does not send it to the import worker.
   */
  databaseMark?: number;
}

export function importFile(file: Blob, opts: ImportOptions = {}): Promise<ImportSummary> {
  const name = file instanceof File ? file.name : 'file';
  return runImport(blobChunks(file), file.size, name, opts);
}

/** The same from text in memory (tests, the demo set). */
export function importText(text: string, name: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  return runImport(stringChunks(text), text.length, name, opts);
}

type Pending = { line: number; mapped: MappedRow; tooOld?: number } | { line: number; problems: ImportProblem[]; row: Row };

async function runImport(chunks: AsyncGenerator<TextChunk>, totalBytes: number, name: string, opts: ImportOptions): Promise<ImportSummary> {
  const started = clock.now();
  const origin = (opts.origin ?? `import:${name}`).slice(0, 100);
  const batchSize = Math.max(1, opts.batchSize ?? 250);
  const first = await chunks.next();
  if (first.done || !first.value.text.trim()) throw new ImportFormatError(problem('importFormat_empty'));
  // "Export everything" starts with `{` too, but is one document, not NDJSON: restored, not imported row by row.
  if (isExportStart(first.value.text)) return restoreExport(prepend(first.value, chunks), totalBytes, origin, opts);
  const shape: FileShape = { unknownColumns: new Set() };
  const rows = readRows(containerOf(first.value.text), prepend(first.value, chunks), shape);

  const tally = { recordsRead: 0, imported: 0, skipped: 0, rejected: 0 };
  const since = keptSince(opts.keepDays, started);
  let tooOld = 0;
  const rejectedRows: ImportSummary['rejectedRows'] = [];
  let keptChars = 0;
  const prospectKeys = new Set<string>();
  let bytesRead = 0;
  let cancelled = false;
  let pending: Pending[] = [];

  const report = () => opts.onProgress?.({ bytesRead, totalBytes, ...tally });
  const session = new ImportSession(origin, opts.runId, undefined, opts.databaseMark);
  // Summaries a dead import left behind are put right first (its people may be in this file too).
  await repairStaleImports();

  /** Counts a written batch: each record once, in file order, so the tallies always add up. */
  const count = (batch: Pending[], outcome: BatchOutcome) => {
    outcome.prospectKeys.forEach((k) => prospectKeys.add(k));
    let i = 0;
    for (const p of batch) {
      tally.recordsRead++;
      if ('tooOld' in p) tooOld += p.tooOld ?? 0;
      if ('problems' in p) {
        tally.rejected++;
        if (rejectedRows.length < MAX_REJECTED_LISTED) {
          // The original values, while they fit in memory's share for them; the reason always.
          const values = keptChars < MAX_REJECTED_KEPT_CHARS ? originalValues(p.row, shape) : undefined;
          if (values) for (const value of Object.values(values)) keptChars += value.length;
          rejectedRows.push(values ? { line: p.line, problems: p.problems, values } : { line: p.line, problems: p.problems });
        }
      } else if (outcome.imported[i++]) tally.imported++;
      else tally.skipped++;
    }
    report();
  };
  /**
   * One batch is written while the next is read and mapped: the two use different threads (the
   * database's and this one), so neither waits for the other. Only one write is in flight, so
   * batches land in file order.
   */
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const batch = pending;
    pending = [];
    await writing;
    // Cancelled while the previous batch was written: this one is dropped, not written, and the
    // import says it was cancelled (the file's last batch too: the summary never says done with one missing).
    if (opts.signal?.aborted) {
      cancelled = true;
      return;
    }
    const mapped = batch.flatMap((p) => ('mapped' in p ? [p.mapped] : []));
    writing = writeBatch(session, mapped).then((outcome) => count(batch, outcome));
    // Marks a failure as handled here; it surfaces where `writing` is awaited, before the next write or at the end.
    writing.catch(() => undefined);
  };

  try {
    reading: for await (const piece of rows) {
      bytesRead = piece.bytesRead;
      for (const row of piece.rows) {
        pending.push(withoutOld(mapRow(row, shape, origin), since));
        if (pending.length < batchSize) continue;
        if (opts.signal?.aborted) break reading;
        await flush();
      }
      if (opts.signal?.aborted) break;
    }
    if (opts.signal?.aborted) {
      // Whole batches only: what was read but not written is dropped, and not counted.
      cancelled = true;
      pending = [];
    } else if (pending.length > 0) {
      await flush();
    }
    await writing;
  } catch (error) {
    // What was written is counted in its summaries, also when the import fails. Should that fail
    // too, the marker stays and the next import (or the page that saw its worker die) repairs them.
    await writing.catch(() => undefined);
    await withStoragePressure(() => session.flush(true)).catch(() => undefined);
    throw session.explain(error);
  } finally {
    await rows.return(undefined);
  }
  await withStoragePressure(() => session.flush(true)).catch((error: unknown) => {
    throw session.explain(error);
  });
  report();

  return {
    format: shape.format!.format,
    ...tally,
    rejectedRows,
    unknownColumns: [...shape.unknownColumns],
    ...(shape.repeatedColumns?.length ? { repeatedColumns: shape.repeatedColumns } : {}),
    prospectsUpserted: prospectKeys.size,
    cancelled,
    // Never below zero, even if the system clock was set back meanwhile.
    durationMs: Math.max(0, clock.now() - started),
    ...olderThanKept({ events: tooOld }, opts.keepDays),
  };
}

/** The row without its events older than `since` (ms), and how many it had. */
function withoutOld(entry: Pending, since: number | undefined): Pending {
  if (since === undefined || !('mapped' in entry)) return entry;
  const events = entry.mapped.events.filter((event) => !(Date.parse(event.occurredAt) < since));
  const dropped = entry.mapped.events.length - events.length;
  return dropped === 0 ? entry : { ...entry, mapped: { ...entry.mapped, events }, tooOld: dropped };
}

function mapRow(row: Row, shape: FileShape, origin: string): Pending {
  if (!row.cells) return { line: row.line, problems: rowProblems(row, [row.problem ?? problem('importReason_unreadable')]), row };
  try {
    return { line: row.line, mapped: shape.format!.map(row.cells, origin) };
  } catch (error) {
    if (error instanceof RowRejected) return { line: row.line, problems: rowProblems(row, error.problems), row };
    throw error;
  }
}

/** Puts back the piece read to detect the format; closing it closes the file reader too. */
async function* prepend<T>(head: T, rest: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield head;
    yield* rest;
  } finally {
    await rest.return(undefined);
  }
}
