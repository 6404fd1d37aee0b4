/**
 * Order statistics for benchmark samples. Percentiles use the nearest-rank method, so a p95 is always
 * a value that was actually measured (with 15 samples, p95 is the largest).
 */

export function percentile(samples, p) {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** n, min, p50, p95, max and mean of a list of numbers. */
export function summarise(samples) {
  if (samples.length === 0) return { n: 0, min: null, p50: null, p95: null, max: null, mean: null };
  return {
    n: samples.length,
    min: Math.min(...samples),
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    max: Math.max(...samples),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
  };
}

/** Rounds every number in a JSON-able value to `digits` decimals, for readable result files. */
export function rounded(value, digits = 3) {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toFixed(digits));
  if (Array.isArray(value)) return value.map((v) => rounded(v, digits));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v, digits)]));
  return value;
}
