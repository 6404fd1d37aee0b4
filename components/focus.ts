/**
 * Where the keyboard focus goes once a button the rep pressed is gone with what it offered: a list
 * row's Remove or Undo with its row (Options), a deleted action's row (the popup's recent actions).
 * Left alone the focus falls to <body>, and a keyboard rep Tabs from the top of the page again.
 */
import type { RefObject } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * For a list whose rows each end with a button that removes the row: call the returned function with
 * the row's index from its button. Once the list has one row fewer, the focus goes to the button of the
 * row that took its place, else of the row before it, else to `fallback` (the list's heading, which
 * needs `tabIndex={-1}`) — unless the focus already went somewhere else meanwhile.
 */
export function useFocusAfterRemoval(count: number, list: RefObject<HTMLElement | null>, fallback: RefObject<HTMLElement | null>): (index: number) => void {
  const removing = useRef<number | null>(null);
  useLayoutEffect(() => {
    const index = removing.current;
    removing.current = null;
    if (index === null || !focusIsLost()) return;
    const buttons = [...(list.current?.querySelectorAll<HTMLElement>(':scope > li button') ?? [])];
    (buttons[index] ?? buttons[index - 1] ?? fallback.current)?.focus();
  }, [count]);
  return (index: number) => {
    removing.current = index;
  };
}

/** The focus is nowhere a rep put it: on <body>, or on an element no longer in the page. */
export function focusIsLost(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || !active.isConnected;
}
