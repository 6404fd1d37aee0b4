import type { Page } from 'playwright-core';

interface TabsGlobal {
  chrome: { tabs: { query(query: object): Promise<{ id?: number; url?: string }[]> } };
}

/** The id of the tab showing `page`, asked from an extension page (`probe`) that may call chrome.tabs. */
export async function tabIdOf(probe: Page, page: Page): Promise<number> {
  const url = page.url();
  const tabs = await probe.evaluate(() => (globalThis as unknown as TabsGlobal).chrome.tabs.query({}));
  const id = tabs.find((tab) => tab.url === url)?.id;
  if (id === undefined) throw new Error(`No tab shows ${url}`);
  return id;
}
