/**
 * Opens the sidebar's "N people with no data" group and waits until it says it is open. A click can
 * land while the cards above it re-render (a source answering moves them), and then misses the button:
 * the click is repeated until `aria-expanded` is true, never while it already is, so it cannot close it.
 */
import type { Sidebar } from './sidebar.mjs';

const GROUP_BUTTON = { within: '[data-testid="no-data-group"]', selector: ':scope > button' };

export async function openNoDataGroup(bar: Sidebar, { timeout = 15_000 } = {}): Promise<void> {
  const deadline = Date.now() + timeout;
  while ((await bar.attr(GROUP_BUTTON, 'aria-expanded')) !== 'true') {
    if (Date.now() > deadline) throw new Error('The "people with no data" group did not open');
    await bar.click(GROUP_BUTTON, { timeout: Math.max(1, deadline - Date.now()) });
    // The click's render: give it a moment before judging it missed.
    for (let waited = 0; waited < 1_000 && (await bar.attr(GROUP_BUTTON, 'aria-expanded')) !== 'true'; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
