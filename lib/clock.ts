/**
 * All code reads the time through here so tests (and the demo data) can control it.
 */
let current: () => number = () => Date.now();

export const clock = {
  now: (): number => current(),
  iso: (): string => new Date(current()).toISOString(),
};

/** Tests only: fix or move the clock. Returns a function that restores the real one. */
export function setClock(fn: () => number): () => void {
  const previous = current;
  current = fn;
  return () => {
    current = previous;
  };
}
