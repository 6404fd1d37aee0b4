/*
 * How adapters find things. Each site keeps its selectors in one constant of `Finder`s: a precise
 * selector from a real capture (with the date it was seen, and an example of the markup in a comment
 * beside it — comments stay out of the content script, which is measured against a size budget) and
 * a looser fallback built on semantic attributes, so a redesign that renames build-hashed classes
 * degrades detection instead of ending it.
 */

export interface Finder {
  /** A selector or a comma-separated list; no comma may appear inside brackets or quotes. */
  precise: string;
  fallback: string;
  /** When the precise markup was last seen on the real site (YYYY-MM). */
  seen: string;
}

import { precedes, queryAll, type QueryRoot } from './dom';

type Root = QueryRoot;

/** How a finder matched in one scan: its precise selector (at least once), or only its fallback. */
export type FinderHit = 'precise' | 'fallback';

/**
 * The finders that matched during the scan running now (`recordHits`), or null outside one. A scan is
 * synchronous, so one slot is enough. Drift shows here first: a precise selector that stops matching
 * leaves its finder answering from the fallback (docs/architecture.md, "Detection health").
 */
let hits: Map<Finder, FinderHit> | null = null;

function note(finder: Finder, how: FinderHit): void {
  if (hits && hits.get(finder) !== 'precise') hits.set(finder, how);
}

/** Runs one scan and returns what it found with how each finder that matched did. */
export function recordHits<T>(scan: () => T): { result: T; hits: Map<Finder, FinderHit> } {
  const outer = hits;
  const mine = new Map<Finder, FinderHit>();
  hits = mine;
  try {
    return { result: scan(), hits: mine };
  } finally {
    hits = outer;
  }
}

/**
 * A selector list runs one selector at a time. Browsers answer a single selector from their class
 * and tag indexes but walk the whole tree for a list: on the 1,000-row inbox fixture in Chromium,
 * `div.adn, div.kv, div.kQ` took 1.4 ms and each of its parts 0.07 ms.
 */
function queryEach(root: Root, selectors: string): Element[] {
  const parts = selectors.split(',');
  if (parts.length === 1) return Array.from(queryAll(root, selectors));
  const found = new Set<Element>();
  for (const part of parts) for (const element of queryAll(root, part)) found.add(element);
  // Back into document order: the first sighting of a person decides their role.
  return [...found].sort((a, b) => (precedes(a, b) ? -1 : 1));
}

/** Every precise match; when there is none, every fallback match. */
export function findAll(root: Root, finder: Finder): Element[] {
  const precise = queryEach(root, finder.precise);
  if (precise.length > 0) {
    note(finder, 'precise');
    return precise;
  }
  const fallback = queryEach(root, finder.fallback);
  if (fallback.length > 0) note(finder, 'fallback');
  return fallback;
}

/** The first match of a selector list in document order. */
export function queryFirst(root: Root, selectors: string): Element | null {
  return queryEach(root, selectors)[0] ?? null;
}

/** The first precise match, else the first fallback match. */
export function findFirst(root: Root, finder: Finder): Element | null {
  return findPrecise(root, finder) ?? findFallback(root, finder);
}

/** The first precise match, counted for detection health (for adapters that try other sources in between). */
export function findPrecise(root: Root, finder: Finder): Element | null {
  const found = queryFirst(root, finder.precise);
  if (found) note(finder, 'precise');
  return found;
}

/** The first fallback match, counted for detection health. */
export function findFallback(root: Root, finder: Finder): Element | null {
  const found = queryFirst(root, finder.fallback);
  if (found) note(finder, 'fallback');
  return found;
}

/** The trimmed text of an element, or undefined when it has none. */
export function textOf(element: Element | null | undefined): string | undefined {
  return element?.textContent?.trim() || undefined;
}
