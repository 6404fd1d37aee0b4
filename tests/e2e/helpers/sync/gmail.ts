import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ExtensionHarness } from '../launch';
import { PROJECT_ROOT } from '../paths';
import { sidebar } from '../sidebar.mjs';

const FIXTURES = join(PROJECT_ROOT, 'tests/fixtures/pages');
const THREAD = JSON.parse(readFileSync(join(FIXTURES, 'gmail-thread.expected.json'), 'utf8')) as { url: string };

/** The fixture thread's sender, who is also a contact in the HubSpot mock's seed. */
export const DANA = 'dana.whitfield@northwind.example';

interface TabsGlobals {
  chrome: { tabs: { query(query: { url: string }): Promise<{ id?: number; url?: string }[]> } };
}

/**
 * Opens the Gmail thread fixture at its real address and waits until the extension has detected its
 * people (the sidebar shows the sender's card), so the background knows the tab. Returns the page and
 * its tab id, as `popup.html?tab=<id>` needs it.
 */
export async function openGmailThread(ext: ExtensionHarness): Promise<{ page: Page; tabId: number }> {
  await ext.routeSite('https://mail.google.com/**', readFileSync(join(FIXTURES, 'gmail-thread.html'), 'utf8'));
  const page = await ext.openPage(THREAD.url);
  // Attached, not visible: with nobody known, Dana's card may be folded under "N people with no data".
  await sidebar(page).waitFor(`[data-testid="prospect-card"][data-prospect-key="${DANA}"]`, { timeout: 15_000, state: 'attached' });
  const probe = await ext.openExtensionPage('manifest.json');
  try {
    const tabs = await probe.evaluate((url) => (globalThis as unknown as TabsGlobals).chrome.tabs.query({ url }), 'https://mail.google.com/*');
    const tabId = tabs[0]?.id;
    if (tabId === undefined) throw new Error(`No tab found for ${THREAD.url}`);
    return { page, tabId };
  } finally {
    await probe.close();
  }
}
