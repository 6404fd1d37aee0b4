/**
 * Asking for the side panel is remembered once (`settings.sidePanelUsed`), whatever asked: the popup's
 * button (`sidepanel/open`), the shortcut, the context menu. The popup then stops putting its button first.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openSidePanelInGesture } from '@/lib/background/surfaces';
import { closeDbForTests } from '@/lib/store/db';
import { getSettings } from '@/lib/store/settings';

type Extra = { sidePanel?: unknown };

beforeEach(closeDbForTests);
afterEach(() => {
  delete (fakeBrowser as unknown as Extra).sidePanel;
});

describe('the side panel, once used', () => {
  it('is not marked used on a fresh install', async () => {
    expect((await getSettings()).sidePanelUsed).toBe(false);
  });

  it('is marked used when it is asked for', async () => {
    const open = vi.fn(async () => undefined);
    (fakeBrowser as unknown as Extra).sidePanel = { setOptions: vi.fn(async () => undefined), open };
    expect(await openSidePanelInGesture(7)).toBe(true);
    expect(open).toHaveBeenCalledWith({ tabId: 7 });
    expect((await getSettings()).sidePanelUsed).toBe(true);
    // Asked again: still once, the rest of the settings untouched.
    expect(await openSidePanelInGesture(7)).toBe(true);
    expect(await getSettings()).toMatchObject({ sidePanelUsed: true, onboarded: false, destination: 'local' });
  });

  it('counts a click even where the panel could not open', async () => {
    expect(await openSidePanelInGesture(undefined)).toBe(false);
    expect((await getSettings()).sidePanelUsed).toBe(true);
  });
});
