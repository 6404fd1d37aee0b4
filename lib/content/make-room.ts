/**
 * Webmail makes room for the unfolded sidebar instead of being covered by it (issue 14): the page's
 * <body> is narrowed by the sidebar's width and made the containing block of its own fixed and
 * absolute elements (a `transform`), so Gmail's compose windows and Outlook's panes, which sit at the
 * right edge of the viewport, move left with the rest. The sidebar's host lives outside <body>
 * (lib/content/shadow-host.ts), so it stays at the viewport's edge. Folding or hiding the sidebar gives
 * the space back and restores exactly what the page had set.
 *
 * A window too narrow to keep a usable page beside the sidebar keeps the overlay instead.
 */
import { documentBody } from '../detect/dom';

/** The narrowest page worth keeping beside the sidebar; below it the sidebar overlays the page. */
export const MIN_PAGE_WIDTH = 600;

/** Below this window width the sidebar starts folded: unfolded it would take a third of the mail. */
export const NARROW_WINDOW = 1000;

/**
 * Whether the sidebar starts folded on this page: when the rep folded it on this site, or when the
 * window is narrow. Only the rep's own folding is remembered; a narrow start is not.
 */
export function startsFolded(foldedOnSite: boolean, windowWidth: number): boolean {
  return foldedOnSite || windowWidth < NARROW_WINDOW;
}

type Saved = Record<'width' | 'transform', { value: string; priority: string }>;

/** What taking the room writes on <body>: a copy of the script can tell its own values from the page's. */
const OURS = { width: /^calc\(100% - \d+px\)$/, transform: /^translateX\(0(?:px)?\)$/ };

/**
 * Takes off <body> the room an earlier copy of the script left taken. Firefox ends a content script's
 * sandbox on an update without running its clean-up, so the page stayed narrowed, and the next copy
 * saved that narrowing as the page's own and put it back whenever the sidebar folded. Only the exact
 * values this module writes, with their `!important`, are removed.
 */
export function releaseLeftoverRoom(document: Document): void {
  const style = documentBody(document)?.style;
  if (!style) return;
  for (const property of ['width', 'transform'] as const) {
    if (OURS[property].test(style.getPropertyValue(property)) && style.getPropertyPriority(property) === 'important') style.removeProperty(property);
  }
}

export interface Room {
  /** Whether the sidebar wants the room now (unfolded and showing). */
  want(on: boolean): void;
  /** The window changed size: make room again, or stop, as it now fits. */
  fit(): void;
  /** Gives the space back for good (the script stops). */
  release(): void;
}

export function makeRoom(document: Document, window: Window, sidebarWidth: number): Room {
  let wanted = false;
  let held: { body: HTMLElement; saved: Saved; hadStyle: boolean } | null = null;

  function take(): void {
    const body = documentBody(document);
    if (!body) return;
    releaseLeftoverRoom(document);
    const style = body.style;
    const hadStyle = body.hasAttribute('style');
    const saved: Saved = {
      width: { value: style.getPropertyValue('width'), priority: style.getPropertyPriority('width') },
      transform: { value: style.getPropertyValue('transform'), priority: style.getPropertyPriority('transform') },
    };
    style.setProperty('width', `calc(100% - ${sidebarWidth}px)`, 'important');
    // Any transform makes <body> the containing block of its fixed descendants (CSS Transforms §2).
    style.setProperty('transform', 'translateX(0)', 'important');
    held = { body, saved, hadStyle };
  }

  function giveBack(): void {
    if (!held) return;
    const { body, saved, hadStyle } = held;
    held = null;
    for (const [property, { value, priority }] of Object.entries(saved)) {
      if (value) body.style.setProperty(property, value, priority);
      else body.style.removeProperty(property);
    }
    if (!hadStyle && body.style.length === 0) body.removeAttribute('style');
  }

  function fit(): void {
    const fits = window.innerWidth - sidebarWidth >= MIN_PAGE_WIDTH;
    if (wanted && fits && !held) take();
    else if ((!wanted || !fits) && held) giveBack();
  }

  return {
    want(on) {
      wanted = on;
      fit();
    },
    fit,
    release() {
      wanted = false;
      giveBack();
    },
  };
}
