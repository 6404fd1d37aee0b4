/**
 * The context menu's click, wired in entrypoints/background.ts: a selection that names someone is
 * looked up in the tab; a click that names no one leaves the tab's earlier lookup where it was (the
 * side panel it opens still shows it). The candidate rules (`contextMenuCandidates`) are tested in
 * tests/unit/identity/lookup.test.ts; this is the wiring. Each check here failed with its guard taken out
 * of the listener.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CONTEXT_MENU_ID } from '@/lib/background/surfaces';
import { startBackground } from '../support/start-background';

afterEach(() => {
  vi.restoreAllMocks();
});

/** The keys of the people the tab owner holds for tab `tabId` (storage.session, lib/background/tab-views.ts). */
async function tabKeys(tabId: number): Promise<string[]> {
  const stored = (await fakeBrowser.storage.session.get(`tab:${tabId}`))[`tab:${tabId}`] as { candidates?: { key: string }[] } | undefined;
  return (stored?.candidates ?? []).map((c) => c.key);
}

const TAB = { id: 7, url: 'https://www.example.com/article' };

it('looks up the address a selection names, and a later click naming no one leaves it', async () => {
  const { click } = await startBackground();
  click({ menuItemId: CONTEXT_MENU_ID, selectionText: 'write to dana.whitfield@northwind.example today' }, TAB);
  await vi.waitFor(async () => expect(await tabKeys(TAB.id)).toEqual(['dana.whitfield@northwind.example']));

  click({ menuItemId: CONTEXT_MENU_ID, selectionText: 'nothing that names anyone' }, TAB);
  click({ menuItemId: CONTEXT_MENU_ID, linkUrl: 'https://www.example.com/pricing' }, TAB);
  // Nothing goes out for them, so there is nothing to wait for but time: a lookup that did go out
  // (the wiring without its guard) empties the tab well within it, and the test then fails.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await tabKeys(TAB.id)).toEqual(['dana.whitfield@northwind.example']);
});

it('ignores another menu item and a click without a tab', async () => {
  const { click } = await startBackground();
  click({ menuItemId: 'someone-else', selectionText: 'dana.whitfield@northwind.example' }, TAB);
  click({ menuItemId: CONTEXT_MENU_ID, selectionText: 'dana.whitfield@northwind.example' }, { id: undefined as unknown as number });
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await fakeBrowser.storage.session.get(null)).toEqual({});
});
