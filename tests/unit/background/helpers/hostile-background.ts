/**
 * The background as entrypoints/background.ts wires it, for attacks from a content script: the real
 * router, guard, handlers and tab owner, with the real `pageGetsCards` (what a tab's page is pushed)
 * and `settingsChanged` as the caller passes it. Pushes are recorded with the tab they went to. For
 * tests of what a page may make the background do, and what it is answered and pushed.
 */
import { createHandlers, type Background } from '@/lib/background/handlers';
import { pageGetsCards } from '@/lib/background/page-settings';
import { createRateLimiter } from '@/lib/background/rate-limit';
import { createRouter } from '@/lib/background/router';
import { type BuildOptions, createTabViews, type Detection } from '@/lib/background/tab-views';
import type { Reply } from '@/lib/messaging';
import type { Push } from '@/lib/model/messages';
import type { Settings } from '@/lib/model/settings';
import type { ProspectView } from '@/lib/model/view';
import { memoryArea } from '../../support/background';

export const ID = 'abcdefghijklmnopabcdefghijklmnop';
export const ORIGIN = `chrome-extension://${ID}/`;
export const GMAIL_URL = 'https://mail.google.com/mail/u/0/#inbox/1';
export const gmail = (tabId: number) => ({ id: ID, url: GMAIL_URL, tab: { id: tabId, url: 'https://mail.google.com/mail/u/0/' } });
export const linkedin = (tabId: number) => ({ id: ID, url: 'https://www.linkedin.com/in/jonas/', tab: { id: tabId, url: 'https://www.linkedin.com/in/jonas/' } });
export const options = { id: ID, url: `${ORIGIN}options.html` };

export const simpleView = (key: string, alternatives: string[] = []) =>
  ({ key, detectedKey: key, known: false, alternatives: alternatives.map((k) => ({ key: k })), actions: [], events: [], sources: [], prospect: { key, emails: [key], refs: [] } }) as unknown as ProspectView;

type TabViews = ReturnType<typeof createTabViews>;
type SettingsChanged = (tabs: TabViews, settings: Settings, change: { connections: boolean }) => void;

export function hostileBackground({
  build = async (d: Detection) => d.candidates.map((c) => simpleView(c.key)),
  settingsChanged,
}: { build?: (d: Detection, o: BuildOptions) => Promise<ProspectView[]>; settingsChanged?: SettingsChanged } = {}) {
  const pushes: { to: 'tab' | 'pages'; tabId?: number; push: Push }[] = [];
  const tabs = createTabViews({
    area: memoryArea(),
    build,
    paintBadge: async () => undefined,
    pushToTab: (tabId, push) => pushes.push({ to: 'tab', tabId, push }),
    pushToPages: (push) => pushes.push({ to: 'pages', push }),
    pageGetsCards,
    coalesceMs: 0,
  });
  const bg: Background = {
    tabs,
    detections: createRateLimiter({ burst: 20, perSecond: 5 }),
    pageRequests: createRateLimiter({ burst: 10, perSecond: 1 }),
    kickSync: () => undefined,
    drainNow: async () => ({ attempted: 0 }),
    settingsChanged: (next, change) => settingsChanged?.(tabs, next, change),
    eraseAll: async () => undefined,
  };
  const route = createRouter(createHandlers(bg), () => ({ id: ID, origin: ORIGIN }));
  const ask = (message: Record<string, unknown>, sender: object) => route(message, sender) as Promise<Reply<unknown>>;
  /** The keys of every push/tab that went to the tab's own content script. */
  const pagePushes = (tabId: number) =>
    pushes.filter((p) => p.to === 'tab' && p.tabId === tabId && p.push.type === 'push/tab').map((p) => (p.push as Extract<Push, { type: 'push/tab' }>).views.map((v) => v.key));
  return { ask, tabs, pushes, pagePushes };
}
