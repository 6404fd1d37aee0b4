/*
 * DOM reads a page cannot clobber. In a browser a named element (`<form name="querySelectorAll">`,
 * `<img name="title">`) shadows that property on `document`, and a form's named controls shadow
 * the form's own properties, so detection never calls a method or reads a property off the page's
 * objects: it goes through the prototypes, which named elements never touch.
 *
 * Methods are read off the prototype on each call (one property lookup, nothing measurable) rather
 * than captured at load, so tests that instrument the prototypes still see every query.
 */

export type QueryRoot = Document | Element | DocumentFragment;

/** The accessor that defines `name` on `proto` or the nearest prototype above it. */
function getter<T>(proto: object, name: string): (this: unknown) => T {
  for (let p: object | null = proto; p; p = Object.getPrototypeOf(p)) {
    const get = Object.getOwnPropertyDescriptor(p, name)?.get;
    if (get) return get as (this: unknown) => T;
  }
  throw new Error(`No accessor ${name}`);
}

// Captured at load: page readers run only where there is a DOM. The worker has none, and the key
// rules it needs live in lib/identity; scripts/check-boundaries.mjs keeps lib/detect out of it.
const nodeTypeGetter = getter<number>(Node.prototype, 'nodeType');
const titleGetter = getter<string>(Document.prototype, 'title');
const bodyGetter = getter<HTMLElement | null>(Document.prototype, 'body');
const rootGetter = getter<HTMLElement | null>(Document.prototype, 'documentElement');
const ownerDocumentGetter = getter<Document | null>(Node.prototype, 'ownerDocument');
const implementationGetter = getter<DOMImplementation>(Document.prototype, 'implementation');

/** The prototype whose query methods apply to root. */
function owner(root: QueryRoot): Document | Element | DocumentFragment {
  switch (nodeTypeGetter.call(root)) {
    case Node.DOCUMENT_NODE:
      return Document.prototype;
    case Node.DOCUMENT_FRAGMENT_NODE:
      return DocumentFragment.prototype;
    default:
      return Element.prototype;
  }
}

export function queryAll(root: QueryRoot, selector: string): NodeListOf<Element> {
  return owner(root).querySelectorAll.call(root, selector);
}

export function queryOne(root: QueryRoot, selector: string): Element | null {
  return owner(root).querySelector.call(root, selector);
}

export function matches(element: Element, selector: string): boolean {
  return Element.prototype.matches.call(element, selector);
}

export function closest(element: Element, selector: string): Element | null {
  return Element.prototype.closest.call(element, selector);
}

/** Whether a comes before b in the document (what `compareDocumentPosition` says). */
export function precedes(a: Node, b: Node): boolean {
  return (Node.prototype.compareDocumentPosition.call(a, b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
}

export function documentTitle(document: Document): string {
  return titleGetter.call(document);
}

export function documentBody(document: Document): HTMLElement | null {
  return bodyGetter.call(document);
}

export function documentRoot(document: Document): HTMLElement | null {
  return rootGetter.call(document);
}

/** The document `node` belongs to (itself for a document). */
export function ownerDocumentOf(node: Node): Document {
  return nodeTypeGetter.call(node) === Node.DOCUMENT_NODE ? (node as Document) : ownerDocumentGetter.call(node)!;
}

/** `document.createTreeWalker(root, …)` for root's document, which a page cannot replace. */
export function treeWalker(root: Node, whatToShow: number, filter?: NodeFilter): TreeWalker {
  return Document.prototype.createTreeWalker.call(ownerDocumentOf(root), root, whatToShow, filter);
}

/** An empty document of our own (`document.implementation.createHTMLDocument('')`), made past any named element. */
export function inertDocument(document: Document): Document {
  const implementation = implementationGetter.call(document);
  // Its prototype, not the global `DOMImplementation` (which happy-dom has not); no name shadows either.
  const proto = Object.getPrototypeOf(implementation) as DOMImplementation;
  return proto.createHTMLDocument.call(implementation, '');
}
