/** Types for sidebar.mjs (the closed-shadow-root sidebar, through the DevTools protocol). */
import type { Page } from 'playwright-core';

export const SIDEBAR_HOST: 'prospect-lens-sidebar';

/**
 * A CSS selector inside the sidebar's shadow root, or a role query like Playwright's getByRole:
 * `{ role: 'button', name: /^Mute Jonas/ }`, optionally `within` another selector's matches and
 * narrowed by `selector`; `nth` picks one match (negative counts from the end).
 */
export type SidebarTarget =
  | string
  | { selector?: string; within?: string; role?: string; name?: string | RegExp; nth?: number };

export interface TimeoutOption {
  /** Milliseconds; 15,000 unless given. */
  timeout?: number;
}

export interface WaitOptions extends TimeoutOption {
  /** `visible` (default): some match is rendered with a box; `attached`; `hidden`/`detached`: none is. */
  state?: 'visible' | 'attached' | 'hidden' | 'detached';
}

export interface SidebarBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ActiveElementInfo {
  tagName: string;
  outerHTML: string;
  className: string | null;
  ariaLabel: string | null;
  testId: string | null;
  focusVisible: boolean;
  /** `outline-style outline-width`, e.g. `solid 2px`. */
  outline: string;
}

export interface Sidebar {
  /** The shadow root's mode as DevTools reports it (`closed`, `open`), or null when there is no sidebar. */
  mode(): Promise<'open' | 'closed' | 'user-agent' | null>;
  count(target: SidebarTarget): Promise<number>;
  attr(target: SidebarTarget, name: string, options?: TimeoutOption): Promise<string | null>;
  attrs(target: SidebarTarget, name: string): Promise<(string | null)[]>;
  text(target: SidebarTarget, options?: TimeoutOption): Promise<string | null>;
  texts(target: SidebarTarget): Promise<string[]>;
  box(target: SidebarTarget, options?: TimeoutOption): Promise<SidebarBox | null>;
  waitFor(target: SidebarTarget, options?: WaitOptions): Promise<void>;
  click(target: SidebarTarget, options?: TimeoutOption): Promise<void>;
  focus(target: SidebarTarget, options?: TimeoutOption): Promise<void>;
  activeElement(): Promise<ActiveElementInfo | null>;
  focusedIndex(target: SidebarTarget): Promise<number>;
  /** Runs `fn(root, arg)` with the sidebar's shadow root in the tests' own DevTools world; the result comes back by value. */
  evaluate<R, A = undefined>(fn: (root: ShadowRoot, arg: A) => R | Promise<R>, arg?: A, options?: TimeoutOption): Promise<R>;
  evaluateScript(source: string): Promise<void>;
  isHidden(options?: TimeoutOption): Promise<boolean>;
}

export function sidebar(page: Page): Sidebar;

/** The finder `Sidebar` runs in the browser, exported for other drivers (the Firefox suite's BiDi sandbox). */
export function findInRoot(root: ParentNode, target: SidebarTarget): Element[];
/** Regular expressions in a target as `{ source, flags }`, which `findInRoot` accepts across a protocol. */
export function serialiseTarget(target: SidebarTarget): unknown;
export function describeTarget(target: SidebarTarget): string;
