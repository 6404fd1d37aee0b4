import type { Page } from 'playwright-core';
import type { ExtensionHarness } from '../launch';

export interface PopupEntry {
  type: string;
  notes: string;
  /** The prospect key to pick when the tab offers several. */
  prospect?: string;
  /** Other fields by their schema key, e.g. `{ outcome: 'connected', direction: 'outbound' }`. */
  fields?: Record<string, string>;
}

/** The popup as it opens for a tab: `popup.html?tab=<tabId>` (DESIGN.md's test contract). */
export async function openPopup(ext: ExtensionHarness, tabId: number): Promise<Page> {
  const popup = await ext.openExtensionPage(`popup.html?tab=${tabId}`);
  await popup.locator('form[data-testid="log-form"]').waitFor();
  return popup;
}

export const actionRow = (popup: Page, id: string) => popup.locator(`[data-testid="action-row"][data-action-id="${id}"]`);

/**
 * Logs one action with the popup's form, as a rep does, and returns the new action's id (the row
 * that appeared in the recent list). Resolves once the popup says it saved.
 */
export async function logFromPopup(popup: Page, entry: PopupEntry): Promise<{ id: string; status: string }> {
  const rows = popup.locator('[data-testid="action-row"]');
  const before = new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-action-id') ?? '')));
  const form = popup.locator('form[data-testid="log-form"]');
  const picker = form.locator('select[name="prospect"]');
  if (entry.prospect && (await picker.count()) > 0) await picker.selectOption(entry.prospect);
  await form.locator('select[name="type"]').selectOption(entry.type);
  for (const [name, value] of Object.entries(entry.fields ?? {})) {
    const field = form.locator(`[name="${name}"]`);
    if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
  await form.locator('textarea[name="notes"]').fill(entry.notes);
  await form.locator('button[type="submit"]').click();
  const status = form.locator('[role="status"].status-saved');
  await status.waitFor({ timeout: 10_000 });
  // The popup re-reads its recent list after saving: the new action is the row it did not show before.
  await popup.waitForFunction(
    (known) => [...document.querySelectorAll('[data-testid="action-row"]')].some((e) => !known.includes(e.getAttribute('data-action-id') ?? '')),
    [...before],
  );
  const after = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-action-id') ?? ''));
  const id = after.find((found) => !before.has(found));
  if (!id) throw new Error('The saved action did not appear in the recent list');
  return { id, status: (await status.textContent()) ?? '' };
}
