/** Seeded randomness for synthetic data: the same seed gives the same data set on every run. */

/** mulberry32: a small, fast 32-bit PRNG; plenty for spreading synthetic events. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws ranks 1..n with P(rank) ∝ 1 / rank^s (Zipf). With s = 1 and 50k prospects the busiest
 * prospect gets about 9% of all events and half of them get fewer than 4 in a million.
 */
export function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cdf = cumulativeWeights(n, s);
  const total = cdf[n - 1]!;
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

const cdfs = new Map<string, Float64Array>();

/** Running sums of 1 / rank^s, kept: a data set draws from the same distribution batch after batch. */
function cumulativeWeights(n: number, s: number): Float64Array {
  const id = `${n}:${s}`;
  let cdf = cdfs.get(id);
  if (!cdf) {
    cdf = new Float64Array(n);
    let total = 0;
    for (let rank = 1; rank <= n; rank++) cdf[rank - 1] = total += 1 / rank ** s;
    cdfs.set(id, cdf);
  }
  return cdf;
}
