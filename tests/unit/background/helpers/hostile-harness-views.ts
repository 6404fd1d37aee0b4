/**
 * A background as entrypoints/background.ts wires it (the real router, guard, handlers and tab owner,
 * the real pageGetsCards), with the cards built by `build`: for tests of what a content script is
 * answered and pushed, and of what one tab can make the sources do. Adapted from the review's
 * scratch harness (tests/unit/zz-r2-hostile/harness.ts).
 */
import { createHandlers, type Background } from '@/lib/background/handlers';
import { pageGetsCards } from '@/lib/background/page-settings';
import { createRateLimiter } from '@/lib/background/rate-limit';
import { createRouter } from '@/lib/background/router';
import { type BuildOptions, createTabViews, type Detection } from '@/lib/background/tab-views';
import type { Reply } from '@/lib/messaging';
import type { Push } from '@/lib/model/messages';
import type { ProspectView } from '@/lib/model/view';
import { memoryArea } from '../../support/background';

export const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

/** A content script's sender in Gmail tab `tabId`. */
export const gmail = (tabId: number) => ({ id: ID, url: 'https://mail.google.com/mail/u/0/#inbox/1', tab: { id: tabId, url: 'https://mail.google.com/mail/u/0/' } });

export function hostileBackground({ build }: { build: (d: Detection, o: BuildOptions) => Promise<ProspectView[]> }) {
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
    settingsChanged: () => undefined,
    eraseAll: async () => undefined,
  };
  const route = createRouter(createHandlers(bg), () => ({ id: ID, origin: ORIGIN }));
  const ask = (message: Record<string, unknown>, sender: object) => route(message, sender) as Promise<Reply<unknown>>;
  return { ask, tabs, pushes };
}
