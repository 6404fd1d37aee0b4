/**
 * The sidebar script's mount (entrypoints/content-sidebar/index.tsx): muting the only person on the
 * page. The background's next push has no cards; the sidebar stays drawn for "Muted Dana. Undo" until
 * the rep presses Undo or Hide, or the page moves on, and the focus stays in it.
 */
import { fireEvent, within } from '@testing-library/preact';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { Drawer } from '@/lib/content/sidebar-loader';
import { setClock } from '@/lib/clock';
import { makeView, NOW } from '../components/factory';
import { offeredMount } from './support/sidebar-script';

vi.mock('@/lib/content/sidebar-loader', () => import('./support/sidebar-script'));
vi.mock('@/lib/content/shadow-host', () => import('./support/sidebar-script'));

const dana = makeView();
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
  history.replaceState(null, '', '/');
});

/** Mounts the sidebar with Dana alone, mutes her, and draws the push that no longer has her. */
async function muteTheOnlyPerson(): Promise<{ drawer: Drawer; host: HTMLElement }> {
  controller = new AbortController();
  const ctx = { signal: controller.signal, isValid: true, listen: () => undefined };
  sent = [];
  const send = vi.fn(async (request: unknown) => void sent.push(request));
  const drawer = offeredMount()(ctx as never, { enabled: true, collapsed: false } as never, false, send as never)!;
  drawer({ views: [dana], loading: false });
  const mute = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Mute')!;
  mute.focus();
  fireEvent.click(mute);
  drawer({ views: [], loading: false });
  return { drawer, host: document.body.firstElementChild as HTMLElement };
}

const undoBanner = () => document.querySelector<HTMLElement>('[data-testid="mute-undo"]');
const hideButton = () => document.querySelector<HTMLElement>('[aria-label="Hide the sidebar"]');

it('keeps the sidebar drawn with Undo, focused, when the muted person was the only one', async () => {
  const { drawer, host } = await muteTheOnlyPerson();
  expect(sent).toEqual([{ type: 'ignore/add', entry: dana.detectedKey }]);
  expect(host.hidden).toBe(false);
  const undo = within(undoBanner()!).getByRole('button', { name: 'Undo' });
  expect(document.activeElement).toBe(undo);
  fireEvent.click(undo);
  expect(sent.at(-1)).toEqual({ type: 'ignore/remove', entry: dana.detectedKey });
  // The banner goes; the focus goes to Hide until Dana's card is back.
  expect(document.activeElement).toBe(hideButton());
  drawer({ views: [dana], loading: false });
  expect(host.hidden).toBe(false);
  expect(document.querySelector('[data-testid="prospect-card"]')).not.toBeNull();
});

it('puts the sidebar away on Hide without folding it for the site', async () => {
  const { host } = await muteTheOnlyPerson();
  fireEvent.click(hideButton()!);
  expect(host.hidden).toBe(true);
  expect(undoBanner()).toBeNull();
  expect(sent).not.toContainEqual(expect.objectContaining({ type: 'page/collapse' }));
});

it('does not stay drawn for the undo once the page shows another thread with nobody on it', async () => {
  const { drawer, host } = await muteTheOnlyPerson();
  history.replaceState(null, '', '/#inbox/another-thread');
  drawer({ views: [], loading: false });
  expect(host.hidden).toBe(true);
  expect(undoBanner()).toBeNull();
});

it('leaves the Undo and the closed cards on the thread they were made on', async () => {
  controller = new AbortController();
  const ctx = { signal: controller.signal, isValid: true, listen: () => undefined };
  sent = [];
  const send = vi.fn(async (request: unknown) => void sent.push(request));
  const drawer = offeredMount()(ctx as never, { enabled: true, collapsed: false } as never, false, send as never)!;
  const lee = makeView({ prospect: { key: 'lee@contoso.example', emails: ['lee@contoso.example'], name: 'Lee' } });
  const li = makeView({ prospect: { key: 'li.wei@contoso.example', emails: ['li.wei@contoso.example'], name: 'Li Wei' } });
  history.replaceState(null, '', '/#inbox/thread-a');
  drawer({ views: [dana, lee], loading: false });
  fireEvent.click([...document.querySelectorAll('button')].find((b) => b.textContent === 'Mute')!);
  drawer({ views: [lee], loading: false });
  expect(undoBanner()).not.toBeNull();
  // The rep closes Lee's card too: every card on thread A is closed.
  fireEvent.click(document.querySelector<HTMLElement>('[data-testid="prospect-card"] .pl-toggle')!);
  expect(document.querySelector('[data-testid="prospect-card"]')?.getAttribute('data-expanded')).toBe('false');

  history.replaceState(null, '', '/#inbox/thread-b');
  drawer({ views: [li], loading: false });
  expect(undoBanner()).toBeNull();
  // The next thread opens its first card, as any thread does.
  expect(document.querySelector('[data-testid="prospect-card"]')?.getAttribute('data-expanded')).toBe('true');
});
