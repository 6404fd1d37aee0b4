/**
 * FNV-1a, 64 bits, computed in two 32-bit halves (JavaScript numbers are exact only to 2^53, and
 * BigInt is slow in a loop that runs for every imported row). Not cryptographic: it only has to give
 * the same id to the same row every time, with collisions unlikely among millions of events.
 * Text is fed as UTF-8 (each UTF-16 code unit on its own, so surrogate pairs need no special case),
 * which makes ASCII input agree with the published FNV-1a test vectors.
 */
const PRIME_LOW = 0x1b3; // the FNV-64 prime is 2^40 + 0x1b3

// The running state, as two unsigned 32-bit halves. Module state keeps `feed` free of allocations
// so the engine can inline it; `fnv1a64` is synchronous, so no two calls interleave.
let hi = 0;
let lo = 0;

/** state = (state XOR byte) × prime, mod 2^64, in 32-bit integer arithmetic only. */
function feed(byte: number): void {
  const x = (lo ^ byte) >>> 0;
  const a = (x & 0xffff) * PRIME_LOW; // < 2^25
  const b = (x >>> 16) * PRIME_LOW + (a >>> 16); // < 2^26
  lo = (((b & 0xffff) << 16) | (a & 0xffff)) >>> 0;
  // hi × prime_low, the carry out of lo, and x × 2^40 (which lands in hi as x << 8).
  hi = (Math.imul(hi, PRIME_LOW) + (b >>> 16) + (x << 8)) >>> 0;
}

export function fnv1a64(text: string): string {
  // Offset basis 0xcbf29ce484222325.
  hi = 0xcbf29ce4;
  lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      feed(unit);
    } else if (unit < 0x800) {
      feed(0xc0 | (unit >> 6));
      feed(0x80 | (unit & 0x3f));
    } else {
      feed(0xe0 | (unit >> 12));
      feed(0x80 | ((unit >> 6) & 0x3f));
      feed(0x80 | (unit & 0x3f));
    }
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
