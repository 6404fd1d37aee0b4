/**
 * CSV records from a stream of text pieces, each with the physical line it starts on.
 *
 * papaparse's low-level parser does the CSV work; what this adds is the streaming glue papaparse only
 * has for whole Files (and its File reader slices bytes, which breaks multi-byte characters at slice
 * edges): each piece is parsed together with the unfinished record left over from the previous one,
 * and papaparse's cursor says where the last complete record ended.
 *
 * Line numbers are 1-based and physical: the header is line 1, and a record whose quoted value holds
 * line breaks spans several lines, so the next record starts that many lines further down. Blank lines
 * (also those of only spaces or tabs) are not records but still count as lines.
 *
 * A stray quote (`"Dana" Whit`) makes papaparse read on to the next quote anywhere in the file, taking
 * every row in between into one broken record. Such a record that spans lines is not kept: its first
 * physical line is rejected and the text is parsed again from the next line (a window at a time, `read`),
 * so every other row is read and counted (docs/architecture.md, "Import and storage").
 *
 * A value the extension's own CSV writer guarded against formulas ("'-5") is read as it was written ("-5").
 */
import Papa from 'papaparse';
import { unguardFormula } from '../data/csv';
import { type ImportProblem, problem } from './reasons';
import { MAX_RECORD_CHARS, type TextChunk } from './text-chunks';

export interface CsvRecord {
  line: number;
  fields: string[];
  /** Set when the record could not be read as CSV; the import rejects it with this reason. */
  problem?: ImportProblem;
}

export interface CsvPiece {
  records: CsvRecord[];
  bytesRead: number;
}

interface PapaResult {
  data: string[][];
  errors: { code: string; row?: number }[];
  meta: { cursor: number };
}

interface Dialect {
  /** '\r' for old Mac files; '\n' otherwise, also for \r\n, whose \r is taken off the last value. */
  newline: '\n' | '\r';
  delimiter: string;
}

export async function* csvRecords(chunks: AsyncIterable<TextChunk>): AsyncGenerator<CsvPiece> {
  let parser: Papa.Parser | undefined;
  let dialect: Dialect = { newline: '\n', delimiter: ',' };
  let pending = '';
  let line = 1;
  let bytesRead = 0;

  /** Appends the records `from` … `to` of `result` (all of them by default), numbering their lines. */
  const take = (result: PapaResult, records: CsvRecord[], from = 0, to = result.data.length) => {
    const broken = new Map<number, ImportProblem>();
    for (const error of result.errors) {
      if (error.row === undefined || error.row >= to) continue;
      broken.set(error.row, problem(error.code === 'MissingQuotes' ? 'importReason_unclosedQuote' : 'importReason_malformedQuote'));
    }
    const { newline, delimiter } = dialect;
    for (let i = from; i < to; i++) {
      const fields = result.data[i]!;
      const start = line;
      for (const field of fields) line += countChar(field, newline);
      line++;
      const last = fields.length - 1;
      fields[last] = withoutCr(fields[last]!, newline);
      const problem = broken.get(i);
      if (!problem && (last === 0 || delimiter === '\t') && fields.every(isBlank)) continue; // a blank line
      // An export or a rejected-rows file of ours guards formulas with an apostrophe (lib/data/csv.ts).
      const values = fields.map(unguardFormula);
      records.push(problem ? { line: start, fields: values, problem } : { line: start, fields: values });
    }
  };

  /**
   * Reads `input` into `records`, and returns what is left for the next piece (or '' when `final`).
   * A stray quote spanning lines has its record's first line rejected, and the rest is parsed again;
   * a text without one is parsed once, whole.
   *
   * After a stray quote the rest is parsed in windows, as if it came in smaller pieces: the first holds
   * one line, and each clean window doubles the next. Parsing the whole rest again for every stray line
   * took time quadratic in the piece (a file with a stray quote on every row read 24 times slower than a
   * clean one); so a window read in vain costs at most about twice the clean text read since the last
   * stray line, and a clean stretch is soon parsed in large windows again.
   */
  const read = (input: string, records: CsvRecord[], final: boolean): string => {
    const { newline } = dialect;
    /** How far into `input` the next window reaches, to the end of that line; the whole of it at first. */
    let reach = input.length;
    for (;;) {
      const cut = reach >= input.length ? -1 : input.indexOf(newline, reach);
      const whole = cut === -1 || cut === input.length - 1;
      const part = whole ? input : input.slice(0, cut + 1);
      const last = final && whole;
      const result = parser!.parse(part, 0, !last) as PapaResult;
      const stray = strayQuoteRecord(result, part, newline, last);
      if (stray === -1) {
        take(result, records);
        // Cut short, `part` is followed by the rest of `input`: go on with it in a larger window.
        if (whole) return input.slice(result.meta.cursor);
        input = input.slice(result.meta.cursor);
        reach = part.length * 2;
        continue;
      }
      const firstLine = line;
      take(result, records, 0, stray);
      // The broken record starts after as many line breaks as the records before it spanned.
      let start = 0;
      for (let n = firstLine; n < line; n++) start = input.indexOf(newline, start) + 1;
      const end = input.indexOf(newline, start);
      if (end === -1) {
        // Cannot happen (the record spans lines); were it to, reading on as before beats looping.
        take(result, records, stray);
        return input.slice(result.meta.cursor);
      }
      const text = input.slice(start, end);
      const values = withoutCr(text, newline).split(dialect.delimiter);
      records.push({ line, fields: values.map(unguardFormula), problem: problem('importReason_strayQuote') });
      line++;
      input = input.slice(end + 1);
      reach = 0;
    }
  };

  for await (const chunk of chunks) {
    bytesRead = chunk.bytesRead;
    const input = pending + chunk.text;
    if (!parser) {
      // The dialect is read from the whole header line and its line break: wait for them (a piece
      // ending in \r cannot yet tell \r from \r\n).
      const lineBreak = input.search(/[\r\n]/);
      if ((lineBreak === -1 || lineBreak === input.length - 1) && input.length < MAX_RECORD_CHARS) {
        pending = input;
        continue;
      }
      parser = makeParser(input);
    }
    const records: CsvRecord[] = [];
    pending = read(input, records, false);
    if (pending.length > MAX_RECORD_CHARS) {
      // A record that has not ended after this many characters almost surely has an unclosed quote,
      // and everything after an unclosed quote is inside it as far as CSV goes: stop here.
      records.push({ line, fields: [], problem: problem('importReason_unclosedQuoteRest') });
      yield { records, bytesRead };
      return;
    }
    yield { records, bytesRead };
  }
  if (!pending) return;
  parser ??= makeParser(pending);
  const records: CsvRecord[] = [];
  read(pending, records, true);
  yield { records, bytesRead };

  function makeParser(input: string): Papa.Parser {
    dialect = guessDialect(input);
    return new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline });
  }
}

/**
 * The first record with a stray quote (papaparse's InvalidQuotes: a quote followed by more text) that
 * spans lines, as its index in `result.data`, or -1. When not `final`, the unfinished record after the
 * last complete one (index `data.length`) counts too once it holds a line break, so a stray quote with
 * no other quote after it does not hold the rest of the file in memory. Unless the text ends in a quote
 * and spaces: papaparse also reports a closing quote whose separator has not been read yet.
 */
function strayQuoteRecord(result: PapaResult, input: string, newline: string, final: boolean): number {
  for (const error of result.errors) {
    if (error.code !== 'InvalidQuotes' || error.row === undefined) continue;
    const fields = result.data[error.row];
    if (fields) {
      if (fields.some((field) => field.includes(newline))) return error.row;
    } else if (!final && input.indexOf(newline, result.meta.cursor) !== -1 && !endsInQuote(input)) {
      return error.row;
    }
  }
  return -1;
}

function endsInQuote(text: string): boolean {
  let at = text.length - 1;
  while (at >= 0 && (text[at] === ' ' || text[at] === '\t' || text[at] === '\r' || text[at] === '\n')) at--;
  return text[at] === '"';
}

/**
 * A line's last value or text without the \r a \r\n line break leaves on it, in a file whose lines
 * end in \n (so also a \r\n row under a header ending in \n).
 */
function withoutCr(text: string, newline: '\n' | '\r'): string {
  return newline === '\n' && text.endsWith('\r') ? text.slice(0, -1) : text;
}

function isBlank(field: string): boolean {
  return field.trim() === '';
}

function countChar(text: string, char: string): number {
  let n = 0;
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) n++;
  return n;
}

/**
 * The line break is taken from the first line (the header), which in exports never holds a quoted
 * line break: \r alone for old Mac files, else \n — a \r before it is taken off the last value, so a
 * header saved with \r\n over rows with \n (or the other way round) still reads. The delimiter is the
 * one the header has most of, a comma when tied or none: spreadsheets in many locales save "CSV" with
 * semicolons, and Excel's "Unicode Text" with tabs (its column names may hold a comma).
 */
function guessDialect(input: string): Dialect {
  const lf = input.indexOf('\n');
  const cr = input.indexOf('\r');
  const newline = cr !== -1 && (lf === -1 || cr < lf) && cr + 1 !== lf ? '\r' : '\n';
  const end = input.indexOf(newline);
  const header = end === -1 ? input : input.slice(0, end);
  let delimiter = ',';
  let most = countChar(header, ',');
  for (const other of [';', '\t']) {
    const count = countChar(header, other);
    if (count > most) [delimiter, most] = [other, count];
  }
  return { newline, delimiter };
}
