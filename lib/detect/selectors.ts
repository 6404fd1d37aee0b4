/*
 * How adapters find things. Each site keeps its selectors in one constant of `Finder`s: a precise
 * selector from a real capture (with the date it was seen and an example of the markup) and a looser
 * fallback built on semantic attributes, so a redesign that renames build-hashed classes degrades
 * detection instead of ending it.
 */

export interface Finder {
  /** A selector or a comma-separated list; no comma may appear inside brackets or quotes. */
  precise: string;
  fallback: string;
  /** When the precise markup was last seen on the real site (YYYY-MM). */
  seen: string;
  example: string;
}

import { precedes, queryAll, type QueryRoot } from './dom';

type Root = QueryRoot;

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
  return precise.length > 0 ? precise : queryEach(root, finder.fallback);
}

/** The first match of a selector list in document order. */
export function queryFirst(root: Root, selectors: string): Element | null {
  return queryEach(root, selectors)[0] ?? null;
}

/** The first precise match, else the first fallback match. */
export function findFirst(root: Root, finder: Finder): Element | null {
  return queryFirst(root, finder.precise) ?? queryFirst(root, finder.fallback);
}

/** The trimmed text of an element, or undefined when it has none. */
export function textOf(element: Element | null | undefined): string | undefined {
  return element?.textContent?.trim() || undefined;
}
