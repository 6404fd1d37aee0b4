import { describe, expect, it, vi } from 'vitest';
import type { SessionState } from '@/lib/content/session';
import { type Drawer, lazyDrawer, loadSidebar, type MountSidebar, offerSidebar, SIDEBAR_UI } from '@/lib/content/sidebar-loader';
import type { send as sendMessage } from '@/lib/messaging';

const nobody: SessionState = { views: [], loading: false };
const looking: SessionState = { views: [], loading: true };

/** A Drawer that records what it was given, in order. */
function recordingDrawer(log: string[]): Drawer {
  const drawer = ((state: SessionState) => void log.push(`draw:${state.loading ? 'loading' : state.views.length}`)) as Drawer;
  drawer.toggle = () => void log.push('toggle');
  return drawer;
}

/** A load that resolves when the test says so. */
function deferredLoad() {
  let resolve!: (mount: MountSidebar | undefined) => void;
  const load = vi.fn(() => new Promise<MountSidebar | undefined>((r) => (resolve = r)));
  return { load, answer: (mount: MountSidebar | undefined) => resolve(mount) };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('lazy sidebar drawer', () => {
  it('loads nothing while nobody is found, then once when someone is, and hands the latest state over', async () => {
    const { load, answer } = deferredLoad();
    const log: string[] = [];
    const drawer = lazyDrawer(load, () => recordingDrawer(log), () => true);
    drawer(nobody);
    drawer(nobody);
    expect(load).not.toHaveBeenCalled();

    drawer(looking);
    drawer({ views: [{} as never, {} as never], loading: false });
    expect(load).toHaveBeenCalledTimes(1);
    answer((() => undefined) as MountSidebar);
    await flush();
    expect(log).toEqual(['draw:2']);

    drawer(nobody);
    expect(log).toEqual(['draw:2', 'draw:0']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a toggle before the sidebar is there loads it and is replayed, in order, after the state (so its focus lands on cards)', async () => {
    const { load, answer } = deferredLoad();
    const log: string[] = [];
    const drawer = lazyDrawer(load, () => recordingDrawer(log), () => true);
    drawer.toggle();
    drawer.toggle();
    expect(load).toHaveBeenCalledTimes(1);
    drawer(nobody);
    answer((() => undefined) as MountSidebar);
    await flush();
    expect(log).toEqual(['draw:0', 'toggle', 'toggle']);
    drawer.toggle();
    expect(log).toEqual(['draw:0', 'toggle', 'toggle', 'toggle']);
  });

  it('asks again at the next state when the load failed; mounts nothing once the page context stopped', async () => {
    const failing = deferredLoad();
    const mount = vi.fn(() => recordingDrawer([]));
    const drawer = lazyDrawer(failing.load, mount, () => true);
    drawer(looking);
    failing.answer(undefined);
    await flush();
    expect(mount).not.toHaveBeenCalled();
    drawer(looking);
    expect(failing.load).toHaveBeenCalledTimes(2);

    const stopped = deferredLoad();
    let valid = true;
    const late = lazyDrawer(stopped.load, mount, () => valid);
    late(looking);
    valid = false;
    stopped.answer((() => undefined) as MountSidebar);
    await flush();
    expect(mount).not.toHaveBeenCalled();
  });
});

describe('loading the sidebar script', () => {
  const mountA: MountSidebar = () => undefined;
  const mountB: MountSidebar = () => undefined;

  it('asks the background, takes what the injected script offered, and leaves nothing behind', async () => {
    const scope = {};
    const send = vi.fn(async () => {
      offerSidebar(mountB, scope); // what the injected script does when it runs
      return { injected: true };
    }) as unknown as typeof sendMessage;
    expect(await loadSidebar(send, scope)).toBe(mountB);
    expect(send).toHaveBeenCalledWith({ type: 'page/sidebar' });
    expect(SIDEBAR_UI in scope).toBe(false);
  });

  it('never uses an offer already in the world (an older copy), nor one when the background refused', async () => {
    const scope = {};
    offerSidebar(mountA, scope);
    const refused = vi.fn(async () => ({ injected: false })) as unknown as typeof sendMessage;
    expect(await loadSidebar(refused, scope)).toBeUndefined();

    offerSidebar(mountA, scope);
    const failed = vi.fn(async () => {
      throw new Error('The worker went away');
    }) as unknown as typeof sendMessage;
    expect(await loadSidebar(failed, scope)).toBeUndefined();
    expect(SIDEBAR_UI in scope).toBe(false);
  });
});
