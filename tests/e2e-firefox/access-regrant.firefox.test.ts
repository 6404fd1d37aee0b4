import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DANA, engagementCsv, type FirefoxHarness, importOnOptionsPage, launchFirefox, openFixture, pageFixture, readCard, sidebarKeys } from './helpers';

interface PermissionGlobals {
  browser: { permissions: { remove(p: { origins: string[] }): Promise<boolean>; contains(p: { origins: string[] }): Promise<boolean> } };
}

const GMAIL = ['https://mail.google.com/*'];

/**
 * Firefox lets the rep withdraw a site's access in about:addons; a Gmail tab opened meanwhile runs no
 * content script. Giving it back (Options' "Grant access") must reach that open tab without a reload,
 * as switching a site on does: the background injects the script on `permissions.onAdded`
 * (entrypoints/background.ts, `sitesGranted`). `extensions.webextOptionalPermissionPrompts: false`
 * answers Firefox's permission prompt, which a headless run cannot click, with yes.
 */
describe('Firefox: access given back to a site reaches its open tab', () => {
  let ext: FirefoxHarness;

  beforeAll(async () => {
    ext = await launchFirefox({ prefs: { 'extensions.webextOptionalPermissionPrompts': false } });
    expect(await importOnOptionsPage(ext, engagementCsv())).toBe('8');
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('shows the open Gmail tab its cards once access is granted again, without a reload', async () => {
    const removed = await ext.inExtension((origins) => (globalThis as unknown as PermissionGlobals).browser.permissions.remove({ origins }), GMAIL);
    expect(removed).toBe(true);
    const page = await openFixture(ext, pageFixture('gmail-thread'));
    // Without access the page has no script: Options names the site as missing access.
    const options = await ext.openExtensionPage('options.html');
    const grant = await options.waitForSelector('[data-testid="site-access-missing"][data-site="gmail"] button', { timeout: 10_000 });
    expect(await sidebarKeys(page)).toEqual([]);

    await grant!.click();
    await options.waitForSelector('[data-testid="site-access-missing"][data-site="gmail"]', { hidden: true, timeout: 10_000 });
    expect(await ext.inExtension((origins) => (globalThis as unknown as PermissionGlobals).browser.permissions.contains({ origins }), GMAIL)).toBe(true);

    await page.bringToFront();
    expect((await readCard(page, DANA, { timeout: 15_000 })).known).toBe('true');
  });
});
