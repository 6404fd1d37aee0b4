import type { Page } from 'puppeteer-core';
import type { FirefoxHarness } from './launch';
import { waitForText } from './scenario';

/**
 * Options and popup steps for the logging scenario, mirroring tests/e2e/helpers/sync for puppeteer.
 */

/** Saves a webhook destination in the options page's destination form, as a rep does. */
export async function configureWebhook(ext: FirefoxHarness, url: string, secret: string): Promise<void> {
  const options = await ext.openExtensionPage('options.html');
  try {
    await options.waitForSelector('[data-testid="destination-form"] select[name="destination"]');
    await options.select('[data-testid="destination-form"] select[name="destination"]', 'webhook');
    // The form re-renders with the webhook's inputs.
    await options.waitForSelector('[data-testid="destination-form"][data-destination="webhook"] input[name="url"]');
    await options.locator('[data-testid="destination-form"] input[name="url"]').fill(url);
    await options.locator('[data-testid="destination-form"] input[name="secret"]').fill(secret);
    await options.click('[data-testid="destination-form"] button[type="submit"]');
    // Saving also asks for the webhook origin's permission; the prompt never answers headless, and
    // the form must not wait for it.
    await waitForText(options, '[data-testid="destination-form"] [role="status"]', 'Saved.');
  } finally {
    await options.close();
  }
}

/** Opens `popup.html?tab=<id>` in a tab (the toolbar popup cannot be clicked over BiDi). */
export async function openPopup(ext: FirefoxHarness, tabId: number): Promise<Page> {
  const popup = await ext.openExtensionPage(`popup.html?tab=${tabId}`);
  await popup.waitForSelector('form[data-testid="log-form"]');
  return popup;
}

const rowIds = (popup: Page) =>
  popup.$$eval('[data-testid="action-row"]', (els) => els.map((e) => e.getAttribute('data-action-id') ?? ''));

/** Logs one action with the popup's form and returns the new row's action id once it says it saved. */
export async function logFromPopup(popup: Page, entry: { type: string; notes: string; prospect?: string }): Promise<string> {
  const before = await rowIds(popup);
  const form = 'form[data-testid="log-form"]';
  if (entry.prospect && (await popup.$(`${form} select[name="prospect"]`))) await popup.select(`${form} select[name="prospect"]`, entry.prospect);
  await popup.select(`${form} select[name="type"]`, entry.type);
  await popup.locator(`${form} textarea[name="notes"]`).fill(entry.notes);
  await popup.click(`${form} button[type="submit"]`);
  await popup.waitForSelector(`${form} [role="status"].status-saved`, { timeout: 10_000 });
  const handle = await popup.waitForFunction(
    (known) =>
      [...document.querySelectorAll('[data-testid="action-row"]')]
        .map((e) => e.getAttribute('data-action-id') ?? '')
        .find((id) => id && !known.includes(id)),
    {},
    before,
  );
  return (await handle.jsonValue()) as string;
}

/** Waits until the popup shows action `id` in sync state `state` (e.g. `done`). */
export async function waitForSyncState(popup: Page, id: string, state: string, timeout = 15_000): Promise<void> {
  await popup.waitForSelector(`[data-testid="action-row"][data-action-id="${id}"][data-sync-state="${state}"]`, { timeout });
}
