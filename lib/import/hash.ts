/**
 * FNV-1a, 64 bits, computed in two 32-bit halves (JavaScript numbers are exact only to 2^53, and
 * BigInt is slow in a loop that runs for every imported row). Not cryptographic: it only has to give
 * the same id to the same row every time, with collisions unlikely among millions of events.
 * Text is fed as UTF-8 (each UTF-16 code unit on its own, so surrogate pairs need no special case),
 * which makes ASCII input agree with the published FNV-1a test vectors.
 */
const PRIME_LOW = 0x1b3; // the FNV-64 prime is 2^40 + 0x1b3
const TWO_32 = 0x1_0000_0000;

export function fnv1a64(text: string): string {
  // Offset basis 0xcbf29ce484222325.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const feed = (byte: number): void => {
    lo = (lo ^ byte) >>> 0;
    // (hi·2^32 + lo) × (2^40 + 0x1b3) mod 2^64; every partial product stays below 2^53.
    const low = lo * PRIME_LOW;
    hi = (hi * PRIME_LOW + Math.floor(low / TWO_32) + ((lo << 8) >>> 0)) % TWO_32;
    lo = low % TWO_32;
  };
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
