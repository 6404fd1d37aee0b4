/**
 * Which format a file is in, from its first character (JSON) or its header row (CSV).
 */
import { CANONICAL_COLUMNS, mapCanonical } from './canonical';
import { HUBSPOT_COLUMNS, HUBSPOT_MARKERS, mapHubspot } from './hubspot';
import { MAUTIC_COLUMNS, MAUTIC_MARKERS, mapMautic } from './mautic';
import { type ImportProblem, problem } from './reasons';
import type { Cells, MappedRow } from './rows';

/** `prospect-lens-export`: the extension's own "Export everything", restored (restore.ts). */
export type ImportFormat = 'canonical-csv' | 'canonical-json' | 'canonical-ndjson' | 'hubspot-csv' | 'mautic-csv' | 'prospect-lens-export';

export interface RowFormat {
  format: ImportFormat;
  /** Lower-cased column names the mapper reads; any other column is reported as not imported. */
  known: ReadonlySet<string>;
  map(cells: Cells, origin: string): MappedRow;
}

const canonical = (format: ImportFormat): RowFormat => ({ format, known: new Set(CANONICAL_COLUMNS), map: mapCanonical });
const hubspot: RowFormat = { format: 'hubspot-csv', known: new Set(HUBSPOT_COLUMNS), map: mapHubspot };
const mautic: RowFormat = { format: 'mautic-csv', known: new Set(MAUTIC_COLUMNS), map: mapMautic };

/** Columns only the canonical format has; they win over the export markers. */
const CANONICAL_MARKERS = ['event_type', 'occurred_at', 'linkedin_url', 'lifecycle_stage', 'lead_score', 'event_title', 'event_url'];

/** A file the import cannot read at all; `problems` say why (reasons.ts words them on the page). */
export class ImportFormatError extends Error {
  readonly problems: ImportProblem[];
  constructor(...problems: ImportProblem[]) {
    super(problems.map((p) => p.key).join('; '));
    this.name = 'ImportFormatError';
    this.problems = problems;
  }
}

export type Container = 'csv' | 'json-array' | 'ndjson';

/**
 * From the first non-blank character: `[` is a JSON array, `{` is NDJSON, anything else CSV. The
 * extension's own export also starts with `{`; import.ts asks `isExportStart` (restore-reader.ts) first.
 */
export function containerOf(start: string): Container {
  const first = start.trimStart()[0];
  return first === '[' ? 'json-array' : first === '{' ? 'ndjson' : 'csv';
}

export function jsonFormat(container: 'json-array' | 'ndjson'): RowFormat {
  return canonical(container === 'json-array' ? 'canonical-json' : 'canonical-ndjson');
}

/** `header` is the lower-cased, trimmed header row. */
export function csvFormat(header: readonly string[]): RowFormat {
  const has = (names: readonly string[]) => names.some((n) => header.includes(n));
  if (has(CANONICAL_MARKERS)) return canonical('canonical-csv');
  if (has(HUBSPOT_MARKERS)) return hubspot;
  if (has(MAUTIC_MARKERS)) return mautic;
  if (header.includes('email')) return canonical('canonical-csv');
  throw new ImportFormatError(problem('importFormat_unknown'));
}
