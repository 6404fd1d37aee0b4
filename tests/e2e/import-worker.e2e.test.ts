/**
 * The options page imports in a dedicated worker (lib/import/in-worker.ts; docs/architecture.md,
 * "Import and storage") in the built extension in real Chromium: the worker is the extension's own
 * file and starts under the pages' CSP, it writes the extension's IndexedDB, the page shows progress
 * and the summary, Cancel stops it after whole batches, the same file again adds nothing, and Delete
 * everything stops it before it erases.
 */
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionHarness, launchExtension } from './helpers';
import { countInDatabase } from './helpers/database';

/**
 * `rows` canonical rows over 500 people (`who`-N@…); the person's columns on their first row. Dated from a
 * month ago backwards, a minute apart: inside the year the extension keeps (older events are left out).
 */
function canonicalCsv(rows: number, who: string): Buffer {
  const start = Date.now() - 30 * 86_400_000;
  const lines = ['email,name,company,event_type,occurred_at,event_title'];
  for (let i = 0; i < rows; i++) {
    const person = i % 500;
    const first = i < 500;
    lines.push([`${who}-${person}@firm-${person % 50}.example`, first ? `Person ${person}` : '', first ? `Firm ${person % 50}` : '', i % 2 ? 'email_open' : 'page_view', new Date(start - i * 60_000).toISOString(), `Touch ${i}`].join(','));
  }
  return Buffer.from(lines.join('\n') + '\n');
}

/** No event in the database, nor a second later: an import left running would still be writing. */
async function expectNoEventsNorASecondLater(page: Page) {
  expect(await countInDatabase(page, 'chunked-events')).toBe(0);
  await page.waitForTimeout(1_000);
  expect(await countInDatabase(page, 'chunked-events')).toBe(0);
}

/** Chooses `file` in the page's import and waits until its first batch is written; the progress line. */
async function importUnderWay(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.locator('[data-testid="import-file"]').setInputFiles(file);
  const progress = page.locator('[data-testid="import-progress"]');
  // The count shows records read once a batch is written.
  await expect.poll(async () => Number((await progress.textContent())?.replace(/\D/g, '') || 0), { timeout: 60_000, interval: 50 }).toBeGreaterThan(0);
  return progress;
}

describe('import in a worker (Chromium)', () => {
  let ext: ExtensionHarness;

  beforeAll(async () => {
    ext = await launchExtension();
  });

  afterAll(async () => {
    await ext?.close();
  });

  it('imports in the extension’s own worker, then a second run adds nothing', async () => {
    const options = await ext.openExtensionPage('options.html');
    const workers: Worker[] = [];
    options.on('worker', (worker) => workers.push(worker));
    const file = { name: 'worker.csv', mimeType: 'text/csv', buffer: canonicalCsv(3000, 'worker') };

    await options.locator('[data-testid="import-file"]').setInputFiles(file);
    await options.locator('[data-testid="import-summary"][data-imported="3000"]').waitFor({ timeout: 60_000 });
    expect(workers.map((w) => w.url())).toEqual([expect.stringMatching(new RegExp(`^${ext.extensionOrigin}/assets/import-worker-[\\w-]+\\.js$`))]);
    expect(await countInDatabase(options, 'chunked-events')).toBe(3000);

    await options.locator('[data-testid="import-file"]').setInputFiles(file);
    await options.locator('[data-testid="import-summary"][data-skipped="3000"]').waitFor({ timeout: 60_000 });
    expect(await options.locator('[data-testid="import-summary"]').getAttribute('data-imported')).toBe('0');
    expect(await countInDatabase(options, 'chunked-events')).toBe(3000);
    expect(workers).toHaveLength(2);
    await options.close();
  }, 180_000);

  it('cancels after whole batches; choosing the file again completes it', async () => {
    const options = await ext.openExtensionPage('options.html');
    const before = await countInDatabase(options, 'chunked-events');
    const file = { name: 'cancel.csv', mimeType: 'text/csv', buffer: canonicalCsv(10_000, 'cancel') };
    const progress = await importUnderWay(options, file);
    await progress.getByRole('button').click();
    const summary = options.locator('[data-testid="import-summary"][data-cancelled="true"]');
    await summary.waitFor({ timeout: 60_000 });
    const imported = Number(await summary.getAttribute('data-imported'));
    expect(imported).toBeGreaterThan(0);
    expect(imported).toBeLessThan(10_000);
    expect(imported % 250).toBe(0);
    expect((await countInDatabase(options, 'chunked-events')) - before).toBe(imported);

    await options.locator('[data-testid="import-file"]').setInputFiles(file);
    await options.locator('[data-testid="import-summary"][data-cancelled="false"]').waitFor({ timeout: 120_000 });
    expect(Number(await options.locator('[data-testid="import-summary"]').getAttribute('data-skipped'))).toBe(imported);
    expect((await countInDatabase(options, 'chunked-events')) - before).toBe(10_000);
    await options.close();
  }, 300_000);

  it('leaves out events older than the days kept (Privacy), and says so', async () => {
    const options = await ext.openExtensionPage('options.html');
    const before = await countInDatabase(options, 'chunked-events');
    const day = 86_400_000;
    const csv = ['email,name,event_type,occurred_at', `kept@old.example,Kept,email_open,${new Date(Date.now() - 10 * day).toISOString()}`, `kept@old.example,,email_click,${new Date(Date.now() - 400 * day).toISOString()}`].join('\n');
    await options.locator('[data-testid="import-file"]').setInputFiles({ name: 'old.csv', mimeType: 'text/csv', buffer: Buffer.from(csv + '\n') });
    const note = options.locator('[data-testid="import-summary"] [data-testid="older-than-kept"]');
    await note.waitFor({ timeout: 60_000 });
    // The default retention setting, read by the page and handed to the worker.
    expect(await note.textContent()).toBe('1 event older than 365 days was left out, the period Prospect Lens keeps data for (see “Keep data for” under Privacy).');
    expect((await countInDatabase(options, 'chunked-events')) - before).toBe(1);
    await options.close();
  });

  it('an install upgraded from v4: its events stored one per record move into chunks once the worker starts', async () => {
    const options = await ext.openExtensionPage('options.html');
    const chunked = await countInDatabase(options, 'chunked-events');
    // 600 events one per record, as schema v4 wrote them (lib/store/event-migration.ts).
    await options.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('prospect-lens');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('events', 'readwrite');
            for (let i = 0; i < 600; i++) {
              tx.objectStore('events').put({ id: `local:before-v5-${i}`, prospectKey: `before-v5-${i % 40}@firm.example`, source: 'local', type: 'email_open', occurredAt: new Date(Date.now() - i * 60_000).toISOString(), origin: 'import:before-v5.csv' });
            }
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    expect(await countInDatabase(options, 'legacy-events')).toBe(600);
    await ext.stopServiceWorker();
    await ext.sendMessage({ type: 'diagnostics' }).catch(() => undefined);
    // The move starts with the worker, 250 events a batch, 50 ms apart.
    await expect.poll(() => countInDatabase(options, 'legacy-events'), { timeout: 20_000 }).toBe(0);
    expect((await countInDatabase(options, 'chunked-events')) - chunked).toBe(600);
    await options.close();
  });

  it('Delete everything mid-import stops the import first: nothing of the file is written after', async () => {
    const options = await ext.openExtensionPage('options.html');
    const file = { name: 'erase.csv', mimeType: 'text/csv', buffer: canonicalCsv(10_000, 'erase') };
    const progress = await importUnderWay(options, file);

    await options.getByRole('button', { name: 'Delete everything…' }).click({ timeout: 10_000 });
    await options.getByTestId('import-stops-warning').waitFor({ timeout: 10_000 });
    await options.getByRole('button', { name: 'Yes, delete everything' }).click({ timeout: 10_000 });
    await options.getByTestId('import-stopped').waitFor({ timeout: 60_000 });
    await options.getByText('Everything was deleted').waitFor({ timeout: 30_000 });
    expect(await progress.count()).toBe(0);
    expect(await options.getByTestId('import-summary').count()).toBe(0);
    // Left running, the import wrote the rest of its 10,000 rows into the new database.
    await expectNoEventsNorASecondLater(options);
    await options.close();
  }, 180_000);

  it('Delete everything in another Options tab stops the import this one runs: nothing of the file is written after', async () => {
    // The other tab's question is open first, so the erase is one click once the import is under way.
    // Each tab is brought to the front before it is acted on: in a tab behind another, Chromium holds
    // back animation frames, which Playwright's click and waits go by, and a click there took 8 s to
    // land. Even in front, one click of several took 6.5 s from the first progress, so the file is
    // long (100,000 rows, 20 s or more) and the import is sure to be under way when the erase comes.
    const erasing = await ext.openExtensionPage('options.html');
    await erasing.getByRole('button', { name: 'Delete everything…' }).click({ timeout: 10_000 });
    const importing = await ext.openExtensionPage('options.html');
    const file = { name: 'erase-elsewhere.csv', mimeType: 'text/csv', buffer: canonicalCsv(100_000, 'elsewhere') };
    const progress = await importUnderWay(importing, file);

    await erasing.bringToFront();
    // The erasing tab runs no import, so its question does not say one stops first.
    expect(await erasing.getByTestId('import-stops-warning').count()).toBe(0);
    await erasing.getByRole('button', { name: 'Yes, delete everything' }).click({ timeout: 10_000 });
    await erasing.getByText('Everything was deleted').waitFor({ timeout: 30_000 });
    await importing.bringToFront();
    // The import stopped: told by the erase's push (Options cancels it), or finding its database
    // deleted at its next batch. A summary would mean it ran to its end (as it did before, writing the
    // rest of the file into the new database).
    const ended = importing.getByTestId('import-stopped').or(importing.getByTestId('import-summary'));
    await ended.waitFor({ timeout: 60_000 });
    expect(await importing.getByTestId('import-summary').count()).toBe(0);
    expect(await progress.count()).toBe(0);
    expect(await importing.getByRole('alert').count()).toBe(0);
    await expectNoEventsNorASecondLater(erasing);
    await importing.close();
    await erasing.close();
  }, 180_000);

  it('met no Content Security Policy violation in any page, frame or worker it opened', async () => {
    expect(await ext.cspViolations()).toEqual([]);
  });
});
