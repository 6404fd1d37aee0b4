/**
 * The content script's detector, loaded into a fixture page's main world on its own: the same
 * `detect` and `watchPage` (with the content script's default debounce) the extension runs, minus
 * messaging and the sidebar, so their cost and latency can be timed apart from the rest.
 */
import { detect, observationRoot, watchPage } from '@/lib/detect';

/** Times a first scan of the page (cold code, as the content script's first scan) and `runs` more. */
function timeScans(runs: number): { coldMs: number; ms: number[]; candidates: number; selfAddresses: number } {
  const coldStart = performance.now();
  let last = detect(document, location.href);
  const coldMs = performance.now() - coldStart;
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    last = detect(document, location.href);
    ms.push(performance.now() - started);
  }
  return { coldMs, ms, candidates: last.candidates.length, selfAddresses: last.selfAddresses.length };
}

/** When each key was first detected: watchPage → detect, as lib/content/main.ts wires them. */
const firstSeen: Record<string, number> = {};
const watching = new AbortController();

function startWatching(): void {
  const site = detect(document, location.href).site;
  if (!site) throw new Error('not a supported page');
  watchPage({
    root: observationRoot(site, document),
    signal: watching.signal,
    onChange: () => {
      const found = detect(document, location.href);
      const at = performance.now();
      for (const c of found.candidates) firstSeen[c.key] ??= at;
    },
  });
}

Object.assign(globalThis, { PLDetect: { timeScans, startWatching, stopWatching: () => watching.abort(), firstSeen } });
