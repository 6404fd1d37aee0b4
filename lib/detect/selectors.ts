/*
 * How adapters find things. Each site keeps its selectors in one constant of `Finder`s: a precise
 * selector from a real capture (with the date it was seen and an example of the markup) and a looser
 * fallback built on semantic attributes, so a redesign that renames build-hashed classes degrades
 * detection instead of ending it.
 */

export interface Finder {
  precise: string;
  fallback: string;
  /** When the precise markup was last seen on the real site (YYYY-MM). */
  seen: string;
  example: string;
}

type Root = Document | Element;

/** Every precise match; when there is none, every fallback match. */
export function findAll(root: Root, finder: Finder): Element[] {
  const precise = root.querySelectorAll(finder.precise);
  return Array.from(precise.length > 0 ? precise : root.querySelectorAll(finder.fallback));
}

/** The first precise match, else the first fallback match. */
export function findFirst(root: Root, finder: Finder): Element | null {
  return root.querySelector(finder.precise) ?? root.querySelector(finder.fallback);
}

/** The trimmed text of an element, or undefined when it has none. */
export function textOf(element: Element | null | undefined): string | undefined {
  return element?.textContent?.trim() || undefined;
}
