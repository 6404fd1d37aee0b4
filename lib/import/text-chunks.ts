/**
 * Reads a file as text, one slice at a time, so a 50 MB export never sits in memory whole.
 * Slicing the Blob ourselves (rather than `blob.stream()`) bounds each read the same way in every
 * browser and test environment. The decoder runs in streaming mode, so a multi-byte character
 * split between two slices is joined correctly; a leading byte order mark is dropped by the decoder.
 */
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

/**
 * A file's bytes as text: UTF-8, or Windows' ANSI code page (windows-1252), which Excel on Windows
 * writes for "CSV (Comma delimited)". The two agree on ASCII, so the first character that is not ASCII
 * decides: UTF-8 if its bytes are a UTF-8 sequence (an "é" in windows-1252 is one byte followed by
 * ASCII, never one), else windows-1252. Everything before it was ASCII and reads the same either way, so
 * however far into the file the first "é" is, nothing is read twice.
 *
 * Only that first character decides: a UTF-8 file with a stray byte further on (a CRM export cut
 * mid-character) stays UTF-8, and that byte reads as "�", as any browser shows it.
 *
 * A file that starts with a UTF-16 byte order mark (FF FE or FE FF: Excel's "Unicode Text", tab
 * separated) is UTF-16; read as windows-1252 it would be a header of letters and NUL bytes, and the rep
 * would be told that the file has no email column.
 */
export class FileDecoder {
  private decoder: TextDecoder | undefined;
  /**
   * Undecided: the first non-ASCII bytes, when a piece ended before their sequence did; or a first
   * byte, until the second tells whether they are a UTF-16 byte order mark.
   */
  private held: Uint8Array = new Uint8Array(0);
  private bomRead = false;

  /** The text of the next bytes; `end` once the file has no more. */
  decode(next: Uint8Array, end = false): string {
    if (this.decoder) return this.decoder.decode(next, { stream: !end });
    const bytes = this.held.length ? concat(this.held, next) : next;
    this.held = new Uint8Array(0);
    if (!this.bomRead) {
      if (bytes.length < 2 && !end) {
        this.held = bytes.slice();
        return '';
      }
      this.bomRead = true;
      const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
      if (utf16) {
        this.decoder = new TextDecoder(utf16);
        return this.decoder.decode(bytes, { stream: !end });
      }
    }
    const first = bytes.findIndex((byte) => byte > 0x7f);
    if (first === -1) return ASCII.decode(bytes);
    const length = sequenceLength(bytes[first]!);
    if (!end && bytes.length - first < length) {
      this.held = bytes.slice(first);
      return ASCII.decode(bytes.subarray(0, first));
    }
    this.decoder = new TextDecoder(isUtf8(bytes.subarray(first, first + length)) ? 'utf-8' : 'windows-1252');
    return this.decoder.decode(bytes, { stream: !end });
  }
}

/** How many bytes a UTF-8 sequence with this lead byte has; 1 for a byte that starts none. */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 1;
}

function isUtf8(sequence: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sequence);
    return true;
  } catch {
    return false;
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
