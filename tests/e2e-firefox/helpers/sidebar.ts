import type { Page } from 'puppeteer-core';
import { describeTarget, findInRoot, serialiseTarget, SIDEBAR_HOST, type SidebarTarget } from '../../e2e/helpers/sidebar.mjs';

/**
 * The in-page sidebar in Firefox, read through WebDriver BiDi only — the Firefox counterpart of
 * tests/e2e/helpers/sidebar.mjs. Its shadow root is closed, so puppeteer's `>>>` (which pierces open
 * roots) finds nothing, and the page's scripts get `host.shadowRoot === null`.
 *
 * 1. `script.callFunction` in a BiDi sandbox realm (`target: { context, sandbox }`) — a realm of the
 *    remote agent's own, which the page's scripts cannot reach and whose view of the DOM the page's
 *    prototype changes do not touch — returns the `<prospect-lens-sidebar>` hosts, serialised with
 *    `serializationOptions: { includeShadowTree: 'all' }`: each host's shadow root, closed ones too,
 *    comes back as a node with a `sharedId`.
 * 2. A second `script.callFunction` in the same sandbox gets that root as its argument (`{ sharedId }`)
 *    and runs the query there (the same finder as the Chromium helper). Results come back as JSON text,
 *    so nothing is left owned in the realm.
 *
 * The raw BiDi session is puppeteer's own (`page.mainFrame().browsingContext.userContext.browser.session`,
 * internal but stable in puppeteer-core 25); launch.ts already relies on `browsingContext` for navigation.
 * Every call resolves the host and root afresh.
 */

interface BidiSession {
  send(method: string, params: object): Promise<{ result: CallResult }>;
}
interface BidiBrowsingContext {
  id: string;
  userContext: { browser: { session: BidiSession } };
}
interface RemoteValue {
  type: string;
  value?: unknown;
  sharedId?: string;
}
type CallResult =
  | { type: 'success'; result: RemoteValue }
  | { type: 'exception'; exceptionDetails: { text?: string; exception?: RemoteValue } };

const SANDBOX = 'prospect-lens-tests';
const POLL_MS = 50;
const DEFAULT_TIMEOUT_MS = 15_000;

function bidi(page: Page): { session: BidiSession; context: string } {
  const { browsingContext } = page.mainFrame() as unknown as { browsingContext: BidiBrowsingContext };
  return { session: browsingContext.userContext.browser.session, context: browsingContext.id };
}

function unwrap(reply: CallResult): RemoteValue {
  if (reply.type === 'exception') {
    const { text, exception } = reply.exceptionDetails;
    throw new Error(`in the sidebar (Firefox): ${text ?? JSON.stringify(exception)}`);
  }
  return reply.result;
}

/** The last host's shadow root (its BiDi sharedId and mode), or null when there is no sidebar. */
async function locateRoot(page: Page): Promise<{ sharedId: string; mode: string } | null> {
  const { session, context } = bidi(page);
  const { result } = await session.send('script.callFunction', {
    functionDeclaration: `() => [...document.querySelectorAll(${JSON.stringify(SIDEBAR_HOST)})]`,
    awaitPromise: false,
    target: { context, sandbox: SANDBOX },
    serializationOptions: { includeShadowTree: 'all', maxDomDepth: 0 },
    resultOwnership: 'none',
  });
  const hosts = (unwrap(result).value ?? []) as { value?: { shadowRoot?: { sharedId?: string; value?: { mode?: string } } | null } }[];
  for (const host of [...hosts].reverse()) {
    const root = host.value?.shadowRoot;
    if (root?.sharedId) return { sharedId: root.sharedId, mode: root.value?.mode ?? 'unknown' };
  }
  return null;
}

/** `fnSource(root, ...args)` in the sandbox, with `__plFind` in scope; `{ found: false }` without a sidebar. */
async function callWithRoot<T>(page: Page, fnSource: string, args: unknown[] = []): Promise<{ found: false } | { found: true; value: T }> {
  const located = await locateRoot(page);
  if (!located) return { found: false };
  const { session, context } = bidi(page);
  const { result } = await session.send('script.callFunction', {
    functionDeclaration: `async function (root, json) {
      const __name = (f) => f;
      const __plFind = ${findInRoot.toString()};
      const value = await (${fnSource})(root, ...JSON.parse(json));
      return value === undefined ? 'null' : JSON.stringify(value);
    }`,
    arguments: [{ sharedId: located.sharedId }, { type: 'string', value: JSON.stringify(args) }],
    awaitPromise: true,
    target: { context, sandbox: SANDBOX },
    resultOwnership: 'none',
  });
  return { found: true, value: JSON.parse(String(unwrap(result).value)) as T };
}

/**
 * What the page's sidebar shows, for a wait's failure: whether there is one, its state, its cards and any
 * alert it shows. A card that never came reads differently with no sidebar (the content script never
 * drew: no settings, or nobody detected) and with one still loading (no answer to its report).
 */
async function describeSidebar(page: Page): Promise<string> {
  const reply = await callWithRoot<{ state: string | null; cards: (string | null)[]; alerts: string[] }>(
    page,
    `(root) => ({
      state: root.querySelector('aside')?.getAttribute('data-state') ?? null,
      cards: [...root.querySelectorAll('[data-testid="prospect-card"]')].map((card) => card.getAttribute('data-prospect-key')),
      alerts: [...root.querySelectorAll('[role="alert"]')].map((alert) => alert.textContent.trim()).filter(Boolean),
    })`,
  ).catch((error: unknown) => ({ found: true as const, value: { state: `unreadable (${String(error)})`, cards: [], alerts: [] } }));
  if (!reply.found) return 'no sidebar in the page';
  const { state, cards, alerts } = reply.value;
  return `the sidebar is ${state ?? 'without its aside'}, ${cards.length} cards [${cards.join(', ')}]${alerts.length ? `, alerts: ${alerts.join(' | ')}` : ''}`;
}

async function poll<T>(page: Page, what: string, timeout: number, attempt: () => Promise<{ done: true; value: T } | { done: false }>): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const outcome = await attempt();
    if (outcome.done) return outcome.value;
    if (Date.now() > deadline) throw new Error(`sidebar (Firefox): ${what} after ${timeout} ms; ${await describeSidebar(page)}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export interface FirefoxSidebar {
  /** The shadow root's mode as BiDi serialises it (`closed`, `open`), or null without a sidebar. */
  mode(): Promise<string | null>;
  count(target: SidebarTarget): Promise<number>;
  attrs(target: SidebarTarget, name: string): Promise<(string | null)[]>;
  /** Waits until some element matches (attached). */
  waitFor(target: SidebarTarget, options?: { timeout?: number }): Promise<void>;
  /** The element's box (getBoundingClientRect), or null when it is not rendered; waits for the element. */
  box(target: SidebarTarget, options?: { timeout?: number }): Promise<{ x: number; y: number; width: number; height: number } | null>;
  /**
   * A trusted click: waits until the element is scrolled into view, has the same box twice in a row and
   * is what the root hit-tests at its centre, then clicks there with `page.mouse`.
   */
  click(target: SidebarTarget, options?: { timeout?: number }): Promise<void>;
  /** element.focus(), as puppeteer's ElementHandle.focus does; waits for the element. */
  focus(target: SidebarTarget, options?: { timeout?: number }): Promise<void>;
  /** Waits for the first element matching `target` and returns `fn(element)`, run in the BiDi sandbox. */
  evaluateOn<R>(target: SidebarTarget, fn: (element: Element) => R, options?: { timeout?: number }): Promise<R>;
  /** Runs `fn(root, arg)` in the BiDi sandbox with the sidebar's shadow root; waits for the sidebar. The result travels as JSON. */
  evaluate<R, A = undefined>(fn: (root: ShadowRoot, arg: A) => R | Promise<R>, arg?: A, options?: { timeout?: number }): Promise<R>;
}

export function sidebar(page: Page): FirefoxSidebar {
  const api: FirefoxSidebar = {
    async mode() {
      return (await locateRoot(page))?.mode ?? null;
    },
    async count(target) {
      const reply = await callWithRoot<number>(page, '(root, target) => __plFind(root, target).length', [serialiseTarget(target)]);
      return reply.found ? reply.value : 0;
    },
    async attrs(target, name) {
      const reply = await callWithRoot<(string | null)[]>(page, '(root, target, name) => __plFind(root, target).map((el) => el.getAttribute(name))', [serialiseTarget(target), name]);
      return reply.found ? reply.value : [];
    },
    waitFor(target, { timeout = DEFAULT_TIMEOUT_MS } = {}) {
      return poll(page, `waiting for ${describeTarget(target)}`, timeout, async () => {
        const reply = await callWithRoot<number>(page, '(root, target) => __plFind(root, target).length', [serialiseTarget(target)]);
        return reply.found && reply.value > 0 ? { done: true, value: undefined } : { done: false };
      });
    },
    box(target, { timeout = DEFAULT_TIMEOUT_MS } = {}) {
      return api.evaluateOn(
        target,
        (el) => {
          if (!el.checkVisibility()) return null;
          const r = el.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        },
        { timeout },
      );
    },
    async click(target, { timeout = DEFAULT_TIMEOUT_MS } = {}) {
      const deadline = Date.now() + timeout;
      let previous = '';
      for (;;) {
        const spot = await api.evaluateOn(
          target,
          (el) => {
            el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) return null;
            const x = r.x + r.width / 2;
            const y = r.y + r.height / 2;
            const hit = (el.getRootNode() as ShadowRoot).elementFromPoint(x, y);
            return { x, y, key: `${r.x},${r.y},${r.width},${r.height}`, hit: hit === el || (hit !== null && el.contains(hit)) };
          },
          { timeout: Math.max(0, deadline - Date.now()) },
        );
        if (spot?.hit && spot.key === previous) {
          await page.mouse.click(spot.x, spot.y);
          return;
        }
        previous = spot?.key ?? '';
        if (Date.now() > deadline) throw new Error(`sidebar (Firefox): clicking ${describeTarget(target)}: not visible, moving or covered after ${timeout} ms`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },
    async focus(target, { timeout = DEFAULT_TIMEOUT_MS } = {}) {
      await api.evaluateOn(target, (el) => ((el as HTMLElement).focus(), true), { timeout });
    },
    evaluateOn<R>(target: SidebarTarget, fn: (element: Element) => R, { timeout = DEFAULT_TIMEOUT_MS } = {}): Promise<R> {
      return poll<R>(page, `waiting for ${describeTarget(target)}`, timeout, async () => {
        const reply = await callWithRoot<{ hit: boolean; value?: R }>(
          page,
          `(root, target) => { const [el] = __plFind(root, target); return el ? { hit: true, value: (${fn.toString()})(el) } : { hit: false }; }`,
          [serialiseTarget(target)],
        );
        return reply.found && reply.value.hit ? { done: true, value: reply.value.value as R } : { done: false };
      });
    },
    evaluate<R, A = undefined>(fn: (root: ShadowRoot, arg: A) => R | Promise<R>, arg?: A, { timeout = DEFAULT_TIMEOUT_MS } = {}): Promise<R> {
      return poll<R>(page, 'waiting for the sidebar', timeout, async () => {
        const reply = await callWithRoot<R>(page, fn.toString(), [arg]);
        return reply.found ? { done: true, value: reply.value } : { done: false };
      });
    },
  };
  return api;
}
