/**
 * The in-page sidebar, read and driven from outside the page.
 *
 * `<prospect-lens-sidebar>` has a CLOSED shadow root (DESIGN.md "Test contract"), so neither the page's
 * own scripts nor Playwright's CSS locators (which pierce open roots only) can see the cards. This
 * helper reaches the root through the DevTools protocol only, never through anything the page's
 * JavaScript can touch, and never by reopening the root:
 *
 * 1. On a CDP session of its own (`context.newCDPSession(page)`), `DOM.getDocument` +
 *    `DOM.querySelectorAll` find the host in the light DOM, and `DOM.describeNode({ pierce: true })`
 *    gives its shadow root's `backendNodeId` (the cheap equivalent of walking
 *    `DOM.getDocument({ depth: -1, pierce: true })` for `shadowRoots[0]`; on the 1,000-row inbox the
 *    full walk costs tens of ms per poll).
 * 2. `Page.createIsolatedWorld` gives a JavaScript world that belongs to DevTools alone: not the page's
 *    main world (whose prototypes the page may have hooked — a test running there would hand the root
 *    to those hooks) and not the content script's world (so tests never disturb the extension).
 *    Chromium returns the same world for the same name until the document goes away.
 * 3. `DOM.resolveNode` turns the root into an object in that world, and `Runtime.callFunctionOn` runs
 *    the query with `returnByValue`. Objects are released after every call.
 *
 * Every call resolves the host and root afresh (Preact re-renders, the page may reload), and calls on one
 * page are serialised (a `DOM.getDocument` invalidates the node ids of a call in flight). Reads that
 * need one element wait for it (like Playwright's auto-wait) and, like Playwright's locators, fail when
 * more than one element matches (pass `nth` to pick one). Clicks are trusted: the element is scrolled
 * into view, its box must be stable across two frames and not covered (hit-tested inside the root), then
 * `page.mouse` clicks its centre. Only an element that is rendered but has no box of its own
 * (`display: contents`) is clicked with `element.click()` instead.
 *
 * This file is plain JavaScript (types in sidebar.d.mts) so the benchmarks and scripts/ share it with
 * the tests; the Firefox suite reuses `findInRoot` in a WebDriver BiDi sandbox (tests/e2e-firefox).
 */

export const SIDEBAR_HOST = 'prospect-lens-sidebar';
const WORLD_NAME = 'prospect-lens-tests';
const OBJECT_GROUP = 'prospect-lens-sidebar-helper';
const POLL_MS = 50;
const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * The elements in `root` that `target` names, in document order. Runs inside the browser (any world),
 * so it only uses what it is given. `target` is a CSS selector, or `{ selector, within, role, name, nth }`:
 * `within` limits the search to matches of another selector; `role` + `name` find elements by ARIA role
 * and accessible name as Playwright's getByRole does (a string name matches case-insensitively as a
 * substring, a `{ source, flags }` pattern as a regular expression; hidden elements never match).
 */
export function findInRoot(root, target) {
  const spec = typeof target === 'string' ? { selector: target } : target;
  const norm = (text) => (text ?? '').replace(/\s+/g, ' ').trim();
  const IMPLICIT = {
    button: 'button, input[type="button"], input[type="submit"], input[type="reset"]',
    link: 'a[href], area[href]',
    checkbox: 'input[type="checkbox"]',
    radio: 'input[type="radio"]',
    textbox: 'input:not([type]), input[type="text"], input[type="email"], input[type="search"], input[type="url"], textarea',
    combobox: 'select',
    list: 'ul, ol',
    listitem: 'li',
    heading: 'h1, h2, h3, h4, h5, h6',
  };
  const textOf = (node) =>
    node.nodeType === 3
      ? node.data
      : node.nodeType === 1 && node.getAttribute('aria-hidden') !== 'true'
        ? [...node.childNodes].map(textOf).join('')
        : '';
  const nameOf = (el) => {
    const ids = el.getAttribute('aria-labelledby');
    const scope = el.getRootNode();
    const labelled = ids ? norm(ids.split(/\s+/).map((id) => scope.getElementById?.(id)?.textContent ?? '').join(' ')) : '';
    if (labelled) return labelled;
    const label = norm(el.getAttribute('aria-label'));
    if (label) return label;
    if (el.localName === 'input' && ['button', 'submit', 'reset'].includes(el.type)) return norm(el.value);
    if (el.labels?.length) return norm([...el.labels].map((l) => l.textContent).join(' '));
    return norm(textOf(el)) || norm(el.getAttribute('title'));
  };
  const query = spec.role ? [`[role="${spec.role}"]`, IMPLICIT[spec.role]].filter(Boolean).join(', ') : spec.selector;
  const scopes = spec.within ? [...root.querySelectorAll(spec.within)] : [root];
  const seen = new Set();
  let found = [];
  for (const scope of scopes) {
    for (const el of scope.querySelectorAll(query)) {
      if (!seen.has(el)) (seen.add(el), found.push(el));
    }
  }
  if (spec.role) {
    found = found.filter((el) => {
      const explicit = el.getAttribute('role');
      if (explicit && explicit.trim().split(/\s+/)[0] !== spec.role) return false;
      if (spec.selector && !el.matches(spec.selector)) return false;
      if (el.closest('[aria-hidden="true"]') || !el.checkVisibility({ visibilityProperty: true })) return false;
      if (spec.name === undefined) return true;
      const name = nameOf(el);
      if (typeof spec.name === 'string') return name.toLowerCase().includes(norm(spec.name).toLowerCase());
      return new RegExp(spec.name.source, spec.name.flags).test(name);
    });
  }
  if (spec.nth !== undefined) found = [found.at(spec.nth)].filter(Boolean);
  return found;
}

/** A target as it crosses into the browser: regular expressions become `{ source, flags }`. */
export function serialiseTarget(target) {
  if (typeof target === 'string' || !(target?.name instanceof RegExp)) return target;
  return { ...target, name: { source: target.name.source, flags: target.name.flags } };
}

export function describeTarget(target) {
  if (typeof target === 'string') return target;
  const parts = [];
  if (target.within) parts.push(`within ${target.within}`);
  if (target.role) parts.push(`role=${target.role}`);
  if (target.name !== undefined) parts.push(`name=${String(target.name)}`);
  if (target.selector) parts.push(target.selector);
  if (target.nth !== undefined) parts.push(`nth=${target.nth}`);
  return parts.join(' ');
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** DevTools errors that mean "the document changed under us" (a reload, a re-mount): retried, like "not there yet". */
const TRANSIENT = /No node|Node is detached|does not belong to the document|Cannot find context|context was destroyed|Could not find node|No frame/i;

/**
 * `fnSource(...args)` as a function declaration for `Runtime.callFunctionOn`, with `__plFind` (the
 * finder above) in scope, and esbuild's `__name` helper defined in case the caller's function was
 * compiled with keepNames.
 */
function declaration(fnSource) {
  return `function (...args) {
    const __name = (f) => f;
    const __plFind = ${findInRoot.toString()};
    return (${fnSource}).apply(this, args);
  }`;
}

class SidebarDriver {
  constructor(page) {
    this.page = page;
    this.session = undefined;
    this.queue = Promise.resolve();
  }

  /** Runs `work` after every earlier call on this page has finished. */
  serial(work) {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  cdp() {
    this.session ??= this.page.context().newCDPSession(this.page);
    return this.session;
  }

  /** The last `<prospect-lens-sidebar>` with a shadow root: its backend node ids, or null. */
  async locate(session) {
    const { root: doc } = await session.send('DOM.getDocument', { depth: 0 });
    const { nodeIds } = await session.send('DOM.querySelectorAll', { nodeId: doc.nodeId, selector: SIDEBAR_HOST });
    for (const nodeId of [...nodeIds].reverse()) {
      const { node } = await session.send('DOM.describeNode', { nodeId, depth: 0, pierce: true });
      const shadow = node.shadowRoots?.[0];
      if (shadow) return { host: node.backendNodeId, root: shadow.backendNodeId, mode: shadow.shadowRootType };
    }
    return null;
  }

  async world(session) {
    const { frameTree } = await session.send('Page.getFrameTree');
    const { executionContextId } = await session.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: WORLD_NAME });
    return executionContextId;
  }

  /**
   * Calls `fnSource(root, ...args)` in the tests' world and returns its result by value: `{ found: false }`
   * when there is no sidebar (yet), else `{ found: true, value }`.
   */
  call(fnSource, args = []) {
    return this.serial(async () => {
      const session = await this.cdp();
      let rootId;
      try {
        const located = await this.locate(session);
        if (!located) return { found: false };
        const executionContextId = await this.world(session);
        ({ object: { objectId: rootId } } = await session.send('DOM.resolveNode', {
          backendNodeId: located.root,
          executionContextId,
          objectGroup: OBJECT_GROUP,
        }));
      } catch (error) {
        // The document changed between finding the host and resolving it (a reload, a re-mount).
        if (TRANSIENT.test(String(error))) return { found: false };
        throw error;
      }
      try {
        const { result, exceptionDetails } = await session.send('Runtime.callFunctionOn', {
          objectId: rootId,
          functionDeclaration: declaration(fnSource),
          arguments: [{ objectId: rootId }, ...args.map((value) => (value === undefined ? {} : { value }))],
          returnByValue: true,
          awaitPromise: true,
          objectGroup: OBJECT_GROUP,
        });
        if (exceptionDetails) {
          throw new Error(`in the sidebar: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
        }
        return { found: true, value: result.value };
      } catch (error) {
        if (!String(error).includes('in the sidebar:') && TRANSIENT.test(String(error))) return { found: false };
        throw error;
      } finally {
        await session.send('Runtime.releaseObjectGroup', { objectGroup: OBJECT_GROUP }).catch(() => {});
      }
    });
  }

  /** Like `call`, with the objects kept until `work` (which may send more CDP commands) has finished. */
  withElement(target, work) {
    return this.serial(async () => {
      const session = await this.cdp();
      try {
        const located = await this.locate(session);
        if (!located) return { state: 'absent' };
        const executionContextId = await this.world(session);
        const { object } = await session.send('DOM.resolveNode', { backendNodeId: located.root, executionContextId, objectGroup: OBJECT_GROUP });
        const { result, exceptionDetails } = await session.send('Runtime.callFunctionOn', {
          objectId: object.objectId,
          functionDeclaration: declaration(`(root, target) => {
            const found = __plFind(root, target);
            if (found.length > 1) throw new Error('strict mode: ' + found.length + ' elements match');
            return found[0] ?? null;
          }`),
          arguments: [{ objectId: object.objectId }, { value: serialiseTarget(target) }],
          objectGroup: OBJECT_GROUP,
        });
        if (exceptionDetails) throw new Error(`${describeTarget(target)}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
        if (!result.objectId) return { state: 'absent' };
        const onElement = async (fnSource, args = []) => {
          const reply = await session.send('Runtime.callFunctionOn', {
            objectId: result.objectId,
            functionDeclaration: declaration(fnSource),
            arguments: [{ objectId: result.objectId }, ...args.map((value) => ({ value }))],
            returnByValue: true,
            awaitPromise: true,
          });
          if (reply.exceptionDetails) throw new Error(reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text);
          return reply.result.value;
        };
        return await work({ session, objectId: result.objectId, onElement });
      } catch (error) {
        if (/strict mode/.test(String(error))) throw error;
        if (TRANSIENT.test(String(error))) return { state: 'absent' };
        throw error;
      } finally {
        await session.send('Runtime.releaseObjectGroup', { objectGroup: OBJECT_GROUP }).catch(() => {});
      }
    });
  }

  /** Polls `attempt` (which returns `{ done: true, value }` or `{ done: false, why }`) until done or timeout. */
  async poll(what, timeout, attempt) {
    const deadline = Date.now() + timeout;
    let last = 'no sidebar yet';
    for (;;) {
      const outcome = await attempt();
      if (outcome.done) return outcome.value;
      last = outcome.why ?? last;
      if (Date.now() > deadline) throw new Error(`sidebar: ${what} (${last}) after ${timeout} ms`);
      await sleep(POLL_MS);
    }
  }

  /** Waits for exactly one element and returns `fnSource(root, element, ...args)`. */
  single(target, fnSource, args, timeout) {
    return this.poll(`waiting for ${describeTarget(target)}`, timeout, async () => {
      const reply = await this.call(
        `(root, target, args) => {
          const found = __plFind(root, target);
          if (found.length !== 1) return { count: found.length };
          return { count: 1, value: (${fnSource})(root, found[0], ...args) };
        }`,
        [serialiseTarget(target), args],
      );
      if (!reply.found) return { done: false, why: 'no sidebar yet' };
      const { count, value } = reply.value;
      if (count > 1) throw new Error(`sidebar: strict mode violation: ${describeTarget(target)} matches ${count} elements`);
      return count === 1 ? { done: true, value } : { done: false, why: 'no match yet' };
    });
  }

  async all(target, fnSource) {
    const reply = await this.call(`(root, target) => __plFind(root, target).map((el) => (${fnSource})(el))`, [serialiseTarget(target)]);
    return reply.found ? reply.value : [];
  }
}

const drivers = new WeakMap();

/**
 * The sidebar in `page` (a Playwright page). Cheap to call: one driver (and CDP session) per page.
 * @param {import('playwright-core').Page} page
 */
export function sidebar(page) {
  let driver = drivers.get(page);
  if (!driver) drivers.set(page, (driver = new SidebarDriver(page)));
  const d = driver;

  const api = {
    /** Whether the page has a sidebar host with a shadow root, and that root's mode (as DevTools reports it). */
    async mode() {
      const located = await d.serial(async () => d.locate(await d.cdp()));
      return located ? located.mode : null;
    },
    /** How many elements match now (0 without a sidebar); does not wait. */
    async count(target) {
      const reply = await d.call('(root, target) => __plFind(root, target).length', [serialiseTarget(target)]);
      return reply.found ? reply.value : 0;
    },
    /** One element's attribute; waits for the element. */
    attr(target, name, { timeout = DEFAULT_TIMEOUT_MS } = {}) {
      return d.single(target, '(root, el, name) => el.getAttribute(name)', [name], timeout);
    },
    /** The attribute of every match, in document order; does not wait. */
    attrs(target, name) {
      return d.all(target, `(el) => el.getAttribute(${JSON.stringify(name)})`);
    },
    /** One element's textContent; waits for the element. */
    text(target, { timeout = DEFAULT_TIMEOUT_MS } = {}) {
      return d.single(target, '(root, el) => el.textContent', [], timeout);
    },
    /** The textContent of every match; does not wait. */
    texts(target) {
      return d.all(target, '(el) => el.textContent ?? ""');
    },
    /** One element's getBoundingClientRect, or null when it is not rendered; waits for the element. */
    box(target, { timeout = DEFAULT_TIMEOUT_MS } = {}) {
      return d.single(
        target,
        `(root, el) => {
          if (!el.checkVisibility()) return null;
          const r = el.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }`,
        [],
        timeout,
      );
    },
    /**
     * Waits until some match is visible (default), attached, or — `detached`/`hidden` — until none is
     * (attached / visible). No sidebar counts as nothing attached.
     */
    waitFor(target, { timeout = DEFAULT_TIMEOUT_MS, state = 'visible' } = {}) {
      return d.poll(`waiting for ${describeTarget(target)} to be ${state}`, timeout, async () => {
        const reply = await d.call(
          `(root, target) => __plFind(root, target).map((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && el.checkVisibility({ visibilityProperty: true });
          })`,
          [serialiseTarget(target)],
        );
        const seen = reply.found ? reply.value : [];
        const ok =
          state === 'attached' ? seen.length > 0
          : state === 'detached' ? seen.length === 0
          : state === 'hidden' ? !seen.some(Boolean)
          : seen.some(Boolean);
        return ok ? { done: true } : { done: false, why: `${seen.length} attached, ${seen.filter(Boolean).length} visible` };
      });
    },
    /** A trusted click at the element's centre (see the file's header). */
    click(target, { timeout = DEFAULT_TIMEOUT_MS } = {}) {
      let previous;
      return d.poll(`clicking ${describeTarget(target)}`, timeout, async () => {
        const outcome = await d.withElement(target, async ({ session, objectId, onElement }) => {
          await session.send('DOM.scrollIntoViewIfNeeded', { objectId }).catch(() => {});
          const quads = await session.send('DOM.getContentQuads', { objectId }).then((r) => r.quads, () => []);
          if (quads.length === 0) {
            const contents = await onElement('(el) => el.checkVisibility() && getComputedStyle(el).display === "contents"');
            if (!contents) return { state: 'invisible' };
            await onElement('(el) => el.click()');
            return { state: 'clicked' };
          }
          const [q] = quads;
          const point = { x: (q[0] + q[2] + q[4] + q[6]) / 4, y: (q[1] + q[3] + q[5] + q[7]) / 4 };
          const key = q.map((n) => n.toFixed(1)).join(',');
          if (key !== previous) {
            previous = key;
            return { state: 'moving' };
          }
          const hit = await onElement(
            `(el, x, y) => {
              const hit = el.getRootNode().elementFromPoint(x, y);
              return hit === el || el.contains(hit) ? true : (hit ? hit.outerHTML.slice(0, 80) : 'nothing');
            }`,
            [point.x, point.y],
          );
          if (hit !== true) return { state: `covered by ${hit}` };
          return { state: 'ready', point };
        });
        if (outcome.state === 'clicked') return { done: true };
        if (outcome.state === 'ready') {
          await d.page.mouse.click(outcome.point.x, outcome.point.y);
          return { done: true };
        }
        return { done: false, why: outcome.state };
      });
    },
    /** Focuses one element (as Playwright's locator.focus does: element.focus()); waits for it. */
    focus(target, { timeout = DEFAULT_TIMEOUT_MS } = {}) {
      return d.single(target, '(root, el) => { el.focus(); return true; }', [], timeout);
    },
    /**
     * The focused element inside the sidebar (the shadow root's activeElement while the document's focus
     * is on the host), or null when focus is elsewhere.
     */
    async activeElement() {
      const reply = await d.call(`(root) => {
        const el = document.activeElement === root.host ? root.activeElement : null;
        if (!el) return null;
        const style = getComputedStyle(el);
        return {
          tagName: el.localName,
          outerHTML: el.outerHTML,
          className: el.getAttribute('class'),
          ariaLabel: el.getAttribute('aria-label'),
          testId: el.getAttribute('data-testid'),
          focusVisible: el.matches(':focus-visible'),
          outline: style.outlineStyle + ' ' + style.outlineWidth,
        };
      }`);
      return reply.found ? reply.value : null;
    },
    /** The index of the focused element among the matches of `target`, -1 when it is none of them. */
    async focusedIndex(target) {
      const reply = await d.call('(root, target) => __plFind(root, target).indexOf(root.activeElement)', [serialiseTarget(target)]);
      return reply.found ? reply.value : -1;
    },
    /**
     * Runs `fn(root, arg)` in the tests' world with the sidebar's shadow root, returning the result by
     * value. Waits for the sidebar. `fn` must be self-contained (it is sent as source), as with
     * Playwright's evaluate; the page's own globals (`window.x` set by the page) are not visible there.
     */
    evaluate(fn, arg, { timeout = DEFAULT_TIMEOUT_MS } = {}) {
      return d.poll('waiting for the sidebar', timeout, async () => {
        const reply = await d.call(`(root, arg) => (${fn.toString()})(root, arg)`, [arg]);
        return reply.found ? { done: true, value: reply.value } : { done: false };
      });
    },
    /** Evaluates a script (e.g. a library's source) in the tests' world of the page's current document. */
    evaluateScript(source) {
      return d.serial(async () => {
        const session = await d.cdp();
        const contextId = await d.world(session);
        const { exceptionDetails } = await session.send('Runtime.evaluate', { expression: source, contextId, returnByValue: true });
        if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      });
    },
    /** Whether the host carries `hidden` (the content script hides it when there is nothing to show). */
    isHidden({ timeout = DEFAULT_TIMEOUT_MS } = {}) {
      return api.evaluate((root) => root.host.hidden, undefined, { timeout });
    },
  };
  return api;
}
