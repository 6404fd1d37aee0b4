/** What an import reports while it runs and when it ends. */
import { toCsv } from '../data/csv';
import type { ImportFormat } from './formats';

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
  /** Plain words, e.g. "occurred_at 'yesterday' is not a date". */
  reason: string;
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
  /** Distinct prospects created or changed. */
  prospectsUpserted: number;
  /** Stopped through the AbortSignal: the batches written so far stay; running it again completes it. */
  cancelled: boolean;
  durationMs: number;
}

/** A broken 50 MB file must not fill memory with reasons; the count stays exact. */
export const MAX_REJECTED_LISTED = 10_000;

/**
 * The rejected rows as a CSV file (line, reason) for the "download rejected rows" link. A reason can
 * quote the file's own text (a JSON key, a value), so it goes through the same writer as the exports.
 */
export function rejectedRowsCsv(summary: Pick<ImportSummary, 'rejectedRows'>): string {
  return toCsv(['line', 'reason'], summary.rejectedRows.map((r) => ({ line: r.line, reason: r.reason })));
}

/** "line 7: occurred_at 'yesterday' is not a date" */
export function describeRejection(row: RejectedRow): string {
  return `line ${row.line}: ${row.reason}`;
}
