import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DANA,
  DANA_LINKEDIN,
  engagementCsv,
  type FirefoxHarness,
  importOnOptionsPage,
  launchFirefox,
  openFixture,
  pageFixture,
  readCard,
  settle,
  sidebarKeys,
} from './helpers';

/**
 * The Chromium suite's detection scenarios, in real Firefox: a file imported on the options page
 * lands in the add-on's IndexedDB; the Gmail, Outlook and LinkedIn fixtures, served at the sites' real
 * addresses, are read by the content script; the event page resolves the people against the store;
 * the sidebar in the page (webmail) or the sidebar panel page (LinkedIn) shows their history.
 */
describe('Firefox: detection on Gmail, Outlook and LinkedIn with imported history', () => {
  let ext: FirefoxHarness;
  let imported: string | null = null;

  beforeAll(async () => {
    ext = await launchFirefox();
    imported = await importOnOptionsPage(ext, engagementCsv());
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('is built as an MV3 event page with a sidebar_action instead of Chrome’s side panel', () => {
    expect(ext.manifest.manifest_version).toBe(3);
    expect(ext.manifest.background).toEqual({ type: 'module', scripts: ['background.js'] });
    expect(ext.manifest.sidebar_action?.default_panel).toBe('sidepanel.html');
    expect(ext.manifest.permissions).not.toContain('sidePanel');
  });

  it('holds the supported sites’ host permissions from install, as the content script needs', async () => {
    const granted = await ext.inExtension(() => (globalThis as unknown as SidebarGlobals).browser.permissions.getAll(), null);
    expect([...granted.origins].sort()).toEqual([...(ext.manifest.host_permissions ?? [])].sort());
  });

  it('shows a Gmail thread’s sender with stage, score, heat and newest-first events', async () => {
    expect(imported).toBe('8');
    const page = await openFixture(ext, pageFixture('gmail-thread'));

    const dana = await readCard(page, DANA);
    expect(dana).toEqual({
      known: 'true',
      stage: 'opportunity',
      score: '87',
      heat: 'hot',
      events: ['email_click', 'page_view', 'email_click', 'page_view', 'webinar_attended'],
    });
    // Someone the store does not know still gets a card, marked unknown; the signed-in user gets none.
    expect((await readCard(page, 'jonas.berg@fabrikam.example')).known).toBe('false');
    expect(await sidebarKeys(page)).not.toContain('sam.carter@acme.example');
    await page.close();
  });

  it('shows an Outlook reading pane’s sender, recipient and inline-reply recipients', async () => {
    const page = await openFixture(ext, pageFixture('outlook-compose'));

    const ken = await readCard(page, 'ken.ito@tailspin.example');
    expect(ken).toMatchObject({ known: 'true', stage: 'lead', score: '31', events: ['form_submit'] });
    expect((await readCard(page, DANA)).stage).toBe('opportunity');
    expect((await readCard(page, 'priya@fabrikam.example')).known).toBe('false');
    expect(await sidebarKeys(page)).not.toContain('sam.carter@acme.example');
    await page.close();
  });

  it('draws no sidebar on LinkedIn; the badge counts the person and the sidebar panel page shows the card', async () => {
    const page = await openFixture(ext, pageFixture('linkedin-profile'));
    const tabId = await ext.tabId('https://www.linkedin.com/*');

    const panel = await ext.openExtensionPage(`sidepanel.html?tab=${tabId}`);
    const card = await readCard(panel, DANA_LINKEDIN, { inPage: false });
    expect(card).toMatchObject({ known: 'true', stage: 'opportunity', events: ['webinar_registered'] });
    expect(await panel.$$eval('[data-testid="prospect-card"]', (cards) => cards.length)).toBe(1);
    // The panel has answered, so detection has run: still nothing drawn into LinkedIn's page.
    expect(await page.$('prospect-lens-sidebar')).toBeNull();
    const badge = await settle(
      () => ext.inExtension((id) => (globalThis as unknown as SidebarGlobals).browser.action.getBadgeText({ tabId: id }), tabId),
      (text) => text === '1',
    );
    expect(badge).toBe('1');

    // The event page pointed this tab's sidebar at this tab's panel (Chrome: sidePanel.setOptions).
    const panelUrl = await settle(
      () => ext.inExtension((id) => (globalThis as unknown as SidebarGlobals).browser.sidebarAction.getPanel({ tabId: id }), tabId),
      (url) => url.endsWith(`/sidepanel.html?tab=${tabId}`),
    );
    expect(panelUrl).toBe(`${ext.extensionOrigin}/sidepanel.html?tab=${tabId}`);
    await panel.close();
    await page.close();
  });

  it('registers the context menu item and the keyboard commands', async () => {
    // `update` rejects for an id that does not exist, so resolving proves the item was created.
    const menu = await ext.inExtension(
      (id) =>
        (globalThis as unknown as SidebarGlobals).browser.contextMenus.update(id, {}).then(
          () => 'exists',
          (error: Error) => error.message,
        ),
      'prospect-lens-lookup',
    );
    expect(menu).toBe('exists');

    const commands = await ext.inExtension(() => (globalThis as unknown as SidebarGlobals).browser.commands.getAll(), null);
    expect(Object.fromEntries(commands.map((c) => [c.name, c.shortcut]))).toEqual({
      _execute_action: 'Alt+Shift+L',
      'toggle-sidebar': 'Alt+Shift+P',
      'log-email': 'Alt+Shift+E',
      'open-side-panel': 'Alt+Shift+K',
    });
  });

  it('raised no uncaught error in any page', () => {
    expect(ext.pageErrors()).toEqual([]);
  });
});

interface SidebarGlobals {
  browser: {
    sidebarAction: { getPanel(details: { tabId: number }): Promise<string> };
    contextMenus: { update(id: string, props: object): Promise<void> };
    commands: { getAll(): Promise<{ name: string; shortcut?: string }[]> };
    permissions: { getAll(): Promise<{ origins: string[] }> };
    action: { getBadgeText(details: { tabId: number }): Promise<string> };
  };
}
