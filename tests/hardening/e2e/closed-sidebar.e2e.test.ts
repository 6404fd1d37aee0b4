/**
 * The page learns and reads nothing (issue 12, item 3): Gmail's own scripts try every way we know to
 * read the sidebar's cards, in real Chromium with the built extension, and read 0 of the N cards that
 * DevTools (helpers/sidebar.mjs, the tests' own world) sees drawn.
 *
 * The attacker is the page's main world, armed before any page script and long before the content
 * script (document_idle): `Element.prototype.attachShadow` and the DOM-building methods are wrapped to
 * keep every node they are called on; listeners on `window` keep every event's composedPath; a
 * MutationObserver watches the whole document. Then, with the sidebar drawn and used (trusted clicks,
 * focus moving through it), it tries `host.shadowRoot`, deep queries through open roots, every
 * serialiser (`getHTML` with the roots it caught, `getInnerHTML`, `innerHTML`/`outerHTML`,
 * XMLSerializer), text (`innerText`/`textContent` of the host and the page, selections and ranges),
 * hit testing at each card (`elementsFromPoint`, `caretRangeFromPoint`, `caretPositionFromPoint`), the
 * focused element, and `chrome.dom`. Each known card carries a canary title only the sidebar shows, so a
 * route "reads" a card if it reaches the card's element or its canary.
 *
 * The content script runs in an isolated world: its `attachShadow` and DOM calls go through that world's
 * own prototypes, so the main world's wrappers never see the sidebar's root (the control root the page
 * attaches itself is caught). A second case pre-defines `<prospect-lens-sidebar>` as the page's own
 * custom element with ElementInternals, whose `shadowRoot` returns even a closed root that was attached
 * while the element was already custom.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionHarness, launchExtension, PROJECT_ROOT, sidebar } from '../../e2e/helpers';
import { recordResult } from '../support/results';

const URL_ = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQbfxzPilotPricingQ1';
const CARD = '[data-testid="prospect-card"]';
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

/** Three of the thread's five visible people, each with a title only their card shows. */
const CANARIES: Record<string, string> = {
  'dana.whitfield@northwind.example': 'Qx7Canary Dana',
  'jonas.berg@fabrikam.example': 'Qx7Canary Jonas',
  'li.wei@contoso.example': 'Qx7Canary Li',
};
const CSV = [
  'email,name,company,title,lifecycle_stage,lead_score,event_type,occurred_at,event_title',
  ...Object.entries(CANARIES).map(([email, title], i) => `${email},,Canary Co ${i},${title},opportunity,${80 + i},email_click,${daysAgo(1)},Nurture`),
].join('\n');

/** What the page keeps from its hooks (main world, installed before the page's first script). */
interface Attack {
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
type AttackWindow = Window & { __attack: Attack };

/** Init script: arms the main world. Runs before the page's scripts, in every document of the page. */
function armPage(): void {
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
function predefineHost(): void {
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
type Routes = Record<string, { cards: string[]; canaries: string[] }>;

/** Runs in the page's main world with the sidebar drawn. `points` are the cards' centres (from DevTools). */
function readEverything({ canaries, points }: { canaries: string[]; points: { x: number; y: number }[] }): { routes: Routes; findOracle: boolean; activeIsHost: boolean } {
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
  note('activeElement', { nodes: [document.activeElement, document.activeElement?.shadowRoot] });
  const dom = (globalThis as { chrome?: { dom?: { openOrClosedShadowRoot?(el: Element): ShadowRoot | null } } }).chrome?.dom;
  note('chrome.dom.openOrClosedShadowRoot', { nodes: [dom?.openOrClosedShadowRoot?.(host)] });

  // window.find searches rendered text, sidebar included: it can confirm a guess (a boolean), but the
  // selection it makes is retargeted to the host's side; it hands over no node and no text it was not given.
  const findOracle = (window as Window & { find?(text: string): boolean }).find?.('Prospect Lens') ?? false;
  note('window.find selection', { nodes: [getSelection()?.anchorNode, getSelection()?.focusNode], strings: [] });
  getSelection()?.removeAllRanges();

  return { routes, findOracle, activeIsHost: document.activeElement === host };
}

interface Outcome {
  visible: string[];
  routes: Routes;
  read: string[];
  findOracle: boolean;
  activeIsHost: boolean;
  attack: { roots: number; touched: number; events: number; pathNodes: number; mutationsSeen: number; mutationNodes: number; internals: number };
}

describe('the page reads nothing from the sidebar', () => {
  let ext: ExtensionHarness;

  beforeAll(async () => {
    ext = await launchExtension();
    const options = await ext.openExtensionPage('options.html');
    await options.locator('input[type="file"][data-testid="import-file"]').setInputFiles({ name: 'canaries.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await options.locator('[data-testid="import-summary"][data-imported="3"]').waitFor({ timeout: 15_000 });
    await options.close();
    await ext.routeSite('https://mail.google.com/**', readFileSync(join(PROJECT_ROOT, 'tests/fixtures/pages/gmail-thread.html'), 'utf8'));
  });

  afterAll(async () => {
    await ext?.close();
  });

  /** Opens the thread with the page armed, uses the sidebar, then lets the page try everything. */
  async function attackThread(initScripts: (() => void)[]): Promise<Outcome & { page: Page }> {
    const page = await ext.context.newPage();
    for (const script of initScripts) await page.addInitScript(script);
    await page.goto(URL_);
    const bar = sidebar(page);
    await bar.waitFor('aside[data-state="ready"]', { timeout: 15_000 });
    // Every canary is drawn: DevTools reads it, so the page would have something to find.
    await expect.poll(() => bar.evaluate((root) => root.textContent ?? ''), { timeout: 10_000 }).toSatisfy((text: string) => Object.values(CANARIES).every((c) => text.includes(c)));
    const visible = (await bar.attrs(CARD, 'data-prospect-key')).map(String);

    // Use it as a rep does: open each card (trusted clicks), move focus through it.
    for (let i = 0; i < visible.length; i++) await bar.click({ selector: `${CARD} .pl-toggle`, nth: i });
    await bar.focus({ selector: '.pl-toggle', nth: 0 });
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');

    const points: { x: number; y: number }[] = [];
    for (let i = 0; i < visible.length; i++) {
      const box = await bar.box({ selector: `${CARD} .pl-toggle`, nth: i });
      if (box) points.push({ x: box.x + box.width / 2, y: box.y + box.height / 2 });
    }
    const { routes, findOracle, activeIsHost } = await page.evaluate(readEverything, { canaries: Object.values(CANARIES), points });
    const attack = await page.evaluate(() => {
      const a = (window as unknown as AttackWindow).__attack;
      return { roots: a.roots.length, touched: a.touched.length, events: a.events, pathNodes: a.pathNodes.length, mutationsSeen: a.mutationsSeen, mutationNodes: a.mutationNodes.length, internals: a.internals?.length ?? 0 };
    });
    const keyOfCanary = Object.fromEntries(Object.entries(CANARIES).map(([key, canary]) => [canary, key]));
    const read = new Set<string>();
    for (const { cards, canaries } of Object.values(routes)) {
      for (const key of cards) read.add(key);
      for (const canary of canaries) read.add(keyOfCanary[canary]!);
    }
    return { page, visible, routes, read: [...read], findOracle, activeIsHost, attack };
  }

  it('reads 0 of the N cards by any route, with hooks armed before the content script ran', async () => {
    const outcome = await attackThread([armPage]);
    const leaking = Object.entries(outcome.routes).filter(([, r]) => r.cards.length > 0 || r.canaries.length > 0).map(([route]) => route);
    recordResult('e2e-closed-sidebar', {
      cardsVisible: outcome.visible.length,
      cardsRead: outcome.read.length,
      routesTried: Object.keys(outcome.routes).length,
      leakingRoutes: leaking,
      eventsSeenByPage: outcome.attack.events,
      rootsCaughtByHook: outcome.attack.roots,
      findOracle: outcome.findOracle,
    });
    // The cards are there (read through DevTools) ...
    expect(outcome.visible.length).toBeGreaterThanOrEqual(5);
    // ... and the page reads none of them, by any route.
    expect(leaking).toEqual([]);
    expect(outcome.read).toEqual([]);

    // Controls: the hooks were live and the page did see the sidebar being added and used.
    expect(outcome.attack.roots).toBe(1); // its own control root; never the sidebar's
    expect(outcome.attack.touched).toBe(0);
    expect(outcome.attack.events).toBeGreaterThan(0); // clicks and focus changes crossed into the page ...
    expect(outcome.attack.pathNodes).toBe(0); // ... with no node inside the shadow tree on their paths
    expect(outcome.attack.mutationsSeen).toBeGreaterThan(0); // the host being appended
    expect(outcome.attack.mutationNodes).toBe(0);
    expect(outcome.activeIsHost).toBe(true); // focus was inside: the page sees only the host
    // And the root DevTools found is a closed one.
    expect(await sidebar(outcome.page).mode()).toBe('closed');
    await outcome.page.close();
  });

  it('reads 0 cards when the page defines <prospect-lens-sidebar> itself first (ElementInternals)', async () => {
    const outcome = await attackThread([armPage, predefineHost]);
    const leaking = Object.entries(outcome.routes).filter(([, r]) => r.cards.length > 0 || r.canaries.length > 0).map(([route]) => route);
    recordResult('e2e-closed-sidebar-predefined-host', { cardsVisible: outcome.visible.length, cardsRead: outcome.read.length, leakingRoutes: leaking, internals: outcome.attack.internals });
    expect(outcome.visible.length).toBeGreaterThanOrEqual(5);
    // Control: the page's element class did run for the sidebar's host.
    expect(outcome.attack.internals).toBeGreaterThan(0);
    expect(leaking).toEqual([]);
    expect(outcome.read).toEqual([]);
    await outcome.page.close();
  });
});
