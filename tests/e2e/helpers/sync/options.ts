import type { Page } from 'playwright-core';
import type { ExtensionHarness } from '../launch';

export type DestinationSetup =
  | { kind: 'hubspot'; baseUrl: string; token?: string; ownerId?: string; useAsSource?: boolean; createContacts?: boolean }
  | { kind: 'webhook'; url: string; secret?: string };

/** The destination form on the options page (DESIGN.md's test contract). */
export const destinationForm = (options: Page) => options.locator('[data-testid="destination-form"]');

/**
 * Fills and submits the destination form the way a rep does, on an open options page. Resolves once
 * the form says it saved. Saving fires `permissions.request`, which never settles in headless
 * Chromium: a form that waited for it would never say "Saved." and this would time out.
 */
export async function fillDestination(options: Page, setup: DestinationSetup): Promise<void> {
  const form = destinationForm(options);
  await form.locator('select[name="destination"]').selectOption(setup.kind);
  // The form re-renders with that destination's inputs.
  await options.locator(`[data-testid="destination-form"][data-destination="${setup.kind}"]`).waitFor();
  if (setup.kind === 'hubspot') {
    await form.locator('input[name="baseUrl"]').fill(setup.baseUrl);
    if (setup.token !== undefined) await form.locator('input[name="token"]').fill(setup.token);
    if (setup.ownerId !== undefined) await form.locator('input[name="ownerId"]').fill(setup.ownerId);
    if (setup.useAsSource !== undefined) await form.locator('input[name="useAsSource"]').setChecked(setup.useAsSource);
    if (setup.createContacts !== undefined) await form.locator('input[name="createContacts"]').setChecked(setup.createContacts);
  } else {
    await form.locator('input[name="url"]').fill(setup.url);
    if (setup.secret !== undefined) await form.locator('input[name="secret"]').fill(setup.secret);
  }
  await form.locator('button[type="submit"]').click();
  await form.locator('[role="status"]').filter({ hasText: 'Saved.' }).waitFor({ timeout: 5_000 });
}

/** Opens the options page, saves the destination there, and closes the page. */
export async function configureDestination(ext: ExtensionHarness, setup: DestinationSetup): Promise<void> {
  const options = await ext.openExtensionPage('options.html');
  try {
    await fillDestination(options, setup);
  } finally {
    await options.close();
  }
}
