/**
 * Records from JSON imports, streamed: a JSON array of objects, or NDJSON (one object per line).
 * Each record carries the 1-based line it starts on. An element that is not valid JSON, or not an
 * object, becomes a record with a `problem`; the import rejects it and goes on with the next one.
 *
 * A record longer than MAX_RECORD_CHARS is rejected the same way, and is never held whole: once it
 * has grown past the limit, the readers drop what they had of it and only look for where it ends
 * (the next line break; the end of the element, still tracking strings and nesting). Unlike CSV,
 * where a runaway quote swallows the rest of the file, both formats say unambiguously where a
 * record ends, so reading goes on with the next one.
 */
import { jsonObject, type JsonRecord, ValueEnd, type ValueKind } from './json-value';
import { type ImportReasonKey, problem } from './reasons';
import { MAX_RECORD_CHARS, RECORD_TOO_LONG, type TextChunk } from './text-chunks';

export type { JsonRecord };

export interface JsonPiece {
  records: JsonRecord[];
  bytesRead: number;
}

export async function* ndjsonRecords(chunks: AsyncIterable<TextChunk>): AsyncGenerator<JsonPiece> {
  let pending = '';
  let line = 1;
  /** The current line was already rejected as too long: drop everything up to its line break. */
  let skipping = false;
  const take = (lines: string[], records: JsonRecord[]) => {
    for (const raw of lines) {
      const length = raw.endsWith('\r') ? raw.length - 1 : raw.length;
      const text = length > MAX_RECORD_CHARS ? '' : raw.trim();
      if (length > MAX_RECORD_CHARS) records.push({ line, problem: RECORD_TOO_LONG });
      else if (text) records.push(jsonObject(text, line));
      line++;
    }
  };
  let bytesRead = 0;
  for await (const chunk of chunks) {
    bytesRead = chunk.bytesRead;
    const records: JsonRecord[] = [];
    let text = chunk.text;
    if (skipping) {
      const end = text.indexOf('\n');
      if (end === -1) {
        yield { records, bytesRead };
        continue;
      }
      text = text.slice(end + 1);
      line++;
      skipping = false;
    }
    const lines = (pending + text).split('\n');
    pending = lines.pop() ?? '';
    take(lines, records);
    // The unfinished line is already too long (one more character may be the \r of a \r\n).
    if (pending.length > MAX_RECORD_CHARS + 1) {
      records.push({ line, problem: RECORD_TOO_LONG });
      pending = '';
      skipping = true;
    }
    yield { records, bytesRead };
  }
  if (pending.trim()) {
    const records: JsonRecord[] = [];
    take([pending], records);
    yield { records, bytesRead };
  }
}

/** The reasons a JSON array stops being read with; their record is no element of the array. */
export const ARRAY_STOPS: ReadonlySet<ImportReasonKey> = new Set(['importReason_jsonNotArrayRest', 'importReason_jsonExpectedCommaRest', 'importReason_jsonTextAfterRest']);

type State = 'start' | 'expectValue' | ValueKind | 'afterValue' | 'done';

/**
 * A JSON array, element by element: a small scanner finds where each top-level element ends
 * (tracking nesting and strings) and hands only that slice to JSON.parse, so memory holds one
 * element and one piece of the file at a time.
 */
export async function* jsonArrayRecords(chunks: AsyncIterable<TextChunk>): AsyncGenerator<JsonPiece> {
  let buffer = '';
  let pos = 0;
  let line = 1;
  let state: State = 'start';
  const value = new ValueEnd();
  let elementStart = 0;
  let elementLine = 1;
  /** The element being read is already over the limit: its text is no longer kept, only scanned. */
  let tooLong = false;
  let bytesRead = 0;
  const inElement = () => state === 'inValue' || state === 'inPrimitive';

  for await (const chunk of chunks) {
    bytesRead = chunk.bytesRead;
    // Keep only what is still needed: the element being read (unless it is too long to read), or nothing.
    const keepFrom = inElement() && !tooLong ? elementStart : pos;
    buffer = buffer.slice(keepFrom) + chunk.text;
    pos -= keepFrom;
    elementStart -= keepFrom;

    const records: JsonRecord[] = [];
    const emit = (end: number) => {
      // An element found too long at the end of an earlier piece was reported then.
      if (tooLong) tooLong = false;
      else if (end - elementStart > MAX_RECORD_CHARS) records.push({ line: elementLine, problem: RECORD_TOO_LONG });
      else records.push(jsonObject(buffer.slice(elementStart, end), elementLine));
    };
    /** The file cannot be read on from here; the reason says so ("…; the rest of the file was not read"). */
    const stop = (key: ImportReasonKey, ...args: number[]) => {
      records.push({ line, problem: problem(key, ...args) });
      state = 'done';
      return records;
    };

    scan: for (; pos < buffer.length; pos++) {
      const c = buffer[pos]!;
      const space = c === ' ' || c === '\n' || c === '\r' || c === '\t';
      switch (state) {
        case 'start':
          if (space) break;
          if (c !== '[') {
            yield { records: stop('importReason_jsonNotArrayRest'), bytesRead };
            return;
          }
          state = 'expectValue';
          break;
        case 'expectValue':
          if (space) break;
          if (c === ']') {
            state = 'done';
            break;
          }
          elementStart = pos;
          elementLine = line;
          state = value.begin(c);
          break;
        case 'inValue':
          if (value.ends(c)) {
            emit(pos + 1);
            state = 'afterValue';
          }
          break;
        case 'inPrimitive':
          if (!space && c !== ',' && c !== ']') break;
          emit(pos);
          state = 'afterValue';
          pos--; // look at this character again as what follows the value
          continue scan;
        case 'afterValue':
          if (space) break;
          if (c === ',') state = 'expectValue';
          else if (c === ']') state = 'done';
          else {
            yield { records: stop('importReason_jsonExpectedCommaRest', line), bytesRead };
            return;
          }
          break;
        case 'done':
          if (space) break;
          yield { records: stop('importReason_jsonTextAfterRest', line), bytesRead };
          return;
      }
      if (c === '\n') line++;
    }
    // Checked once per piece, not per character: the buffer holds at most the limit and one piece.
    // The element is reported at once; its end is still looked for, and the next one read.
    if (inElement() && !tooLong && buffer.length - elementStart > MAX_RECORD_CHARS) {
      records.push({ line: elementLine, problem: RECORD_TOO_LONG });
      tooLong = true;
    }
    yield { records, bytesRead };
  }
  // The file ended inside an element (a cut-off download): that element is lost, and said so.
  if (inElement() && !tooLong) {
    yield { records: [{ line: elementLine, problem: problem('importReason_jsonEndsInside') }], bytesRead };
  }
}
