/**
 * The sidebar script's mount (entrypoints/content-sidebar/index.tsx) and the keyboard command that
 * folds it (Alt+Shift+P). On a page with nobody on it (an inbox) nothing is drawn: a fold the rep
 * cannot see must not be saved for the site, or the next thread would open folded.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { Drawer } from '@/lib/content/sidebar-loader';
import { setClock } from '@/lib/clock';
import { makeView, NOW } from '../components/factory';
import { offeredMount } from './support/sidebar-script';

vi.mock('@/lib/content/sidebar-loader', () => import('./support/sidebar-script'));
vi.mock('@/lib/content/shadow-host', () => import('./support/sidebar-script'));

let controller: AbortController;
let sent: unknown[];

beforeEach(async () => {
  setClock(() => NOW);
  vi.stubGlobal('defineUnlistedScript', (def: { main(): void }) => def);
  ((await import('@/entrypoints/content-sidebar/index')).default as unknown as { main(): void }).main();
});

afterEach(() => {
  controller.abort();
  document.body.innerHTML = '';
});

function mount(collapsed = false): { drawer: Drawer; host: HTMLElement } {
  controller = new AbortController();
  const ctx = { signal: controller.signal, isValid: true, listen: () => undefined };
  sent = [];
  const send = vi.fn(async (request: unknown) => void sent.push(request));
  const drawer = offeredMount()(ctx as never, { enabled: true, collapsed } as never, false, send as never)!;
  return { drawer, host: document.body.firstElementChild as HTMLElement };
}

const state = () => document.querySelector('aside')?.getAttribute('data-state') ?? 'none';
const folds = () => sent.filter((request) => (request as { type: string }).type === 'page/collapse');

it('saves no fold from the shortcut on a page with nobody on it, and the next thread opens unfolded', () => {
  const { drawer, host } = mount();
  drawer({ views: [], loading: false });
  drawer.toggle();
  expect(host.hidden).toBe(true);
  expect(folds()).toEqual([]);
  drawer({ views: [makeView()], loading: false });
  expect(state()).toBe('ready');
});

it('folds a drawn sidebar from the shortcut and remembers it for the site', () => {
  const { drawer } = mount();
  drawer({ views: [makeView()], loading: false });
  drawer.toggle();
  expect(state()).toBe('collapsed');
  expect(folds()).toEqual([{ type: 'page/collapse', collapsed: true }]);
});

it('still unfolds a sidebar folded for the site, with nobody on the page', () => {
  const { drawer } = mount(true);
  drawer({ views: [], loading: false });
  drawer.toggle();
  expect(folds()).toEqual([{ type: 'page/collapse', collapsed: false }]);
  drawer({ views: [makeView()], loading: false });
  expect(state()).toBe('ready');
});
