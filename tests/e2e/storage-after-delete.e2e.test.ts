import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionHarness, launchExtension } from './helpers';

/**
 * "Delete everything" gives the space back (issue 17): with a few thousand events imported, the
 * options page's "Storage used" falls once the deletion is confirmed. Real Chromium, real IndexedDB:
 * the browser's own estimate, which lags behind a clear until the store is compacted.
 */
describe('storage used after deleting everything', () => {
  let ext: ExtensionHarness;
  beforeAll(async () => {
    ext = await launchExtension();
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('falls once everything is deleted', async () => {
    const options = await ext.openExtensionPage('options.html');
    const rows = ['email,name,event_type,occurred_at,event_title'];
    for (let i = 0; i < 5000; i++) {
      rows.push(`p${i % 500}@x${i % 50}.example,Person ${i % 500},page_view,2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z,Page ${i} ${'x'.repeat(80)}`);
    }
    await options.locator('input[type="file"][data-testid="import-file"]').setInputFiles({ name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
    await options.locator('[data-testid="import-summary"][data-imported="5000"]').waitFor({ timeout: 30_000 });
    const indexedDbBytes = () => options.evaluate(async () => (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: { indexedDB?: number } });
    const full = (await indexedDbBytes()).usageDetails?.indexedDB ?? 0;
    expect(full).toBeGreaterThan(1_000_000);

    await options.getByRole('button', { name: 'Delete everything…' }).click();
    await options.getByTestId('confirm-delete').click();
    await options.getByText(/^Everything was deleted/).waitFor();
    // Clearing the stores alone made Chromium's estimate grow (3.2 → 8.2 MB, still 8.2 MB ten seconds
    // later; measured 2026-12-03): the space stays allocated until the origin's store is compacted.
    // Deleting the emptied database gives part of it back within seconds; the rest comes back when
    // Chromium compacts, which the extension cannot trigger.
    await expect.poll(async () => (await indexedDbBytes()).usageDetails?.indexedDB ?? Infinity, { timeout: 15_000 }).toBeLessThan(full);
    // The line the rep reads is measured again after the deletion, not left at the old figure.
    const shownMb = async () => Number(/([\d.]+) MB/.exec((await options.getByTestId('storage-used').textContent()) ?? '')?.[1] ?? NaN);
    await expect.poll(shownMb, { timeout: 15_000 }).toBeLessThan(full / 1e6);
    await options.close();
  });
});
