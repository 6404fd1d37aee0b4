/**
 * Firefox for Android (declared in wxt.config.ts, `gecko_android`) has no `contextMenus`/`menus`, no
 * `commands` and no `sidebarAction` (and may have no `notifications`). The background must start there all the same: the alarms, the tab
 * listeners and the install work (content-script registration, the welcome page) do not depend on them.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { RETENTION_ALARM } from '@/lib/background/retention';

const hidden: Record<string, PropertyDescriptor | undefined> = {};
function without(api: 'contextMenus' | 'commands' | 'sidebarAction' | 'notifications') {
  hidden[api] = Object.getOwnPropertyDescriptor(fakeBrowser, api);
  Object.defineProperty(fakeBrowser, api, { value: undefined, configurable: true, writable: true });
}
afterEach(() => {
  for (const [api, descriptor] of Object.entries(hidden)) if (descriptor) Object.defineProperty(fakeBrowser, api, descriptor);
  vi.restoreAllMocks();
});

it('starts without a context menu, commands, sidebar or notifications, and still wires its alarms, tabs and install work', async () => {
  without('contextMenus');
  without('notifications');
  without('commands');
  without('sidebarAction');
  // The fake browser does not implement these; Firefox for Android has them.
  vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation(() => undefined);
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((() => '') as never);
  const onAlarm = vi.spyOn(fakeBrowser.alarms.onAlarm, 'addListener');
  const onRemoved = vi.spyOn(fakeBrowser.tabs.onRemoved, 'addListener');
  const opened = vi.spyOn(fakeBrowser.tabs, 'create');
  const background = (await import('@/entrypoints/background')).default as unknown as { main(): void };
  expect(() => background.main()).not.toThrow();
  // The sync scheduler's listener and the retention one.
  expect(onAlarm.mock.calls.length).toBeGreaterThanOrEqual(2);
  expect(onRemoved).toHaveBeenCalled();

  await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install', temporary: false } as never);
  await vi.waitFor(async () => {
    expect(await fakeBrowser.alarms.get(RETENTION_ALARM)).toBeDefined();
    expect(opened).toHaveBeenCalled(); // the welcome page
  });
});
