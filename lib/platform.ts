/**
 * Where Chrome (and Edge) and Firefox differ at run time, decided in one place. Both builds are
 * Manifest V3 (docs/firefox.md says why); what still differs:
 *
 * - Background: Chrome runs a service worker, Firefox an event page (a hidden document). Both are
 *   unloaded when idle (about 30 s) and restarted by the next event, so the background registers its
 *   listeners synchronously, keeps nothing in memory that matters, and uses no DOM API (a worker has none).
 * - Side panel: Chrome's `sidePanel` takes a per-tab path; Firefox's `sidebar_action` a per-tab panel URL.
 *   Both open only inside a user gesture.
 * - Alarms: Chrome fires a packed extension's alarms at most every 30 s; Firefox fires them when asked
 *   (measured in ESR 153: 0.5 s, 1 s and 3 s alarms fired on time).
 * - Messaging: Chrome serialises runtime messages as JSON, Firefox as a structured clone (a Date stays a
 *   Date, `undefined` members survive). Payloads are made plain JSON, so both deliver the same thing.
 * - Host permissions: both grant an MV3 manifest's `host_permissions` at install (seen in ESR 153),
 *   but Firefox lets the user withdraw them per site in about:addons at any time.
 * - `storage.session`: Chrome ≥ 102 and Firefox ≥ 115 have it; where it is missing a memory stand-in
 *   keeps callers working for the life of the background.
 */
import { browser } from 'wxt/browser';

export type BrowserFamily = 'firefox' | 'chromium';

/** Firefox is the only browser whose extension pages live at `moz-extension://`. */
export function browserFamily(): BrowserFamily {
  return browser.runtime.getURL('/').startsWith('moz-extension:') ? 'firefox' : 'chromium';
}

/** How the manifest's background runs in this browser. */
export function backgroundKind(): 'event-page' | 'service-worker' {
  return browserFamily() === 'firefox' ? 'event-page' : 'service-worker';
}

/** The shortest alarm delay or period the browser honours; shorter waits need a timer too. */
export function minAlarmDelayMs(): number {
  return browserFamily() === 'firefox' ? 0 : 30_000;
}

// --- Side panel (Chrome) / sidebar (Firefox) ---

interface ChromeSidePanel {
  setOptions(options: { tabId?: number; path?: string; enabled?: boolean }): Promise<void>;
  open(options: { tabId?: number; windowId?: number }): Promise<void>;
}
interface FirefoxSidebar {
  open(): Promise<void>;
  setPanel(details: { tabId?: number; panel: string }): Promise<void>;
}

const sidePanelApi = () => (browser as unknown as { sidePanel?: ChromeSidePanel }).sidePanel;
const sidebarApi = () => (browser as unknown as { sidebarAction?: FirefoxSidebar }).sidebarAction;

/**
 * Whether this browser has a panel at all. Firefox for Android has neither API (no sidebar there), and
 * a button that opens nothing must not be offered (docs/firefox.md).
 */
export function hasPanel(): boolean {
  return sidePanelApi() !== undefined || sidebarApi() !== undefined;
}

/** Shows `path` (e.g. `sidepanel.html?tab=3`) in that tab's panel. Resolves false where there is no panel. */
export function setTabPanel(tabId: number, path: `sidepanel.html${string}`): Promise<boolean> {
  const chrome = sidePanelApi();
  if (chrome) return chrome.setOptions({ tabId, path, enabled: true }).then(() => true, () => false);
  const firefox = sidebarApi();
  if (firefox) return firefox.setPanel({ tabId, panel: browser.runtime.getURL(`/${path}`) }).then(() => true, () => false);
  return Promise.resolve(false);
}

/**
 * Opens the panel for a tab. Call it synchronously inside a user gesture (a click, a command, a
 * context-menu click): both browsers refuse once the gesture has passed. Resolves whether it opened.
 */
export function openPanel(tabId: number): Promise<boolean> {
  try {
    const chrome = sidePanelApi();
    const opened = chrome ? chrome.open({ tabId }) : sidebarApi()?.open();
    return opened ? opened.then(() => true, () => false) : Promise.resolve(false);
  } catch {
    return Promise.resolve(false);
  }
}

// --- Messaging ---

/**
 * `value` as Chrome's JSON messaging delivers it: Dates become ISO strings, `undefined` members and
 * functions disappear, Maps and Sets become `{}`. Senders pass payloads through it and the background
 * validates what it returns, so a message means the same in both browsers. Throws on a cycle or BigInt.
 */
export function plainJson<T>(value: T): T {
  const text = JSON.stringify(value);
  return (text === undefined ? undefined : JSON.parse(text)) as T;
}

// --- storage.session ---

export interface SessionArea {
  /** `null`: everything in the area. */
  get(key: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string | string[]): Promise<void>;
  clear(): Promise<void>;
}

const memory = new Map<string, unknown>();

/** Stands in for `storage.session` where it is missing: same calls, kept for this context's life. */
const memoryArea: SessionArea = {
  get: async (keys) => {
    const found: Record<string, unknown> = {};
    for (const key of keys === null ? memory.keys() : [keys].flat()) if (memory.has(key)) found[key] = plainJson(memory.get(key));
    return found;
  },
  set: async (items) => {
    for (const [key, value] of Object.entries(plainJson(items))) memory.set(key, value);
  },
  remove: async (keys) => {
    for (const key of [keys].flat()) memory.delete(key);
  },
  clear: async () => memory.clear(),
};

/** `storage.session` when the browser has it, else the memory stand-in. */
export function sessionArea(storage: { session?: SessionArea } = browser.storage as { session?: SessionArea }): SessionArea {
  return storage.session ?? memoryArea;
}

// --- Host permissions ---

/**
 * Which of `patterns` (the manifest's site matches) the user has not granted, or has withdrawn
 * (Firefox: about:addons → Permissions). The content script does not run on those sites.
 */
export async function missingSiteAccess(patterns: readonly string[]): Promise<string[]> {
  const granted = await Promise.all(
    patterns.map((origin) => browser.permissions.contains({ origins: [origin] }).catch(() => false)),
  );
  return patterns.filter((_, i) => !granted[i]);
}

/** What diagnostics should say about the browser, for support. */
export function platformInfo() {
  return {
    browser: browserFamily(),
    background: backgroundKind(),
    sessionStorage: (browser.storage as { session?: unknown }).session !== undefined,
    minAlarmDelayMs: minAlarmDelayMs(),
  };
}
