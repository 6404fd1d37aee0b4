/**
 * The one CSV writer for every file the extension hands the user: the exports and the rejected rows
 * of an import. papaparse writes the CSV (quoting, CRLF line ends); what this adds is the header row,
 * writing in parts so a large store never becomes one giant string, and neutralising formulas.
 *
 * Text in these files comes from pages, CRMs and imported files. A spreadsheet app runs a cell that
 * starts with = + - @ (or a tab or CR before one), so such a cell gets a leading apostrophe and is
 * shown as text. papaparse's own `escapeFormulae: true` pattern ends in `.*$` without the `s` flag, so
 * it misses any value with a line break after the formula; the pattern here looks at the start only.
 *
 * The exports and the rejected rows are meant to be imported again, so the import takes the guard
 * off (`unguardFormula`). For that to give back every value exactly, a value that already starts with
 * apostrophes before such a character ("'=x" typed as text) is guarded too: one more apostrophe on
 * writing, one fewer on reading.
 *
 * A file (`blob`) starts with a UTF-8 byte order mark: Excel, opening a double-clicked .csv without
 * one, reads it in the system's ANSI code page ("Jürgen Müller" becomes "JÃ¼rgen MÃ¼ller"). The
 * import drops a BOM (lib/import/text-chunks.ts), so an export imports again unchanged.
 */
import Papa from 'papaparse';

export type CsvValue = string | number | undefined;
export type CsvRow = Record<string, CsvValue>;

/** The UTF-8 byte order mark a file begins with, so spreadsheet apps read it as UTF-8. */
export const UTF8_BOM = '\uFEFF';

/** A value a spreadsheet app would run, also behind apostrophes already there. */
export const FORMULA_START = /^'*[=+\-@\t\r]/;

/** The value the writer was given: one leading apostrophe off a guarded value, any other left as it is. */
export function unguardFormula(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value) ? value.slice(1) : value;
}

/** Rows as CSV lines, each ending in \r\n, with only `columns`, in that order. */
export function csvLines(columns: readonly string[], rows: readonly CsvRow[]): string {
  if (rows.length === 0) return '';
  return Papa.unparse(rows as CsvRow[], { columns: [...columns], header: false, escapeFormulae: FORMULA_START, newline: '\r\n' }) + '\r\n';
}

/** A CSV file built row by row: the header first, then rows written out every `batchSize`. */
export class CsvWriter {
  private readonly parts: string[];
  private batch: CsvRow[] = [];

  constructor(
    private readonly columns: readonly string[],
    private readonly batchSize = 2_000,
  ) {
    this.parts = [csvLines(columns, [Object.fromEntries(columns.map((c) => [c, c]))])];
  }

  add(row: CsvRow): void {
    this.batch.push(row);
    if (this.batch.length >= this.batchSize) this.flush();
  }

  text(): string {
    this.flush();
    return this.parts.join('');
  }

  /** The file the rep saves: the text after a byte order mark. */
  blob(): Blob {
    this.flush();
    return new Blob([UTF8_BOM, ...this.parts], { type: 'text/csv;charset=utf-8' });
  }

  private flush(): void {
    this.parts.push(csvLines(this.columns, this.batch));
    this.batch = [];
  }
}

/** A small CSV file in one string. */
export function toCsv(columns: readonly string[], rows: readonly CsvRow[]): string {
  const writer = new CsvWriter(columns);
  for (const row of rows) writer.add(row);
  return writer.text();
}
