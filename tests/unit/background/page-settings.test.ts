import { beforeEach, describe, expect, it, vi } from 'vitest';
import { injectSidebar, pageGetsCards, pageSettingsHandlers, sitesOff } from '@/lib/background/page-settings';
import type { Caller } from '@/lib/background/guard';
import { closeDbForTests } from '@/lib/store/db';
import { saveSettings } from '@/lib/store/settings';

const gmail: Caller = { kind: 'content', tabId: 3, url: 'https://mail.google.com/mail/u/0/#inbox' };
const linkedin: Caller = { kind: 'content', tabId: 4, url: 'https://www.linkedin.com/in/dana/' };
const settingsOf = (caller: Caller) => pageSettingsHandlers['page/settings']({ type: 'page/settings' }, caller);
const collapse = (caller: Caller, collapsed: boolean) => pageSettingsHandlers['page/collapse']({ type: 'page/collapse', collapsed }, caller);

describe('page settings, as the background gives them to a content script', () => {
  it('answers for the sender’s own site: on, overlay (opt-in on LinkedIn), theme, folded', async () => {
    expect(await settingsOf(gmail)).toEqual({ enabled: true, overlay: true, theme: undefined, collapsed: false });
    expect(await settingsOf(linkedin)).toEqual({ enabled: true, overlay: false, theme: undefined, collapsed: false });

    await saveSettings({ sites: { gmail: false, outlook: true, linkedin: true, linkedinOverlay: true }, display: { theme: 'dark', compact: false } });
    expect(await settingsOf(gmail)).toEqual({ enabled: false, overlay: false, theme: 'dark', collapsed: false });
    expect(await settingsOf(linkedin)).toMatchObject({ enabled: true, overlay: true, theme: 'dark' });
  });

  it('remembers the folded sidebar per site', async () => {
    expect(await collapse(gmail, true)).toEqual({ collapsed: true });
    expect((await settingsOf(gmail)).collapsed).toBe(true);
    expect((await settingsOf(linkedin)).collapsed).toBe(false);
    await collapse(gmail, false);
    expect((await settingsOf(gmail)).collapsed).toBe(false);
  });

  it('gives a page its cards by the same rule, also to a content script that started before a change', async () => {
    expect(await Promise.all(['gmail', 'outlook', 'linkedin', null].map(pageGetsCards))).toEqual([true, true, false, false]);
    const settings = { sites: { gmail: false, outlook: true, linkedin: true, linkedinOverlay: true } };
    await saveSettings(settings);
    expect(await Promise.all(['gmail', 'outlook', 'linkedin'].map(pageGetsCards))).toEqual([false, true, true]);
    expect(sitesOff(settings)).toEqual(['gmail']);
  });

  it('has nothing for an extension page or a page that is not a supported site', async () => {
    await expect(settingsOf({ kind: 'extension', url: 'chrome-extension://x/popup.html' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(collapse({ kind: 'content', tabId: 1, url: 'https://learning.linkedin.com/' }, true)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('the sidebar script, injected on request', () => {
  // A fresh database per test (setup.ts), and no connection kept to the one before.
  beforeEach(closeDbForTests);
  const scripting = () => ({ executeScript: vi.fn(async () => []) });

  it('goes into the sender’s own tab and frame, always the one built file', async () => {
    const s = scripting();
    expect(await injectSidebar({ ...gmail, frameId: 0 }, s as never)).toEqual({ injected: true });
    expect(s.executeScript).toHaveBeenCalledWith({ target: { tabId: 3, frameIds: [0] }, files: ['/content-sidebar.js'] });
  });

  it('is not injected where the overlay is off (LinkedIn by default, a site switched off)', async () => {
    const s = scripting();
    expect(await injectSidebar(linkedin, s as never)).toEqual({ injected: false });
    await saveSettings({ sites: { gmail: false, outlook: true, linkedin: true, linkedinOverlay: false } });
    expect(await injectSidebar(gmail, s as never)).toEqual({ injected: false });
    expect(s.executeScript).not.toHaveBeenCalled();
  });

  it('is refused to an extension page or an unsupported page', async () => {
    const s = scripting();
    await expect(injectSidebar({ kind: 'extension', tabId: 1, url: 'chrome-extension://x/popup.html' }, s as never)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(injectSidebar({ kind: 'content', tabId: 1, url: 'https://learning.linkedin.com/' }, s as never)).rejects.toMatchObject({ code: 'forbidden' });
    expect(s.executeScript).not.toHaveBeenCalled();
  });
});
