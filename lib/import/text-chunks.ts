/**
 * Reads a file as text, one slice at a time, so a 50 MB export never sits in memory whole.
 * Slicing the Blob ourselves (rather than `blob.stream()`) bounds each read the same way in every
 * browser and test environment. The decoder runs in streaming mode, so a multi-byte character
 * split between two slices is joined correctly; a leading byte order mark is dropped by the decoder.
 */
import { ImportFormatError } from './formats';
import { problem } from './reasons';

export interface TextChunk {
  text: string;
  /** Bytes of the source consumed so far, for progress. */
  bytesRead: number;
}

/**
 * The largest record (CSV row, JSON array element, NDJSON line) a reader holds, in characters: about
 * 1 MB. Canonical rows are a few hundred characters; anything near this is broken or hostile, and is
 * rejected without being kept whole in memory.
 */
export const MAX_RECORD_CHARS = 1_000_000;

/** "longer than 1,000,000 characters (the limit for one record)" */
export const RECORD_TOO_LONG = problem('importReason_recordTooLong', MAX_RECORD_CHARS);

/**
 * Read and parsed in one go between yields to the page: 64 KB is ~600 canonical rows, a few ms of
 * parsing, so an import never holds the main thread long.
 */
export const SLICE_BYTES = 64 * 1024;

export async function* blobChunks(blob: Blob, sliceBytes = SLICE_BYTES): AsyncGenerator<TextChunk> {
  const decoder = new FileDecoder();
  for (let at = 0; at < blob.size; at += sliceBytes) {
    const bytes = new Uint8Array(await blob.slice(at, at + sliceBytes).arrayBuffer());
    const text = decoder.decode(bytes);
    if (text) yield { text, bytesRead: Math.min(blob.size, at + sliceBytes) };
  }
  const rest = decoder.decode(new Uint8Array(0), true);
  if (rest) yield { text: rest, bytesRead: blob.size };
}

/** The longest UTF-8 sequence: this many bytes from the first non-ASCII one tell whether it is UTF-8. */
const MAX_SEQUENCE_BYTES = 4;

/**
 * A file's bytes as text: UTF-8, or Windows' ANSI code page (windows-1252), which Excel on Windows
 * writes for "CSV (Comma delimited)". The two agree on ASCII, so the first piece with other bytes
 * decides: UTF-8 if that piece is valid UTF-8, else windows-1252. Everything before it was ASCII and
 * reads the same either way, so however far into the file the first "é" is, nothing is read twice.
 *
 * A file found to be UTF-8 that later holds bytes that are not (two files pasted together) stops the
 * import with a reason rather than storing names with "�" in them.
 */
export class FileDecoder {
  private decoder: TextDecoder | undefined;
  /** Undecided: the first non-ASCII bytes, when a piece ended too soon after them to tell. */
  private held = new Uint8Array(0);

  /** The text of the next bytes; `end` once the file has no more. */
  decode(next: Uint8Array, end = false): string {
    if (this.decoder) return this.continue(this.decoder, next, end);
    const bytes = this.held.length ? concat(this.held, next) : next;
    this.held = new Uint8Array(0);
    const first = bytes.findIndex((byte) => byte > 0x7f);
    if (first === -1) return ASCII.decode(bytes);
    if (!end && bytes.length - first < MAX_SEQUENCE_BYTES) {
      this.held = bytes.slice(first);
      return ASCII.decode(bytes.subarray(0, first));
    }
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    try {
      const text = utf8.decode(bytes, { stream: !end });
      this.decoder = utf8;
      return text;
    } catch {
      this.decoder = new TextDecoder('windows-1252');
      return this.decoder.decode(bytes, { stream: !end });
    }
  }

  private continue(decoder: TextDecoder, bytes: Uint8Array, end: boolean): string {
    try {
      return decoder.decode(bytes, { stream: !end });
    } catch {
      throw new ImportFormatError(problem('importFormat_mixedEncoding'));
    }
  }
}

const ASCII = new TextDecoder('utf-8');

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** The same for text already in memory (tests, the demo set): pieces of `size` characters, counted as "bytes". */
export async function* stringChunks(text: string, size = 256 * 1024): AsyncGenerator<TextChunk> {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let at = 0; at < body.length; at += size) {
    const piece = body.slice(at, at + size);
    yield { text: piece, bytesRead: at + piece.length };
  }
}
