import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPageContext } from '@/lib/content/page-context';

/** An event as the browser makes it; a page (and happy-dom) can only dispatch untrusted ones. */
const trusted = <E extends Event>(event: E): E => Object.defineProperty(event, 'isTrusted', { value: true });

describe('page context', () => {
  let scope: object;
  let alive: boolean;
  const start = () => startPageContext({ scope, alive: () => alive });

  beforeEach(() => {
    scope = {};
    alive = true;
  });
  afterEach(() => vi.useRealTimers());

  it('stops when the extension is gone, at the next check', () => {
    const ctx = start();
    const onAbort = vi.fn();
    ctx.signal.addEventListener('abort', onAbort);
    expect(ctx.isValid).toBe(true);
    alive = false;
    expect(onAbort).not.toHaveBeenCalled();
    expect(ctx.isValid).toBe(false);
    expect(ctx.signal.aborted).toBe(true);
    expect(onAbort).toHaveBeenCalledTimes(1);
  });

  it('a newer copy in the same world stops the older one, and only it', () => {
    const older = start();
    const newer = start();
    expect(older.signal.aborted).toBe(true);
    expect(String(older.signal.reason)).toMatch(/newer copy/);
    expect(newer.isValid).toBe(true);

    // Another world (another scope) is another page context: untouched.
    const elsewhere = startPageContext({ scope: {}, alive: () => true });
    expect(newer.isValid).toBe(true);
    expect(elsewhere.isValid).toBe(true);
  });

  it('leaves nothing the page could find: no DOM event, no window message, no global name', () => {
    const seen: string[] = [];
    const record = (event: Event) => seen.push(event.type);
    window.addEventListener('message', record);
    document.addEventListener('wxt:content-script-started', record);
    const dispatch = vi.spyOn(EventTarget.prototype, 'dispatchEvent');
    const post = vi.spyOn(window, 'postMessage');
    const before = Object.keys(globalThis);

    startPageContext({ alive: () => true });
    startPageContext({ alive: () => true });

    expect(dispatch).not.toHaveBeenCalled();
    expect(post).not.toHaveBeenCalled();
    expect(seen).toEqual([]);
    // The hand-over key is a symbol on the script's own global, not a name a page could read.
    expect(Object.keys(globalThis)).toEqual(before);
    dispatch.mockRestore();
    post.mockRestore();
    window.removeEventListener('message', record);
    document.removeEventListener('wxt:content-script-started', record);
  });

  it("a page cannot stop it: WXT's start-up event and any message change nothing", () => {
    const ctx = start();
    document.dispatchEvent(new CustomEvent('wxt:content-script-started', { detail: { contentScriptName: 'content', messageId: 'x' } }));
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'wxt:content-script-started', contentScriptName: 'content' } }));
    window.postMessage({ type: 'wxt:content-script-started' }, '*');
    expect(ctx.isValid).toBe(true);
  });

  it('listen() hears only events the browser made, and nothing after stopping', () => {
    const ctx = start();
    const handler = vi.fn();
    ctx.listen(window, 'online', handler);
    for (let i = 0; i < 200; i++) window.dispatchEvent(new Event('online'));
    expect(handler).not.toHaveBeenCalled();

    window.dispatchEvent(trusted(new Event('online')));
    expect(handler).toHaveBeenCalledTimes(1);

    ctx.stop('test');
    window.dispatchEvent(trusted(new Event('online')));
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('listen() stops a context whose extension is gone instead of calling the handler', () => {
    const ctx = start();
    const handler = vi.fn();
    ctx.listen(window, 'online', handler);
    alive = false;
    window.dispatchEvent(trusted(new Event('online')));
    expect(handler).not.toHaveBeenCalled();
    expect(ctx.signal.aborted).toBe(true);
  });

  it('every() ticks while valid and ends with the context or the extension', () => {
    vi.useFakeTimers();
    const ctx = start();
    const tick = vi.fn();
    ctx.every(1_000, tick);
    vi.advanceTimersByTime(3_000);
    expect(tick).toHaveBeenCalledTimes(3);

    alive = false;
    vi.advanceTimersByTime(1_000);
    expect(tick).toHaveBeenCalledTimes(3);
    expect(ctx.signal.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('every() stops when a newer copy starts', () => {
    vi.useFakeTimers();
    const older = start();
    const tick = vi.fn();
    older.every(1_000, tick);
    start();
    vi.advanceTimersByTime(5_000);
    expect(tick).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
