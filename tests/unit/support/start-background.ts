import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/** The background's context-menu listener, as entrypoints/background.ts registers it. */
export type ContextMenuClick = (info: { menuItemId: string; selectionText?: string; linkUrl?: string }, tab: { id: number; url?: string }) => void;

/**
 * entrypoints/background.ts started on the fake browser, with what the fake does not implement stubbed
 * (its Firefox sidebar, the context menu's creation, the permission and command events). Resolves with
 * the background, to start again, and the context-menu listener it registered.
 */
export async function startBackground(): Promise<{ main(): void; click: ContextMenuClick }> {
  let click: ContextMenuClick | undefined;
  vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation(() => undefined);
  vi.spyOn(fakeBrowser.contextMenus, 'removeAll').mockImplementation((async () => undefined) as never);
  vi.spyOn(fakeBrowser.contextMenus, 'create').mockImplementation((() => 1) as never);
  vi.spyOn(fakeBrowser.contextMenus.onClicked, 'addListener').mockImplementation(((listener: ContextMenuClick) => {
    click = listener;
  }) as never);
  vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((() => '') as never);
  vi.spyOn(fakeBrowser.sidebarAction, 'setPanel').mockImplementation((async () => undefined) as never);
  vi.spyOn(fakeBrowser.sidebarAction, 'open').mockImplementation((async () => undefined) as never);
  const background = (await import('@/entrypoints/background')).default as unknown as { main(): void };
  background.main();
  if (!click) throw new Error('The background registered no context-menu listener.');
  return { main: () => background.main(), click };
}
