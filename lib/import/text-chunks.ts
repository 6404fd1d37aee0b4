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
  const decoder = new TextDecoder('utf-8');
  for (let at = 0; at < blob.size; at += sliceBytes) {
    const bytes = new Uint8Array(await blob.slice(at, at + sliceBytes).arrayBuffer());
    const text = decoder.decode(bytes, { stream: true });
    if (text) yield { text, bytesRead: Math.min(blob.size, at + sliceBytes) };
  }
  const rest = decoder.decode();
  if (rest) yield { text: rest, bytesRead: blob.size };
}

/** The same for text already in memory (tests, the demo set): pieces of `size` characters, counted as "bytes". */
export async function* stringChunks(text: string, size = 256 * 1024): AsyncGenerator<TextChunk> {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let at = 0; at < body.length; at += size) {
    const piece = body.slice(at, at + size);
    yield { text: piece, bytesRead: at + piece.length };
  }
}
