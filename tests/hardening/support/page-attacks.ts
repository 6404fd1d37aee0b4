/**
 * The page's side of the "page reads nothing" attack (tests/hardening/e2e/closed-sidebar.e2e.test.ts in
 * Chromium, tests/e2e-firefox/closed-sidebar.firefox.test.ts in Firefox): the functions below run in the
 * page's main world — `armPage` and `predefineHost` as init scripts before any page script,
 * `readEverything` once the sidebar is drawn and used. They are self-contained (sent as source).
 */
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

/** Three of the thread's five visible people, each with a title only their card shows. */
export const CANARIES: Record<string, string> = {
  'dana.whitfield@northwind.example': 'Qx7Canary Dana',
  'jonas.berg@fabrikam.example': 'Qx7Canary Jonas',
  'li.wei@contoso.example': 'Qx7Canary Li',
};
export const CANARY_CSV = [
  'email,name,company,title,lifecycle_stage,lead_score,event_type,occurred_at,event_title',
  ...Object.entries(CANARIES).map(([email, title], i) => `${email},,Canary Co ${i},${title},opportunity,${80 + i},email_click,${daysAgo(1)},Nurture`),
].join('\n');

/** What the page keeps from its hooks (main world, installed before the page's first script). */
export interface Attack {
  roots: ShadowRoot[];
  touched: Node[];
  pathNodes: EventTarget[];
  eventTargets: EventTarget[];
  events: number;
  mutationsSeen: number;
  mutationNodes: Node[];
  internals?: ElementInternals[];
  /** Set while the page reads back what it caught, so its own reading is not caught again. */
  paused?: boolean;
}
export type AttackWindow = Window & { __attack: Attack };

/** Init script: arms the main world. Runs before the page's scripts, in every document of the page. */
export function armPage(): void {
  const attack: Attack = { roots: [], touched: [], pathNodes: [], eventTargets: [], events: 0, mutationsSeen: 0, mutationNodes: [] };
  (window as unknown as AttackWindow).__attack = attack;
  const inShadow = (node: unknown) => node instanceof Node && node.getRootNode() instanceof ShadowRoot;

  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = attach.call(this, init);
    attack.roots.push(root);
    return root;
  };
  const wrap = (proto: object, names: string[]) => {
    for (const name of names) {
      const original = (proto as Record<string, ((...args: unknown[]) => unknown) | undefined>)[name];
      if (typeof original !== 'function') continue;
      (proto as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
        if (!attack.paused) {
          if (inShadow(this)) attack.touched.push(this as Node);
          for (const arg of args) if (inShadow(arg)) attack.touched.push(arg as Node);
        }
        return original.apply(this, args);
      };
    }
  };
  wrap(Node.prototype, ['appendChild', 'insertBefore', 'removeChild', 'replaceChild', 'contains']);
  wrap(Element.prototype, ['setAttribute', 'removeAttribute', 'toggleAttribute', 'append', 'prepend', 'remove', 'querySelector', 'querySelectorAll', 'getBoundingClientRect']);
  wrap(HTMLElement.prototype, ['focus', 'blur', 'click']);
  wrap(CharacterData.prototype, ['appendData', 'replaceData']);

  for (const type of ['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'mouseover', 'pointerover', 'focusin', 'focusout', 'keydown', 'keyup', 'input', 'change']) {
    window.addEventListener(
      type,
      (event) => {
        attack.events++;
        if (event.target) attack.eventTargets.push(event.target);
        for (const node of event.composedPath()) if (node !== window && node !== document && inShadow(node)) attack.pathNodes.push(node);
      },
      true,
    );
  }
  new MutationObserver((records) => {
    for (const record of records) {
      attack.mutationsSeen++;
      for (const node of [record.target, ...record.addedNodes]) if (inShadow(node)) attack.mutationNodes.push(node);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });

  // Control: a root the page attaches itself is caught.
  document.createElement('div').attachShadow({ mode: 'closed' });
}

/** Init script for the second case: the page defines the sidebar's element name first. */
export function predefineHost(): void {
  const attack = (window as unknown as AttackWindow).__attack;
  attack.internals = [];
  class Impostor extends HTMLElement {
    constructor() {
      super();
      attack.internals!.push(this.attachInternals());
    }
    override attachShadow(init: ShadowRootInit): ShadowRoot {
      const root = super.attachShadow(init);
      attack.roots.push(root);
      return root;
    }
  }
  customElements.define('prospect-lens-sidebar', Impostor);
}

/** What each route reached: card keys (from card elements) and canary strings. */
export type Routes = Record<string, { cards: string[]; canaries: string[] }>;

/** Runs in the page's main world with the sidebar drawn. `points` are the cards' centres (from DevTools). */
export function readEverything({ canaries, points }: { canaries: string[]; points: { x: number; y: number }[] }): { routes: Routes; findOracle: boolean; activeIsHost: boolean } {
  const attack = (window as unknown as AttackWindow).__attack;
  attack.paused = true;
  const host = document.querySelector('prospect-lens-sidebar') as HTMLElement;
  const routes: Routes = {};
  const CARD_SELECTOR = '[data-testid="prospect-card"]';
  const cardsIn = (items: unknown[]) => {
    const keys = new Set<string>();
    const add = (card: Element | null | undefined) => card && keys.add(card.getAttribute('data-prospect-key') ?? '?');
    for (const item of items) {
      if (!(item instanceof Node)) continue;
      add((item instanceof Element ? item : item.parentElement)?.closest(CARD_SELECTOR));
      if ('querySelectorAll' in item) for (const card of (item as ParentNode).querySelectorAll(CARD_SELECTOR)) add(card);
    }
    return [...keys];
  };
  const note = (route: string, { nodes = [], strings = [] }: { nodes?: unknown[]; strings?: (string | null | undefined)[] }) => {
    const text = strings.filter((s): s is string => typeof s === 'string');
    routes[route] = { cards: cardsIn(nodes), canaries: canaries.filter((c) => text.some((s) => s.includes(c))) };
  };

  // First, before selections and find move anything: where the focus is (the test left it inside the sidebar).
  const activeIsHost = document.activeElement === host;
  note('activeElement', { nodes: [document.activeElement, document.activeElement?.shadowRoot] });

  note('host.shadowRoot', { nodes: [host.shadowRoot], strings: [host.shadowRoot?.innerHTML] });

  const deep: Node[] = [document];
  const walk = (root: ParentNode) => {
    for (const el of root.querySelectorAll('*')) {
      deep.push(el);
      if (el.shadowRoot) (deep.push(el.shadowRoot), walk(el.shadowRoot));
    }
  };
  walk(document);
  note('document.querySelectorAll, through every open root', { nodes: deep });

  const html: (string | undefined)[] = [];
  for (const el of [host, document.body, document.documentElement]) {
    const withShadow = el as Element & {
      getHTML?(options: object): string;
      getInnerHTML?(options: object): string;
    };
    html.push(withShadow.getHTML?.({ serializableShadowRoots: true, shadowRoots: attack.roots }));
    html.push(withShadow.getInnerHTML?.({ includeShadowRoots: true, closedRoots: attack.roots }));
    html.push(el.innerHTML, el.outerHTML);
  }
  html.push(new XMLSerializer().serializeToString(document));
  note('getHTML / getInnerHTML / innerHTML / outerHTML / XMLSerializer', { strings: html });

  note('innerText / textContent', { strings: [host.innerText, host.textContent, document.body.innerText, document.documentElement.textContent] });

  const selection = getSelection()!;
  selection.selectAllChildren(document.body);
  const selected = selection.toString();
  const selectedNodes = [selection.anchorNode, selection.focusNode];
  selection.removeAllRanges();
  const range = document.createRange();
  range.selectNodeContents(document.documentElement);
  note('selection and ranges', { nodes: [...selectedNodes, range.commonAncestorContainer, range.cloneContents()], strings: [selected, range.toString()] });

  const hits: unknown[] = [];
  for (const { x, y } of points) {
    hits.push(...document.elementsFromPoint(x, y), document.elementFromPoint(x, y));
    hits.push(document.caretRangeFromPoint?.(x, y)?.startContainer);
    const caret = (document as Document & { caretPositionFromPoint?(x: number, y: number): { offsetNode: Node } | null }).caretPositionFromPoint?.(x, y);
    hits.push(caret?.offsetNode);
  }
  note('elementsFromPoint / caretRangeFromPoint / caretPositionFromPoint at each card', { nodes: hits });

  note('attachShadow wrapper (roots caught)', { nodes: [...attack.roots], strings: attack.roots.map((r) => r.innerHTML) });
  note('DOM method wrappers (nodes caught)', { nodes: [...attack.touched] });
  note('composedPath and targets of events', { nodes: [...attack.pathNodes, ...attack.eventTargets] });
  note('MutationObserver on the document', { nodes: [...attack.mutationNodes] });
  note('ElementInternals.shadowRoot', { nodes: (attack.internals ?? []).map((i) => i.shadowRoot) });
  const dom = (globalThis as { chrome?: { dom?: { openOrClosedShadowRoot?(el: Element): ShadowRoot | null } } }).chrome?.dom;
  note('chrome.dom.openOrClosedShadowRoot', { nodes: [dom?.openOrClosedShadowRoot?.(host)] });

  // window.find searches rendered text, sidebar included: it can confirm a guess (a boolean), but the
  // selection it makes is retargeted to the host's side; it hands over no node and no text it was not given.
  const findOracle = (window as Window & { find?(text: string): boolean }).find?.('Prospect Lens') ?? false;
  note('window.find selection', { nodes: [getSelection()?.anchorNode, getSelection()?.focusNode], strings: [] });
  getSelection()?.removeAllRanges();

  return { routes, findOracle, activeIsHost };
}

/** The keys of the cards the routes reached, by element or by canary. */
export function cardsRead(routes: Routes): string[] {
  const keyOfCanary = Object.fromEntries(Object.entries(CANARIES).map(([key, canary]) => [canary, key]));
  const read = new Set<string>();
  for (const { cards, canaries } of Object.values(routes)) {
    for (const key of cards) read.add(key);
    for (const canary of canaries) read.add(keyOfCanary[canary]!);
  }
  return [...read];
}

/** The routes that reached anything. */
export function leakingRoutes(routes: Routes): string[] {
  return Object.entries(routes).filter(([, r]) => r.cards.length > 0 || r.canaries.length > 0).map(([route]) => route);
}

/** The counters of what the page's hooks caught (run in the page). */
export function attackCounters(): { roots: number; touched: number; events: number; pathNodes: number; mutationsSeen: number; mutationNodes: number; internals: number } {
  const a = (window as unknown as AttackWindow).__attack;
  return { roots: a.roots.length, touched: a.touched.length, events: a.events, pathNodes: a.pathNodes.length, mutationsSeen: a.mutationsSeen, mutationNodes: a.mutationNodes.length, internals: a.internals?.length ?? 0 };
}
