/**
 * The elements of an "Export everything" file (lib/data/export.ts), streamed:
 * `{"format":"prospect-lens-export","version":1,"exportedAt":…,"prospects":[…],"events":[…],"actions":[…]}`.
 * A small scanner walks the outer object and hands each element of the three lists, alone, to
 * JSON.parse, as json-records.ts does for a JSON array (both find where a value ends with
 * json-value.ts): memory holds one element and one piece of the file, however large the export. An
 * element that is not valid JSON, not an object or too long is a record with a problem; the restore
 * rejects it and goes on with the next one.
 */
import { z } from '../model/zod';
import { jsonObject, ValueEnd, type ValueKind } from './json-value';
import { type ImportProblem, problem } from './reasons';
import { type RestoreProblem, restoreProblem } from './restore-reasons';
import { MAX_RECORD_CHARS, RECORD_TOO_LONG, type TextChunk } from './text-chunks';

export const EXPORT_FORMAT = 'prospect-lens-export';
/** The newest layout this restore reads; export.ts writes it. */
export const EXPORT_VERSION = 1;

export const SECTIONS = ['prospects', 'events', 'actions'] as const;
export type Section = (typeof SECTIONS)[number];

/** The outer object's other keys, read and checked, not restored. */
const HEADER_KEYS = new Set(['format', 'version', 'exportedAt']);

export interface ExportElement {
  /** Absent on a problem with the file itself (it stops the reading). */
  section?: Section;
  /** 0-based place in its list: an export is one line, so the line alone does not find it. */
  index: number;
  line: number;
  value?: Record<string, unknown>;
  problem?: ImportProblem | RestoreProblem;
}

export interface ExportPiece {
  elements: ExportElement[];
  bytesRead: number;
  /** Keys of the outer object this restore does not read, as spelled there. */
  unknownKeys: string[];
  /**
   * When the file was exported, in the piece that read it (export.ts writes it before the lists). Not
   * set when it is not a date: the restore then knows no date for what the file says (restore.ts).
   */
  exportedAt?: string;
}

const Instant = z.iso.datetime({ offset: true });

/** Whether a file starts as export.ts writes one: its first key is `"format": "prospect-lens-export"`. */
export function isExportStart(start: string): boolean {
  return /^\s*\{\s*"format"\s*:\s*"prospect-lens-export"/.test(start);
}

type State = 'start' | 'key' | 'inKey' | 'colon' | 'value' | 'element' | 'afterElement' | ValueKind | 'afterValue' | 'done';

export async function* exportElements(chunks: AsyncIterable<TextChunk>): AsyncGenerator<ExportPiece> {
  let buffer = '';
  let pos = 0;
  let line = 1;
  let state: State = 'start';
  /** Where the key or value being read ends. */
  const value = new ValueEnd();
  let start = 0;
  let startLine = 1;
  let tooLong = false;
  let key = '';
  /** The list being read; undefined while a value of the outer object is. */
  let section: Section | undefined;
  const index: Record<Section, number> = { prospects: 0, events: 0, actions: 0 };
  let bytesRead = 0;
  /** Whether the text from `start` is still needed: a key or value being read. */
  const reading = () => state === 'inKey' || state === 'inValue' || state === 'inPrimitive';

  for await (const chunk of chunks) {
    bytesRead = chunk.bytesRead;
    const keepFrom = reading() && !tooLong ? start : pos;
    buffer = buffer.slice(keepFrom) + chunk.text;
    pos -= keepFrom;
    start -= keepFrom;

    const elements: ExportElement[] = [];
    const unknownKeys: string[] = [];
    let exportedAt: string | undefined;
    const stop = (found: ExportElement['problem']) => {
      elements.push({ index: 0, line, problem: found });
      state = 'done';
    };
    /** A value ended at `end`: an element of a list, or a value of the outer object. */
    const ended = (end: number): boolean => {
      const long = tooLong || end - start > MAX_RECORD_CHARS;
      const reported = tooLong;
      tooLong = false;
      if (section) {
        const at = index[section]++;
        if (reported) return true;
        elements.push(long ? { section, index: at, line: startLine, problem: RECORD_TOO_LONG } : { section, index: at, ...jsonObject(buffer.slice(start, end), startLine) });
        return true;
      }
      if (!HEADER_KEYS.has(key)) return true;
      const value = long ? undefined : parseOr(buffer.slice(start, end));
      if (key === 'format' && value !== EXPORT_FORMAT) stop(restoreProblem('restoreReason_notExportRest', startLine));
      // A newer layout may mean something else by the same fields: nothing of it is guessed at.
      else if (key === 'version' && typeof value === 'number' && value > EXPORT_VERSION) stop(restoreProblem('restoreReason_newerVersionRest', value));
      else if (key === 'version' && value !== EXPORT_VERSION) stop(restoreProblem('restoreReason_notExportRest', startLine));
      else if (key === 'exportedAt' && Instant.safeParse(value).success) exportedAt = value as string;
      return state !== 'done';
    };

    scan: for (; pos < buffer.length; pos++) {
      const c = buffer[pos]!;
      const space = c === ' ' || c === '\n' || c === '\r' || c === '\t';
      switch (state) {
        case 'start':
          if (space) break;
          if (c !== '{') {
            stop(restoreProblem('restoreReason_notExportRest', line));
            break scan;
          }
          state = 'key';
          break;
        case 'key':
          if (space) break;
          if (c === '}') state = 'done';
          else if (c === '"') {
            // A key is a string: where it ends is found as for any value.
            start = pos;
            value.begin(c);
            state = 'inKey';
          } else {
            stop(restoreProblem('restoreReason_notExportRest', line));
            break scan;
          }
          break;
        case 'inKey':
          if (value.ends(c)) {
            const name = parseOr(buffer.slice(start, pos + 1));
            key = typeof name === 'string' ? name : '';
            state = 'colon';
          } else if (pos - start > 200) {
            // No key of an export is this long.
            stop(restoreProblem('restoreReason_notExportRest', line));
            break scan;
          }
          break;
        case 'colon':
          if (space) break;
          if (c !== ':') {
            stop(restoreProblem('restoreReason_notExportRest', line));
            break scan;
          }
          state = 'value';
          break;
        case 'value':
          if (space) break;
          section = (SECTIONS as readonly string[]).includes(key) ? (key as Section) : undefined;
          if (section) {
            if (c !== '[') {
              stop(restoreProblem('restoreReason_notExportRest', line));
              break scan;
            }
            state = 'element';
            break;
          }
          if (!HEADER_KEYS.has(key)) unknownKeys.push(key);
          state = begin(c);
          break;
        case 'element':
          if (space) break;
          if (c === ']') {
            section = undefined;
            state = 'afterValue';
            break;
          }
          state = begin(c);
          break;
        case 'inValue':
          if (value.ends(c)) {
            if (!ended(pos + 1)) break scan;
            state = section ? 'afterElement' : 'afterValue';
          }
          break;
        case 'inPrimitive':
          if (!space && c !== ',' && c !== ']' && c !== '}') break;
          if (!ended(pos)) break scan;
          state = section ? 'afterElement' : 'afterValue';
          pos--; // look at this character again as what follows the value
          continue scan;
        case 'afterElement':
          if (space) break;
          if (c === ',') state = 'element';
          else if (c === ']') {
            section = undefined;
            state = 'afterValue';
          } else {
            stop(problem('importReason_jsonExpectedCommaRest', line));
            break scan;
          }
          break;
        case 'afterValue':
          if (space) break;
          if (c === ',') state = 'key';
          else if (c === '}') state = 'done';
          else {
            stop(restoreProblem('restoreReason_notExportRest', line));
            break scan;
          }
          break;
        case 'done':
          if (space) break;
          stop(problem('importReason_jsonTextAfterRest', line));
          break scan;
      }
      if (c === '\n') line++;
    }
    if (state === 'done' && pos < buffer.length) {
      // Stopped: the rest of the file is not read.
      yield { elements, bytesRead, unknownKeys, exportedAt };
      return;
    }
    // Checked once per piece: an element over the limit is reported at once (it counts where it ends,
    // `ended`), and its end still looked for; so is that of a value of a key this restore does not read.
    if (reading() && !tooLong && buffer.length - start > MAX_RECORD_CHARS) {
      if (section) elements.push({ section, index: index[section], line: startLine, problem: RECORD_TOO_LONG });
      else if (state === 'inKey' || HEADER_KEYS.has(key)) {
        // The format, version or date this long is no export's.
        stop(restoreProblem('restoreReason_notExportRest', startLine));
        yield { elements, bytesRead, unknownKeys, exportedAt };
        return;
      }
      tooLong = true;
    }
    yield { elements, bytesRead, unknownKeys, exportedAt };
  }
  // (`stop` sets the state too, which the compiler does not follow.)
  if ((state as State) === 'done') return;
  // A cut-off download: the element it ends in is lost, and so is every one after it. Said so.
  const last: ExportElement =
    section && reading() && !tooLong
      ? { section, index: index[section], line: startLine, problem: problem('importReason_jsonEndsInside') }
      : { index: 0, line, problem: restoreProblem('restoreReason_cutOff') };
  yield { elements: [last], bytesRead, unknownKeys: [] };

  /** Starts reading a value at `pos` whose first character is `c`. */
  function begin(c: string): State {
    start = pos;
    startLine = line;
    return value.begin(c);
  }
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
