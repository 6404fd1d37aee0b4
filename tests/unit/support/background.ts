/**
 * A real background for component tests: `send` (mocked with vi.mock('@/lib/messaging')) goes through
 * the real router — guard, zod parsing, handlers — as a message from an extension page, against the
 * real settings and secrets stores in fake IndexedDB. Pushes are recorded instead of sent.
 * `override` answers chosen request types itself (a connection test against no server, say).
 */
import { afterEach, beforeEach, vi } from 'vitest';

type Mock = ReturnType<typeof vi.fn>;
import { createHandlers } from '@/lib/background/handlers';
import { createRateLimiter } from '@/lib/background/rate-limit';
import { createRouter } from '@/lib/background/router';
import { type BuildOptions, createTabViews, type Detection } from '@/lib/background/tab-views';
import { deleteEverything } from '@/lib/data/erase';
import { closeDbForTests } from '@/lib/store/db';
import { MessageError, type Reply } from '@/lib/messaging';
import type { Push } from '@/lib/model/messages';
import type { ProspectView } from '@/lib/model/view';
import type { SessionArea } from '@/lib/platform';

type BuildViews = (detection: Detection, options: BuildOptions) => Promise<ProspectView[]>;

const EXTENSION_ID = 'test-extension';
const ORIGIN = `chrome-extension://${EXTENSION_ID}/`;

export function memoryArea(): SessionArea {
  const data = new Map<string, unknown>();
  return {
    get: async (keys) => Object.fromEntries((keys === null ? [...data.keys()] : [keys].flat()).filter((k) => data.has(k)).map((k) => [k, structuredClone(data.get(k))])),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, structuredClone(v))),
    remove: async (keys) => void [keys].flat().forEach((k) => data.delete(k)),
    clear: async () => data.clear(),
  };
}

/**
 * The background's router over the real handlers, with the tab owner on a memory session area and
 * `build` standing in for the card builder. Pushes are recorded.
 */
export function testBackground({ build = async () => [], id = EXTENSION_ID }: { build?: BuildViews; id?: string } = {}) {
  const pushes: Push[] = [];
  const tabs = createTabViews({
    area: memoryArea(),
    build,
    paintBadge: async () => undefined,
    pushToTab: (_tabId, push) => pushes.push(push),
    pushToPages: (push) => pushes.push(push),
    coalesceMs: 0,
  });
  const route = createRouter(
    createHandlers({
      tabs,
      detections: createRateLimiter({ burst: 20, perSecond: 5 }),
      pageRequests: createRateLimiter({ burst: 10, perSecond: 1 }),
      kickSync: () => undefined,
      drainNow: async () => ({ attempted: 0 }),
      settingsChanged: () => void pushes.push({ type: 'push/settings' }),
      eraseAll: async () => {
        await tabs.clearAll();
        await deleteEverything();
      },
    }),
    () => ({ id, origin: `chrome-extension://${id}/` }),
  );
  return { route, tabs, pushes };
}

/** Makes a mocked `send` go through a real background, as a message from the options page. */
export function routeToBackground(sendMock: Mock, override: Record<string, (request: never) => unknown> = {}) {
  const { route, tabs, pushes } = testBackground();
  sendMock.mockImplementation(async (request: { type: string }) => {
    const own = override[request.type];
    if (own) return own(request as never);
    const reply = (await route(request, { id: EXTENSION_ID, url: `${ORIGIN}options.html` })) as Reply<unknown>;
    if (!reply.ok) throw new MessageError(reply.error.code, reply.error.message);
    return reply.data;
  });
  return { pushes, tabs };
}

/** For a test file: every test starts on a fresh database, with `send` reaching a real background. */
export function withRealBackground(sendMock: Mock): void {
  beforeEach(async () => {
    await closeDbForTests();
    sendMock.mockReset();
    routeToBackground(sendMock);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
}
