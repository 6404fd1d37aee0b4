/**
 * Turns the file's records (CSV rows after the header, JSON objects) into rows of cells by
 * lower-cased column name, and learns the format and the columns it will not import on the way.
 */
import { csvRecords } from './csv-records';
import { type Container, csvFormat, ImportFormatError, jsonFormat, type RowFormat } from './formats';
import { ARRAY_STOPS, jsonArrayRecords, type JsonRecord, ndjsonRecords } from './json-records';
import { MAX_JSON_NESTING } from './json-value';
import { type ImportProblem, problem } from './reasons';
import type { Cells } from './rows';
import type { TextChunk } from './text-chunks';

export interface Row {
  line: number;
  cells?: Cells;
  /** The record could not be read; it is rejected with this reason. */
  problem?: ImportProblem;
  /** A JSON array element's 1-based position, when it starts on the line the element before it did. */
  element?: number;
  /** The record as the file has it (CSV values in header order, or the JSON object), for the rejected-rows file. */
  fields?: readonly string[];
  object?: Readonly<Record<string, unknown>>;
}

export interface RowPiece {
  rows: Row[];
  bytesRead: number;
}

export interface FileShape {
  format?: RowFormat;
  /** A CSV file's header as spelled there, in order. */
  columns?: string[];
  /** As spelled in the file, in order of appearance. */
  unknownColumns: Set<string>;
  /** Columns the format reads that a CSV header names more than once, as first spelled there. */
  repeatedColumns?: string[];
}

/** JSON keys are collected as they appear; a file with thousands of distinct keys lists the first ones. */
const MAX_UNKNOWN_LISTED = 200;

/** The longest column name the summary lists. */
const LISTED_COLUMN_CHARS = 100;

/**
 * A column name or JSON key as the summary lists it. A key is the file's text and may be a megabyte
 * long; the page shows the list whole, and the summary crosses from the worker to the page.
 */
export function listedColumn(name: string): string {
  return name.length > LISTED_COLUMN_CHARS ? `${name.slice(0, LISTED_COLUMN_CHARS - 1)}…` : name;
}

export async function* readRows(container: Container, chunks: AsyncIterable<TextChunk>, shape: FileShape): AsyncGenerator<RowPiece> {
  if (container === 'csv') {
    yield* csvRows(chunks, shape);
    return;
  }
  const format = jsonFormat(container);
  shape.format = format;
  const source = container === 'json-array' ? jsonArrayRecords(chunks) : ndjsonRecords(chunks);
  let element = 0;
  let elementLine = 0;
  for await (const piece of source) {
    const rows = piece.records.map((record): Row => {
      const row = jsonRow(record, format, shape);
      // A minified array has every element on line 1: an element sharing its line with the one before
      // it also says which element it is, so each rejected one can be found (rowProblems).
      if (container === 'json-array' && !(record.problem && ARRAY_STOPS.has(record.problem.key))) {
        element++;
        if (record.line === elementLine) row.element = element;
        elementLine = record.line;
      }
      return row;
    });
    yield { rows, bytesRead: piece.bytesRead };
  }
}

function jsonRow(record: JsonRecord, format: RowFormat, shape: FileShape): Row {
  if (!record.value) return { line: record.line, problem: record.problem ?? problem('importReason_notJsonObject') };
  const object = record.value;
  const cells = new Map<string, string>();
  for (const [key, value] of Object.entries(record.value)) {
    const column = key.trim().toLowerCase();
    if (!format.known.has(column) && shape.unknownColumns.size < MAX_UNKNOWN_LISTED) shape.unknownColumns.add(listedColumn(key));
    if (value === null || value === undefined) continue;
    if (typeof value === 'object') return { line: record.line, problem: problem('importReason_notSingleValue', key), object };
    cells.set(column, String(value).trim());
  }
  return { line: record.line, cells, object };
}

/** A rejected row's problems, after its position in the array when its line does not tell it apart. */
export function rowProblems(row: Row, problems: ImportProblem[]): ImportProblem[] {
  return row.element ? [problem('importReason_element', row.element), ...problems] : problems;
}

async function* csvRows(chunks: AsyncIterable<TextChunk>, shape: FileShape): AsyncGenerator<RowPiece> {
  let header: string[] | undefined;
  for await (const piece of csvRecords(chunks)) {
    const rows: Row[] = [];
    for (const record of piece.records) {
      if (!header) {
        if (record.problem) throw new ImportFormatError(problem('importFormat_header'), record.problem);
        const spelled = record.fields.map((f) => f.replace(/^\uFEFF/, '').trim());
        header = spelled.map((f) => f.toLowerCase());
        shape.columns = spelled;
        const format = csvFormat(header);
        shape.format = format;
        headerColumns(spelled, header, format, shape);
        continue;
      }
      rows.push(toRow(record.line, record.fields, header, record.problem));
    }
    yield { rows, bytesRead: piece.bytesRead };
  }
  if (!header) throw new ImportFormatError(problem('importFormat_empty'));
}

/**
 * Notes the header's columns the format does not read (the first ones, as the JSON path does) and
 * those it reads that are named twice. One pass and a count per name: a header can be a megabyte of
 * distinct names, and looking each one up in the whole header again took a minute at 140,000 of them,
 * with nothing in between for a Cancel to stop.
 */
function headerColumns(spelled: readonly string[], header: readonly string[], format: RowFormat, shape: FileShape): void {
  const named = new Map<string, number>();
  for (const column of header) named.set(column, (named.get(column) ?? 0) + 1);
  const repeated: string[] = [];
  const listed = new Set<string>();
  spelled.forEach((name, i) => {
    const column = header[i]!;
    if (!format.known.has(column)) {
      if (name && shape.unknownColumns.size < MAX_UNKNOWN_LISTED) shape.unknownColumns.add(listedColumn(name));
    } else if (named.get(column)! > 1 && !listed.has(column)) {
      listed.add(column);
      repeated.push(name);
    }
  });
  shape.repeatedColumns = repeated;
}

function toRow(line: number, fields: string[], header: string[], unread: ImportProblem | undefined): Row {
  if (unread) return { line, problem: unread, fields };
  // Extra empty cells at the end (a trailing comma) are harmless; any other count mismatch means
  // the values would land in the wrong columns.
  const extra = fields.slice(header.length);
  if (fields.length < header.length || extra.some((f) => f.trim() !== '')) {
    return { line, problem: problem('importReason_valueCount', fields.length, header.length), fields };
  }
  // A column named twice (a merged spreadsheet) gives its first value that is not empty; the summary
  // lists it, so the rep knows one of them was not used.
  const cells = new Map<string, string>();
  header.forEach((column, i) => cells.get(column) || cells.set(column, fields[i]!.trim()));
  return { line, cells, fields };
}

/**
 * A rejected record as the file has it, column by column (columns as spelled there), so the
 * rejected-rows file can be fixed and imported again. Values past the header (a row with too many)
 * go under `column N`; a JSON value that is not a single value is written as JSON.
 */
export function originalValues(row: Row, shape: FileShape): Record<string, string> | undefined {
  // Without a prototype: a column or key named `constructor`, `toString` or `__proto__` is the file's
  // own name, not something every object has (which broke the whole import at its first rejected row).
  const values: Record<string, string> = Object.create(null);
  if (row.fields) {
    row.fields.forEach((value, i) => {
      const column = shape.columns?.[i] || `column ${i + 1}`;
      // A column named twice keeps the value the import used: its first that is not empty.
      if (!values[column]?.trim()) values[column] = value;
    });
    return values;
  }
  if (row.object) {
    for (const [key, value] of Object.entries(row.object)) {
      if (value === null || value === undefined) continue;
      values[key] = typeof value === 'object' ? asJson(value) : String(value);
    }
    return values;
  }
  return undefined;
}

/** The longest start of a value the rejected-rows file keeps when the value cannot be written whole. */
const SHORTENED_VALUE_CHARS = 1_000;

/**
 * A value that is not a single value, as JSON. The readers refuse nesting past MAX_JSON_NESTING
 * (json-value.ts); should a value get here deeper than JSON.stringify can recurse all the same, the
 * rejected-rows file gets the start of it (each level cut to a marker past the limit), not a failed import.
 */
function asJson(value: object): string {
  try {
    return JSON.stringify(value);
  } catch {
    const depth = new WeakMap<object, number>();
    const text = JSON.stringify(value, function (this: object, _key: string, inner: unknown) {
      if (typeof inner !== 'object' || inner === null) return inner;
      const level = (depth.get(this) ?? 0) + 1;
      if (level > MAX_JSON_NESTING) return '…';
      depth.set(inner, level);
      return inner;
    });
    return text.length > SHORTENED_VALUE_CHARS ? `${text.slice(0, SHORTENED_VALUE_CHARS - 1)}…` : text;
  }
}
