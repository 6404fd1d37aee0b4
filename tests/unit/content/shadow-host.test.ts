import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountShadowHost, SIDEBAR_HOST } from '@/lib/content/shadow-host';

describe('the sidebar host', () => {
  afterEach(() => {
    document.body.replaceChildren();
    for (const host of document.querySelectorAll(SIDEBAR_HOST)) host.remove();
  });

  it('is one element at the end of <html>, after <body>, whose shadow root the page cannot reach', () => {
    const controller = new AbortController();
    const mounted = mountShadowHost(document, '.pl-root { color: red; }', controller.signal)!;
    const host = document.documentElement.lastElementChild as HTMLElement;
    expect(host.previousElementSibling).toBe(document.body);
    expect(host).toBe(mounted.host);
    expect(host.localName).toBe(SIDEBAR_HOST);
    // Closed: element.shadowRoot is null for everyone but the content script holding the root.
    expect(host.shadowRoot).toBeNull();
    expect(mounted.container.getRootNode()).toBeInstanceOf(ShadowRoot);
    expect((mounted.container.getRootNode() as ShadowRoot).mode).toBe('closed');
    expect(mounted.container.previousElementSibling?.textContent).toContain('.pl-root { color: red; }');
  });

  it('is made past a named element that clobbers document.implementation', () => {
    // happy-dom does not clobber as browsers do: defined on the document as Chromium's named lookup answers.
    const form = document.createElement('form');
    form.setAttribute('name', 'implementation');
    document.body.append(form);
    Object.defineProperty(document, 'implementation', { configurable: true, get: () => form });
    try {
      const mounted = mountShadowHost(document, '', new AbortController().signal);
      expect(mounted?.host.localName).toBe(SIDEBAR_HOST);
      expect(document.documentElement.lastElementChild).toBe(mounted?.host);
    } finally {
      delete (document as { implementation?: unknown }).implementation;
    }
  });

  it('keeps keys typed inside from the page’s shortcuts', () => {
    const controller = new AbortController();
    const { container } = mountShadowHost(document, '', controller.signal)!;
    const input = document.createElement('input');
    container.append(input);
    const pageShortcut = vi.fn();
    document.addEventListener('keydown', pageShortcut);
    document.addEventListener('input', pageShortcut);
    const own = vi.fn();
    input.addEventListener('keydown', own);

    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'c', bubbles: true, composed: true }));
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    expect(own).toHaveBeenCalledTimes(1);
    expect(pageShortcut).not.toHaveBeenCalled();
    document.removeEventListener('keydown', pageShortcut);
    document.removeEventListener('input', pageShortcut);
  });

  it('replaces a host an older copy of the script left behind', () => {
    const stale = document.createElement(SIDEBAR_HOST);
    document.body.append(stale);
    const { host } = mountShadowHost(document, '', new AbortController().signal)!;
    expect([...document.querySelectorAll(SIDEBAR_HOST)]).toEqual([host]);
  });

  it('leaves the page when the context stops', () => {
    const controller = new AbortController();
    mountShadowHost(document, '', controller.signal);
    expect(document.querySelectorAll(SIDEBAR_HOST)).toHaveLength(1);
    controller.abort();
    expect(document.querySelectorAll(SIDEBAR_HOST)).toHaveLength(0);
  });

  it('gives up, without throwing, when the page already attached a root to an element of that name', () => {
    const attach = vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(() => {
      throw new DOMException('Shadow root cannot be created on a host which already hosts a shadow tree.', 'NotSupportedError');
    });
    expect(mountShadowHost(document, '', new AbortController().signal)).toBeNull();
    expect(document.querySelectorAll(SIDEBAR_HOST)).toHaveLength(0);
    attach.mockRestore();
  });
});
