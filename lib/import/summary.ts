/** What an import reports while it runs and when it ends. */
import { toCsv } from '../data/csv';
import { formatCount, t } from '../i18n';
import type { ImportFormat } from './formats';
import { describeProblems, type ImportReasonKey } from './reasons';
import { RESTORE_REASON_KEYS, type RestoreReasonKey } from './restore-reasons';

/** A problem of one record: an import's (reasons.ts), or a restore's (restore-reasons.ts). */
export interface RowProblem {
  key: ImportReasonKey | RestoreReasonKey;
  args?: (string | number)[];
}

export interface ImportProgress {
  /** Bytes of the file read so far (characters, for `importText`). */
  bytesRead: number;
  totalBytes: number;
  recordsRead: number;
  imported: number;
  skipped: number;
  rejected: number;
}

export interface RejectedRow {
  /** 1-based physical line where the record starts; the header is line 1. */
  line: number;
  /**
   * Every problem of the row, in column order, as keys and values (reasons.ts): the worker that finds
   * them cannot word them; `rowReason` does, in the UI language ("occurred_at 'yesterday' is not a date").
   */
  problems: RowProblem[];
  /** The record as the file has it, by column as spelled there (absent when it could not be read). */
  values?: Record<string, string>;
}

export interface ImportSummary {
  format: ImportFormat;
  /** Records read: CSV rows (not lines), JSON array elements, NDJSON lines. */
  recordsRead: number;
  /** imported + skipped + rejected = recordsRead, always (also for a cancelled import). */
  imported: number;
  skipped: number;
  rejected: number;
  /** The first MAX_REJECTED_LISTED rejected rows; `rejected` counts them all. */
  rejectedRows: RejectedRow[];
  /** Columns (or JSON keys) present in the file that the format does not import, as spelled there. */
  unknownColumns: string[];
  /** Columns the format reads that the header names more than once; each row gives its first non-empty value. */
  repeatedColumns?: string[];
  /** Distinct prospects created or changed. */
  prospectsUpserted: number;
  /** Stopped through the AbortSignal: the batches written so far stay; running it again completes it. */
  cancelled: boolean;
  durationMs: number;
  /**
   * Only for "Export everything" restored (`format` 'prospect-lens-export', restore.ts): the counts
   * above per list of the file. They add up to the counts above, but for a problem with the file
   * itself (cut off, not an export from line N on), which is rejected without being in a list.
   */
  restored?: Record<'prospects' | 'events' | 'actions', RestoredCounts>;
  /**
   * Events left out because they are older than the days Prospect Lens keeps (Options → Privacy,
   * `keepDays`), from the import's start: retention would delete them at its next daily run. Present
   * only when some were. A row with nothing else new counts as skipped. `actions`, only from a restored
   * "Export everything" and only when there were some: delivered actions retention would delete, also
   * left out and counted as skipped.
   */
  olderThanKept?: { events: number; actions?: number; days: number };
}

/** The summary's `olderThanKept`, present only when something was left out (then `keepDays` was set). */
export function olderThanKept(left: { events: number; actions?: number }, keepDays: number | undefined): Pick<ImportSummary, 'olderThanKept'> {
  const { events, actions = 0 } = left;
  if (!keepDays || events + actions === 0) return {};
  return { olderThanKept: actions > 0 ? { events, actions, days: keepDays } : { events, days: keepDays } };
}

export interface RestoredCounts {
  /** Added, or (a person) changed by the merge. */
  imported: number;
  /** Already stored as the file has it. */
  skipped: number;
  rejected: number;
}

/** A broken 50 MB file must not fill memory with reasons; the count stays exact. */
export const MAX_REJECTED_LISTED = 10_000;
/** The rejected rows' original values kept for the download, in characters; past it, reasons only. */
export const MAX_REJECTED_KEPT_CHARS = 4_000_000;

/**
 * The rejected rows for the "download rejected rows" link: the file's own columns (as spelled there,
 * in order) with each row's values, then `reason` (every problem of the row) and `line` — fix the
 * values, delete the two last columns or not (they are reported as columns not imported), and import
 * the file again. The reason is worded in the UI language (the column names stay English: they are
 * the file's). A reason can quote the file's own text, so it goes through the same writer as the exports.
 */
export function rejectedRowsCsv(summary: Pick<ImportSummary, 'rejectedRows'>): string {
  const columns = new Set<string>();
  for (const row of summary.rejectedRows) for (const column of Object.keys(row.values ?? {})) columns.add(column);
  columns.delete('reason');
  columns.delete('line');
  return toCsv(
    [...columns, 'reason', 'line'],
    summary.rejectedRows.map((row) => {
      // Own values only, every column: a row without the `toString` or `constructor` column another
      // row has would otherwise be written with what every object inherits under that name.
      const cells: Record<string, string | number | undefined> = Object.create(null);
      for (const column of columns) cells[column] = row.values && Object.hasOwn(row.values, column) ? row.values[column] : undefined;
      cells.reason = rowReason(row);
      cells.line = row.line;
      return cells;
    }),
  );
}

/** Why the row was rejected, every problem, in the UI language: "occurred_at 'yesterday' is not a date; …". */
export function rowReason(row: Pick<RejectedRow, 'problems'>): string {
  const words = row.problems.map(({ key, args }) =>
    isRestoreKey(key) ? t(key, ...(args ?? []).map((arg) => (typeof arg === 'number' ? formatCount(arg) : arg))) : describeProblems([{ key, args }]),
  );
  return words.length ? words.reduce((list, next) => t('importReason_list', list, next)) : '';
}

function isRestoreKey(key: RowProblem['key']): key is RestoreReasonKey {
  return (RESTORE_REASON_KEYS as readonly string[]).includes(key);
}
