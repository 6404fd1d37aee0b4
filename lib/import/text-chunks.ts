/**
 * Reads a file as text, one piece at a time, so a 50 MB export never sits in memory whole.
 * The decoder runs in streaming mode: a multi-byte character split between two reads is joined
 * correctly (slicing the Blob and decoding each slice alone would break it). A leading byte order
 * mark is dropped by the decoder.
 */
export interface TextChunk {
  text: string;
  /** Bytes of the source consumed so far, for progress. */
  bytesRead: number;
}

export async function* blobChunks(blob: Blob): AsyncGenerator<TextChunk> {
  const decoder = new TextDecoder('utf-8');
  const reader = blob.stream().getReader();
  let bytesRead = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytesRead += value.byteLength;
      const text = decoder.decode(value, { stream: true });
      if (text) yield { text, bytesRead };
    }
    const rest = decoder.decode();
    if (rest) yield { text: rest, bytesRead };
  } finally {
    // Stopped early (cancelled, or the format was refused): let the browser stop reading the file.
    await reader.cancel().catch(() => undefined);
  }
}

/** The same for text already in memory (tests, the demo set): pieces of `size` characters, counted as "bytes". */
export async function* stringChunks(text: string, size = 256 * 1024): AsyncGenerator<TextChunk> {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let at = 0; at < body.length; at += size) {
    const piece = body.slice(at, at + size);
    yield { text: piece, bytesRead: at + piece.length };
  }
}
