/**
 * The sidebar script's mount (entrypoints/content-sidebar/index.tsx) while a lookup is on its way with
 * no cards yet: the skeleton, and the room the page makes for it, wait 250 ms. A thread whose people
 * the background leaves out (a newsletter, colleagues) answers with nobody well within that, and the
 * page must not narrow and widen again for nothing.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { Drawer } from '@/lib/content/sidebar-loader';
import { setClock } from '@/lib/clock';
import { makeView, NOW } from '../components/factory';
import { offeredMount } from './support/sidebar-script';

vi.mock('@/lib/content/sidebar-loader', () => import('./support/sidebar-script'));
vi.mock('@/lib/content/shadow-host', () => import('./support/sidebar-script'));

let controller: AbortController;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  setClock(() => NOW);
  vi.stubGlobal('defineUnlistedScript', (def: { main(): void }) => def);
  ((await import('@/entrypoints/content-sidebar/index')).default as unknown as { main(): void }).main();
});

afterEach(() => {
  controller.abort();
  vi.useRealTimers();
  document.body.innerHTML = '';
});

function mount(): { drawer: Drawer; host: HTMLElement } {
  controller = new AbortController();
  const ctx = { signal: controller.signal, isValid: true, listen: () => undefined };
  const drawer = offeredMount()(ctx as never, { enabled: true, collapsed: false } as never, false, vi.fn(async () => undefined) as never)!;
  return { drawer, host: document.body.firstElementChild as HTMLElement };
}

const state = () => document.querySelector('aside')?.getAttribute('data-state') ?? 'none';

it('stays out of the page when the lookup answers with nobody within 250 ms', () => {
  const { drawer, host } = mount();
  drawer({ views: [], loading: true });
  expect(host.hidden).toBe(true);
  vi.advanceTimersByTime(200);
  drawer({ views: [], loading: false });
  vi.advanceTimersByTime(1_000);
  expect(host.hidden).toBe(true);
  expect(state()).toBe('none');
});

it('draws cards that come in time at once, without a skeleton first', () => {
  const { drawer, host } = mount();
  drawer({ views: [], loading: true });
  vi.advanceTimersByTime(100);
  drawer({ views: [makeView()], loading: false });
  expect(host.hidden).toBe(false);
  expect(state()).toBe('ready');
});

it('shows the skeleton once the lookup has taken 250 ms, then the cards', () => {
  const { drawer, host } = mount();
  drawer({ views: [], loading: true });
  vi.advanceTimersByTime(249);
  expect(host.hidden).toBe(true);
  vi.advanceTimersByTime(1);
  expect(host.hidden).toBe(false);
  expect(state()).toBe('loading');
  drawer({ views: [makeView()], loading: false });
  expect(state()).toBe('ready');
});
