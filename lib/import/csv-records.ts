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
 * are not records but still count as lines.
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

export async function* csvRecords(chunks: AsyncIterable<TextChunk>): AsyncGenerator<CsvPiece> {
  let parser: Papa.Parser | undefined;
  let lineBreakChar = '\n';
  let pending = '';
  let line = 1;
  let bytesRead = 0;

  const take = (result: PapaResult): CsvRecord[] => {
    const broken = new Map<number, ImportProblem>();
    for (const error of result.errors) {
      if (error.row === undefined) continue;
      broken.set(error.row, problem(error.code === 'MissingQuotes' ? 'importReason_unclosedQuote' : 'importReason_malformedQuote'));
    }
    const records: CsvRecord[] = [];
    result.data.forEach((fields, i) => {
      const start = line;
      for (const field of fields) line += countChar(field, lineBreakChar);
      line++;
      const problem = broken.get(i);
      if (fields.length === 1 && fields[0] === '' && !problem) return; // a blank line
      // An export or a rejected-rows file of ours guards formulas with an apostrophe (lib/data/csv.ts).
      const values = fields.map(unguardFormula);
      records.push(problem ? { line: start, fields: values, problem } : { line: start, fields: values });
    });
    return records;
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
    const result = parser.parse(input, 0, true) as PapaResult;
    pending = input.slice(result.meta.cursor);
    if (pending.length > MAX_RECORD_CHARS) {
      // A record that has not ended after this many characters almost surely has an unclosed quote,
      // and everything after an unclosed quote is inside it as far as CSV goes: stop here.
      yield { records: [...take(result), { line, fields: [], problem: problem('importReason_unclosedQuoteRest') }], bytesRead };
      return;
    }
    yield { records: take(result), bytesRead };
  }
  if (!pending) return;
  parser ??= makeParser(pending);
  yield { records: take(parser.parse(pending, 0, false) as PapaResult), bytesRead };

  function makeParser(input: string): Papa.Parser {
    const dialect = guessDialect(input);
    lineBreakChar = dialect.newline === '\r' ? '\r' : '\n';
    return new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline });
  }
}

function countChar(text: string, char: string): number {
  let n = 0;
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) n++;
  return n;
}

/**
 * The line break is taken from the first line (the header), which in exports never holds a quoted
 * line break. The delimiter is a comma unless the header has none but has semicolons or tabs
 * (spreadsheets in many locales save "CSV" with semicolons).
 */
function guessDialect(input: string): { newline: '\n' | '\r\n' | '\r'; delimiter: string } {
  const lf = input.indexOf('\n');
  const cr = input.indexOf('\r');
  let newline: '\n' | '\r\n' | '\r' = '\n';
  if (cr !== -1 && (lf === -1 || cr < lf)) newline = cr + 1 === lf ? '\r\n' : '\r';
  const end = input.indexOf(newline);
  const header = end === -1 ? input : input.slice(0, end);
  const delimiter = header.includes(',') ? ',' : header.includes(';') ? ';' : header.includes('\t') ? '\t' : ',';
  return { newline, delimiter };
}
