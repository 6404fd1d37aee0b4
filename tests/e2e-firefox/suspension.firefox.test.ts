import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DANA, engagementCsv, type FirefoxHarness, importOnOptionsPage, launchFirefox, openFixture, pageFixture, readCard, settle } from './helpers';

interface ViewGlobals {
  browser: {
    extension: { getViews(): { location: { pathname: string } }[] };
    storage: { session: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } };
  };
}

/**
 * Firefox unloads an idle MV3 event page (after 30 s by default; 1 s here through
 * `extensions.background.idle.timeout`), the way Chrome stops an idle service worker. Firefox offers no
 * way to kill it on demand, so this waits for the real unload. Everything the sidebar needs must then
 * come back from IndexedDB in a fresh event page, which the content script's message starts.
 */
describe('Firefox: the event page is unloaded when idle and wakes for the next page', () => {
  let ext: FirefoxHarness;

  beforeAll(async () => {
    ext = await launchFirefox({ prefs: { 'extensions.background.idle.timeout': 1_000 } });
  });

  afterAll(async () => {
    await ext?.close();
  });

  /** Whether the event page is loaded: it is one of the add-on's views while it runs. */
  const backgroundLoaded = () =>
    ext.inExtension(
      () => (globalThis as unknown as ViewGlobals).browser.extension.getViews().some((view) => view.location.pathname === '/_generated_background_page.html'),
      null,
    );

  it('answers a Gmail page from IndexedDB after the idle event page was unloaded', async () => {
    expect(await importOnOptionsPage(ext, engagementCsv())).toBe('8');
    // The sync engine's Retry-After blocks live in storage.session: they must outlast the unload.
    await ext.inExtension(
      (until) => (globalThis as unknown as ViewGlobals).browser.storage.session.set({ syncBlockedUntil: { webhook: until } }),
      Date.now() + 60_000,
    );
    expect(await settle(backgroundLoaded, (loaded) => !loaded, 10_000)).toBe(false);
    const kept = await ext.inExtension((key) => (globalThis as unknown as ViewGlobals).browser.storage.session.get(key), 'syncBlockedUntil');
    expect(kept).toEqual({ syncBlockedUntil: { webhook: expect.any(Number) } });

    const page = await openFixture(ext, pageFixture('gmail-thread'));
    // A fresh event page, started by this page's message, opens the database before it answers: on a
    // loaded CI machine (the Chromium suite runs beside this one) that took over 10 s once in four runs.
    const dana = await readCard(page, DANA, { timeout: 25_000 });

    expect(dana).toMatchObject({ known: 'true', stage: 'opportunity', score: '87' });
    expect(ext.pageErrors()).toEqual([]);
  });
});
