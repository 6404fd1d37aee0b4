import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { observationRoot, watchLocation, watchPage } from '@/lib/detect';
import { fixtures, parse } from './fixtures';

/** Lets the MutationObserver deliver its records (a microtask). */
const delivered = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('watchPage', () => {
  let controller: AbortController;
  let root: HTMLElement;
  const onChange = vi.fn();

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    controller = new AbortController();
    root = document.createElement('div');
    document.body.append(root);
    onChange.mockReset();
    watchPage({ root, signal: controller.signal, debounceMs: 50, maxWaitMs: 250, onChange });
  });

  afterEach(() => {
    controller.abort();
    root.remove();
    vi.useRealTimers();
  });

  it('runs once after a burst of changes has settled', async () => {
    for (let i = 0; i < 5; i++) root.append(document.createElement('span'));
    await delivered();
    vi.advanceTimersByTime(49);
    expect(onChange).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('still runs while the page never stops changing', async () => {
    for (let t = 0; t < 600; t += 30) {
      root.append(document.createElement('span'));
      await delivered();
      vi.advanceTimersByTime(30);
    }
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('sees changes deep in the subtree, including removals', async () => {
    const deep = document.createElement('div');
    root.append(deep);
    await delivered();
    vi.advanceTimersByTime(50);
    deep.append(document.createElement('p'));
    await delivered();
    vi.advanceTimersByTime(50);
    deep.remove();
    await delivered();
    vi.advanceTimersByTime(50);
    expect(onChange).toHaveBeenCalledTimes(3);
  });

  it('ignores attribute changes', async () => {
    root.setAttribute('aria-expanded', 'true');
    root.className = 'x';
    await delivered();
    vi.advanceTimersByTime(500);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('ignores the extension’s own sidebar coming, changing and going', async () => {
    const sidebar = document.createElement('prospect-lens-sidebar');
    root.append(sidebar);
    sidebar.append(document.createElement('div'));
    sidebar.attachShadow({ mode: 'open' }).append(document.createElement('section'));
    sidebar.remove();
    await delivered();
    vi.advanceTimersByTime(500);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('stops when the signal aborts, dropping a pending call', async () => {
    root.append(document.createElement('span'));
    await delivered();
    controller.abort();
    vi.advanceTimersByTime(500);
    root.append(document.createElement('span'));
    await delivered();
    vi.advanceTimersByTime(500);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('does nothing with a signal that is already aborted', async () => {
    const other = vi.fn();
    watchPage({ root, signal: AbortSignal.abort(), onChange: other });
    root.append(document.createElement('span'));
    await delivered();
    vi.advanceTimersByTime(500);
    expect(other).not.toHaveBeenCalled();
  });
});

describe('observationRoot', () => {
  const page = (name: string) => parse(fixtures.find((f) => f.name === name)!.html);

  it('uses the body in Gmail, where compose windows sit outside the thread', () => {
    const document = page('gmail-compose');
    expect(observationRoot('gmail', document)).toBe(document.body);
  });

  it('uses the app root in Outlook and the application outlet in LinkedIn', () => {
    expect(observationRoot('outlook', page('outlook-compose')).id).toBe('appRoot');
    expect(observationRoot('linkedin', page('linkedin-profile')).className).toBe('application-outlet');
  });

  it('still finds its root when page elements shadow the document properties it reads', () => {
    const document = page('outlook-compose');
    const body = document.body;
    // happy-dom does not clobber `document.<name>` from named elements as browsers do: define it.
    // (Not `documentElement`: happy-dom's own `body` getter reads it through `this`, a browser's does not.)
    for (const name of ['querySelector', 'body']) {
      const form = document.createElement('form');
      form.setAttribute('name', name);
      body.append(form);
      Object.defineProperty(document, name, { configurable: true, get: () => form });
    }
    expect(observationRoot('outlook', document).id).toBe('appRoot');
    expect(observationRoot('linkedin', document)).toBe(body);
  });

  it('falls back to the body when the container is missing', () => {
    const document = parse('<p>nothing</p>');
    expect(observationRoot('linkedin', document)).toBe(document.body);
  });
});

describe('watchLocation', () => {
  /** An event as the browser makes it; happy-dom, like a page, can only dispatch untrusted ones. */
  const trusted = <E extends Event>(event: E): E => Object.defineProperty(event, 'isTrusted', { value: true });

  it('reports each new URL once, from trusted events or from check()', () => {
    const controller = new AbortController();
    const onChange = vi.fn();
    const check = watchLocation({ window, signal: controller.signal, onChange });
    const start = window.location.href;

    window.history.pushState({}, '', '/mail/u/0/#inbox/FMfcgz1');
    window.dispatchEvent(trusted(new PopStateEvent('popstate')));
    window.dispatchEvent(trusted(new HashChangeEvent('hashchange')));
    check();
    expect(onChange.mock.calls).toEqual([[new URL('/mail/u/0/#inbox/FMfcgz1', start).href]]);

    // pushState fires no event: the caller's check() (its poll, or after a DOM change) sees it.
    window.history.pushState({}, '', '/mail/u/0/#sent');
    check();
    expect(onChange).toHaveBeenLastCalledWith(new URL('/mail/u/0/#sent', start).href);

    controller.abort();
    window.history.pushState({}, '', '/elsewhere');
    window.dispatchEvent(trusted(new PopStateEvent('popstate')));
    check();
    expect(onChange).toHaveBeenCalledTimes(2);
    window.history.pushState({}, '', start);
  });

  it('ignores popstate and hashchange events a page dispatches', () => {
    const controller = new AbortController();
    const onChange = vi.fn();
    watchLocation({ window, signal: controller.signal, onChange });
    const start = window.location.href;

    window.history.pushState({}, '', '/mail/u/0/#inbox/forged');
    for (let i = 0; i < 50; i++) {
      window.dispatchEvent(new PopStateEvent('popstate'));
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    }
    expect(onChange).not.toHaveBeenCalled();
    controller.abort();
    window.history.pushState({}, '', start);
  });
});
