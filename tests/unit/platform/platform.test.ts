import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openSidePanelInGesture, setPanelForTab } from '@/lib/background/surfaces';
import {
  backgroundKind,
  browserFamily,
  minAlarmDelayMs,
  missingSiteAccess,
  openPanel,
  plainJson,
  type SessionArea,
  sessionArea,
  setTabPanel,
} from '@/lib/platform';

/**
 * Each test starts with no panel API and no `permissions` and adds what it needs. The fake browser's
 * own `sidebarAction` and `permissions` (which only throw) are put back afterwards: unit files share
 * the fake browser.
 */
type Extra = { sidePanel?: unknown; sidebarAction?: unknown; permissions?: unknown };
const extra = fakeBrowser as unknown as Extra;
const own: Extra = { sidePanel: extra.sidePanel, sidebarAction: extra.sidebarAction, permissions: extra.permissions };

function asFirefox() {
  vi.spyOn(fakeBrowser.runtime, 'getURL').mockImplementation((path: string) => `moz-extension://0f1e-uuid${path}`);
}

function chromeSidePanel(fail = false) {
  const api = {
    setOptions: vi.fn(async () => (fail ? Promise.reject(new Error('no panel')) : undefined)),
    open: vi.fn(async () => undefined),
  };
  extra.sidePanel = api;
  return api;
}

function firefoxSidebar() {
  const api = { setPanel: vi.fn(async () => undefined), open: vi.fn(async () => undefined) };
  extra.sidebarAction = api;
  return api;
}

beforeEach(() => {
  for (const key of Object.keys(own) as (keyof Extra)[]) delete extra[key];
});

afterEach(() => {
  for (const key of Object.keys(own) as (keyof Extra)[]) {
    if (own[key] === undefined) delete extra[key];
    else extra[key] = own[key];
  }
  vi.restoreAllMocks();
});

describe('which browser', () => {
  it('is Chromium with a service worker and a 30 s alarm floor at chrome-extension://', () => {
    expect([browserFamily(), backgroundKind(), minAlarmDelayMs()]).toEqual(['chromium', 'service-worker', 30_000]);
  });

  it('is Firefox with an event page and no alarm floor at moz-extension://', () => {
    asFirefox();
    expect([browserFamily(), backgroundKind(), minAlarmDelayMs()]).toEqual(['firefox', 'event-page', 0]);
  });
});

describe('side panel and sidebar', () => {
  it('points Chrome’s side panel for the tab at the path', async () => {
    const chrome = chromeSidePanel();
    expect(await setTabPanel(4, 'sidepanel.html?tab=4')).toBe(true);
    expect(chrome.setOptions).toHaveBeenCalledWith({ tabId: 4, path: 'sidepanel.html?tab=4', enabled: true });
  });

  it('points Firefox’s sidebar for the tab at the full extension URL', async () => {
    asFirefox();
    const firefox = firefoxSidebar();
    expect(await setTabPanel(4, 'sidepanel.html?tab=4')).toBe(true);
    expect(firefox.setPanel).toHaveBeenCalledWith({ tabId: 4, panel: 'moz-extension://0f1e-uuid/sidepanel.html?tab=4' });
  });

  it('answers false without a panel API or when the browser refuses', async () => {
    expect(await setTabPanel(4, 'sidepanel.html?tab=4')).toBe(false);
    expect(await openPanel(4)).toBe(false);
    chromeSidePanel(true);
    expect(await setTabPanel(4, 'sidepanel.html?tab=4')).toBe(false);
  });

  it('opens Chrome’s panel for the tab, Firefox’s sidebar for the window', async () => {
    const chrome = chromeSidePanel();
    expect(await openPanel(9)).toBe(true);
    expect(chrome.open).toHaveBeenCalledWith({ tabId: 9 });
    delete extra.sidePanel;

    const firefox = firefoxSidebar();
    expect(await openPanel(9)).toBe(true);
    expect(firefox.open).toHaveBeenCalledWith();
  });

  it('says not opened when open is refused outside a gesture', async () => {
    extra.sidebarAction = { open: () => Promise.reject(new Error('sidebarAction.open may only be called from a user input handler')) };
    expect(await openPanel(9)).toBe(false);
    extra.sidebarAction = {
      open: () => {
        throw new Error('sync failure');
      },
    };
    expect(await openPanel(9)).toBe(false);
  });

  it('lets the background open a tab’s sidebar on its own prospects in Firefox (surfaces)', async () => {
    asFirefox();
    const firefox = firefoxSidebar();
    expect(await openSidePanelInGesture(7)).toBe(true);
    expect(firefox.setPanel).toHaveBeenCalledWith({ tabId: 7, panel: 'moz-extension://0f1e-uuid/sidepanel.html?tab=7' });
    expect(firefox.open).toHaveBeenCalledTimes(1);
    await expect(setPanelForTab(8)).resolves.toBeUndefined();
    expect(await openSidePanelInGesture(undefined)).toBe(false);
  });
});

describe('plainJson', () => {
  it('delivers what Chrome’s JSON messaging would, whichever browser sends it', () => {
    const sent = { at: new Date('2026-11-27T10:00:00Z'), note: undefined, seen: new Map([['a', 1]]), keys: ['x', undefined] };
    expect(plainJson(sent)).toEqual({ at: '2026-11-27T10:00:00.000Z', seen: {}, keys: ['x', null] });
    expect(Object.keys(plainJson(sent))).not.toContain('note');
  });

  it('refuses a cyclic payload instead of sending something partial', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => plainJson(cyclic)).toThrow();
  });
});

describe('sessionArea', () => {
  it('is storage.session when the browser has it', async () => {
    await sessionArea().set({ syncBlockedUntil: { webhook: 1_000 } });
    expect(await fakeBrowser.storage.session.get('syncBlockedUntil')).toEqual({ syncBlockedUntil: { webhook: 1_000 } });
  });

  it('keeps values in memory, as copies, where storage.session is missing', async () => {
    const area: SessionArea = sessionArea({});
    const blocks = { webhook: 1_000 };
    await area.set({ blocks });
    blocks.webhook = 5;
    expect(await area.get('blocks')).toEqual({ blocks: { webhook: 1_000 } });
    await area.remove('blocks');
    expect(await area.get('blocks')).toEqual({});
  });
});

describe('missingSiteAccess', () => {
  it('lists the site patterns the user has not granted or has withdrawn', async () => {
    const granted = new Set(['https://mail.google.com/*']);
    extra.permissions = {
      contains: async ({ origins }: { origins: string[] }) => {
        if (origins[0] === 'https://broken.example/*') throw new Error('bad pattern');
        return granted.has(origins[0] ?? '');
      },
    };
    const missing = await missingSiteAccess(['https://mail.google.com/*', 'https://www.linkedin.com/*', 'https://broken.example/*']);
    expect(missing).toEqual(['https://www.linkedin.com/*', 'https://broken.example/*']);
  });
});
