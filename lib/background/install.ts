/**
 * First run and updates. Chrome does not inject content scripts into tabs that were open before the
 * extension was installed or updated, so this injects into the supported tabs already open: nobody
 * has to reload Gmail.
 */
import { browser } from 'wxt/browser';
import { SUPPORTED_SITE_MATCHES } from '../sites';

export async function injectIntoOpenTabs(): Promise<number> {
  const files = browser.runtime.getManifest().content_scripts?.flatMap((c) => c.js ?? []) ?? [];
  if (files.length === 0) return 0;
  const tabs = await browser.tabs.query({ url: [...SUPPORTED_SITE_MATCHES] });
  let injected = 0;
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined || tab.discarded) return;
      try {
        // The manifest's own paths; WXT's path type only knows entrypoints.
        await browser.scripting.executeScript({ target: { tabId: tab.id }, files: files as never[] });
        injected++;
      } catch {
        // A tab that is still loading, or an error page: it gets the script on its next load.
      }
    }),
  );
  return injected;
}

export function openWelcome(): Promise<unknown> {
  return browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
}
