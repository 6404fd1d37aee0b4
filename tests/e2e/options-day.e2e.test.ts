import { readFileSync } from 'node:fs';
import type { Download } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, type ExtensionHarness, launchExtension } from './helpers';
import { countInDatabase } from './helpers/database';
import { fillDestination, listActions, logAction, request } from './helpers/sync';

/**
 * Issue 17's Options fixes, driven in the built extension in real Chromium the way a rep meets them
 * on a first day: the welcome page (demo data with its count and demo email, pasted domains tidied,
 * every bad line named, the next steps), an import with rows to fix (the nearest event type
 * suggested, the rejected rows downloaded, fixed and imported again), and Delete everything with
 * logged actions still waiting (the warning counts them, the export first keeps them, the storage
 * used drops). English texts are matched loosely: lib/ texts are being translated.
 */

/** RFC 4180 as the extension writes it: quoted cells, doubled quotes, CRLF or LF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The file a download saved, as text. */
async function downloaded(download: Download): Promise<string> {
  const path = await download.path();
  if (!path) throw new Error(`The download of ${download.suggestedFilename()} failed: ${await download.failure()}`);
  return readFileSync(path, 'utf8');
}

interface CommandGlobals {
  chrome: { commands: { getAll(): Promise<{ name?: string; shortcut?: string }[]> } };
}

/**
 * "Storage used: 4.2 MB" → 4_200_000 (formatBytes' decimal units, as English Intl writes them: "512 bytes",
 * "4.2 kB", "4.2 MB"); NaN while it is still measuring.
 */
function bytesShown(text: string | null): number {
  const match = /([\d.]+)\s*(bytes?|kB|MB|GB)\b/.exec(text ?? '');
  if (!match) return Number.NaN;
  return Number(match[1]) * { byte: 1, bytes: 1, kB: 1e3, MB: 1e6, GB: 1e9 }[match[2] as 'byte' | 'bytes' | 'kB' | 'MB' | 'GB'];
}

describe("a rep's first day in Options", () => {
  let ext: ExtensionHarness;
  const started = Date.now();

  beforeAll(async () => {
    ext = await launchExtension();
  });
  afterAll(async () => {
    await ext?.close();
    console.log(`options-day: ${((Date.now() - started) / 1000).toFixed(1)} s wall time`);
  });

  it('first run: the demo data with its count and demo email, pasted domains tidied, every bad line named, the next steps', async () => {
    // The install opened the welcome page by itself.
    await expect.poll(() => ext.context.pages().some((p) => p.url() === `${ext.extensionOrigin}/welcome.html`), { timeout: 10_000 }).toBe(true);
    const welcome = await ext.openExtensionPage('welcome.html');

    // Next steps: pin the icon, and the four shortcuts with their keys.
    const next = welcome.locator('[data-testid="next-steps"] li');
    await expect.poll(() => next.count()).toBe(2);
    expect(await next.nth(0).textContent()).toMatch(/pin/i);
    // The keys the browser gave (it gives a suggested key only when nothing holds it: this Chromium keeps
    // Alt+Shift+P for itself), and "not set" for a command it gave none.
    const shortcuts = (await next.nth(1).textContent()) ?? '';
    const worker = await ext.serviceWorker();
    const commands = await worker.evaluate(() => (globalThis as unknown as CommandGlobals).chrome.commands.getAll());
    expect(commands).toHaveLength(4);
    for (const { shortcut } of commands) expect(shortcuts).toContain(shortcut || 'not set');

    // The demo data: how many people it loaded, as many as the store now holds.
    expect(await welcome.locator('[data-testid="open-demo-email"]').count()).toBe(0);
    await welcome.getByRole('button', { name: /demo data/i }).click();
    const link = welcome.locator('[data-testid="open-demo-email"]');
    await link.waitFor({ timeout: 30_000 });
    const said = await welcome.getByRole('status').filter({ hasText: /\d+ people/ }).textContent();
    const people = Number(/(\d+) people/.exec(said ?? '')?.[1]);
    expect(people).toBeGreaterThan(300);
    expect(await countInDatabase(welcome, 'prospects')).toBe(people);

    // "Open a demo email" opens it, with the demo data's sender and colleague known.
    await link.click();
    await welcome.waitForURL(`${ext.extensionOrigin}/demo-email.html`);
    for (const key of ['dana.whitfield@northwind.example', 'jonas.berg@adatum.example']) {
      await welcome.locator(`[data-testid="prospect-card"][data-prospect-key="${key}"][data-known="true"]`).waitFor({ state: 'attached', timeout: 15_000 });
    }
    expect(await welcome.locator('[data-testid="demo-not-loaded"]').count()).toBe(0);
    await welcome.goBack();

    // Domains pasted as URLs, with www., as an address; two bad lines, both named, nothing saved.
    const form = welcome.locator('[data-testid="domains-form"]');
    const domains = form.locator('textarea[name="ownDomains"]');
    const save = form.locator('button[type="submit"]');
    await expect.poll(() => save.isDisabled()).toBe(false);
    await domains.fill('https://www.acme.example/path?x=1\nwww.Acme-Corp.example\nnot a domain\nsam@acme.example\nacme');
    await save.click();
    const error = form.locator('[data-error-for="ownDomains"]');
    await error.waitFor();
    const named = (await error.textContent()) ?? '';
    expect(named).toContain('"not a domain"');
    expect(named).toMatch(/"acme":/);
    expect(named).not.toMatch(/www|https|sam@/);
    expect(await form.getByRole('status').textContent()).toMatch(/not saved/i);

    await domains.fill('https://www.acme.example/path?x=1\nwww.Acme-Corp.example\nsam@acme.example');
    await save.click();
    await form.getByRole('status').filter({ hasText: /saved/i }).filter({ hasNotText: /not saved/i }).waitFor();
    await expect.poll(() => domains.inputValue()).toBe('acme.example\nacme-corp.example');
    await expect.poll(() => error.count()).toBe(0);

    // What Options shows is what was saved.
    const options = await ext.openExtensionPage('options.html');
    await expect.poll(() => options.locator('[data-testid="sites-form"] textarea[name="ownDomains"]').inputValue()).toBe('acme.example\nacme-corp.example');
    await options.close();
    await welcome.close();
  }, 60_000);

  it('rejected rows you can fix: the nearest type suggested, every problem in the download, fixed and imported once', async () => {
    const options = await ext.openExtensionPage('options.html');
    const header = 'email,name,company,lead_score,event_type,occurred_at,event_title';
    const csv = [
      header,
      'ok@fixme.example,Olga Ok,Fixme,10,email_open,2026-11-01T09:00:00Z,Fine row', // line 2
      'typo@fixme.example,Tom Typo,Fixme,20,email_opn,2026-11-02T09:00:00Z,"Opened, once"', // line 3: a typo
      'date@fixme.example,Dora Date,Fixme,30,page_view,2026-02-30,Pricing page', // line 4: no such day
      'many@fixme.example,Max Many,Fixme,lots,webinar_atended,someday,Webinar', // line 5: three problems
    ].join('\n');
    const eventsBefore = await countInDatabase(options, 'events');

    await options.locator('[data-testid="import-file"]').setInputFiles({ name: 'fixme.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const summary = options.locator('[data-testid="import-summary"]');
    await summary.waitFor({ timeout: 30_000 });
    expect([await summary.getAttribute('data-imported'), await summary.getAttribute('data-rejected')]).toEqual(['1', '3']);

    // On screen, each rejected row by its line, with every problem and the nearest valid type.
    const reason = (line: number) => options.locator(`[data-testid="rejected-row"][data-line="${line}"] td`).nth(1).textContent();
    expect(await options.locator('[data-testid="rejected-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-line')))).toEqual(['3', '4', '5']);
    expect(await reason(3)).toMatch(/email_opn.*did you mean 'email_open'/i);
    expect(await reason(4)).toMatch(/2026-02-30.*not a date/i);
    const many = (await reason(5)) ?? '';
    expect(many).toMatch(/lead_score 'lots'/);
    expect(many).toMatch(/webinar_atended.*did you mean 'webinar_attended'/i);
    expect(many).toMatch(/someday/);

    // The download: the original columns, then `reason` (every problem) and `line`.
    const [download] = await Promise.all([options.waitForEvent('download'), options.locator('[data-testid="rejected-download"]').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    // It starts with a UTF-8 byte order mark, so Excel reads accented names as UTF-8.
    const text = await downloaded(download);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [columns, ...rows] = parseCsv(text.slice(1)).filter((r) => r.some(Boolean));
    expect(columns).toEqual([...header.split(','), 'reason', 'line']);
    const col = (name: string) => columns!.indexOf(name);
    expect(rows.map((r) => r[col('line')])).toEqual(['3', '4', '5']);
    expect(rows.map((r) => r[col('email')])).toEqual(['typo@fixme.example', 'date@fixme.example', 'many@fixme.example']);
    expect(rows[0]![col('event_title')]).toBe('Opened, once');
    expect(rows[0]![col('reason')]).toMatch(/did you mean 'email_open'/);
    expect(rows[2]![col('reason')]!.split('; ').length).toBeGreaterThanOrEqual(3);
    expect(rows[2]![col('reason')]).toMatch(/lots[\s\S]*webinar_atended[\s\S]*someday/);

    // Fixed in the file as a rep would (reason and line left in), then imported: all three counted.
    const fixed = rows.map((r) => {
      const cells = [...r];
      cells[col('event_type')] = cells[col('event_type')] === 'email_opn' ? 'email_open' : cells[col('event_type')] === 'webinar_atended' ? 'webinar_attended' : cells[col('event_type')]!;
      if (!/^\d{4}-\d\d-\d\dT/.test(cells[col('occurred_at')]!)) cells[col('occurred_at')] = '2026-02-27T10:00:00Z';
      if (cells[col('lead_score')] === 'lots') cells[col('lead_score')] = '40';
      return cells;
    });
    const fixedCsv = Buffer.from([columns!, ...fixed].map((r) => r.map(csvCell).join(',')).join('\n') + '\n');
    await options.locator('[data-testid="import-file"]').setInputFiles({ name: 'fixme-fixed.csv', mimeType: 'text/csv', buffer: fixedCsv });
    await options.locator('[data-testid="import-summary"][data-imported="3"]').waitFor({ timeout: 30_000 });
    expect(await summary.getAttribute('data-rejected')).toBe('0');
    expect(await options.locator('[data-testid="rejected-row"]').count()).toBe(0);
    expect(await options.locator('[data-testid="unknown-columns"]').textContent()).toMatch(/reason, line/);
    expect(await countInDatabase(options, 'events')).toBe(eventsBefore + 4);

    // Nothing duplicated: both files again add nothing.
    await options.locator('[data-testid="import-file"]').setInputFiles({ name: 'fixme-fixed.csv', mimeType: 'text/csv', buffer: fixedCsv });
    await options.locator('[data-testid="import-summary"][data-skipped="3"]').waitFor({ timeout: 30_000 });
    expect(await summary.getAttribute('data-imported')).toBe('0');
    await options.locator('[data-testid="import-file"]').setInputFiles({ name: 'fixme.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await options.locator('[data-testid="import-summary"][data-skipped="1"][data-rejected="3"]').waitFor({ timeout: 30_000 });
    expect(await countInDatabase(options, 'events')).toBe(eventsBefore + 4);

    // "Remove demo data" takes the demo's events (out of their chunks) and people, and leaves the rep's
    // own four and their people; loaded again, the demo is all back.
    const status = options.getByRole('status');
    await options.getByRole('button', { name: 'Remove demo data' }).click();
    await status.filter({ hasText: 'Demo data removed.' }).waitFor({ timeout: 30_000 });
    expect(await countInDatabase(options, 'events')).toBe(4);
    expect(await countInDatabase(options, 'prospects')).toBe(4);
    await options.getByRole('button', { name: 'Load demo data' }).click();
    await status.filter({ hasText: 'Demo data loaded.' }).waitFor({ timeout: 30_000 });
    expect(await countInDatabase(options, 'events')).toBe(eventsBefore + 4);
    await options.close();
  }, 60_000);

  it('delete everything: warns of the unsynced actions, exports them first, then leaves nothing and less storage used', async () => {
    const options = await ext.openExtensionPage('options.html');
    // A destination nothing answers at: logged actions stay waiting.
    const hook = `http://127.0.0.1:${await closedPort()}/hook`;
    await fillDestination(options, { kind: 'webhook', url: hook });
    const logged = [
      await logAction(ext, { prospectKey: 'dana.whitfield@northwind.example', type: 'call', notes: 'Called about the pilot — unsynced one' }),
      await logAction(ext, { prospectKey: 'jonas.berg@adatum.example', type: 'note', notes: 'Procurement wants a quote — unsynced two' }),
    ];
    await expect.poll(async () => (await listActions(ext)).actions.filter((a) => logged.some((l) => l.id === a.id) && a.sync.lastError).length, { timeout: 15_000 }).toBe(2);
    const { waiting, dead } = await listActions(ext);
    expect(waiting + dead).toBe(2);

    // The storage used, measured afresh with everything in it.
    await options.reload();
    const usage = options.locator('[data-testid="storage-used"]');
    await expect.poll(async () => bytesShown(await usage.textContent()), { timeout: 10_000 }).toBeGreaterThan(0);
    const before = bytesShown(await usage.textContent());

    await options.getByRole('button', { name: /delete everything/i }).click();
    const warning = options.locator('[data-testid="unsynced-warning"]');
    await warning.waitFor();
    expect(await warning.getAttribute('data-count')).toBe('2');
    expect(await warning.textContent()).toMatch(/\b2\b.*(not reached|lost)/i);

    // Export first: the file holds both waiting actions, and nothing is deleted by it.
    const [download] = await Promise.all([options.waitForEvent('download'), options.locator('[data-testid="export-before-delete"]').click()]);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    const exported = JSON.parse(await downloaded(download)) as { actions: { id: string; notes?: string; sync: { state: string } }[]; events: unknown[] };
    for (const action of logged) {
      expect(exported.actions.find((a) => a.id === action.id)).toMatchObject({ notes: action.notes, sync: { state: expect.stringMatching(/^(pending|inflight|dead)$/) } });
    }
    expect(exported.events.length).toBeGreaterThan(0);
    expect(await countInDatabase(options, 'outbox')).toBeGreaterThanOrEqual(2);

    await options.locator('[data-testid="confirm-delete"]').click();
    await options.getByRole('status').filter({ hasText: /deleted/i }).waitFor({ timeout: 15_000 });
    expect(await options.locator('[data-testid="confirm-delete"]').count()).toBe(0);

    // Storage used is measured again once the background answers, which it does after the browser has
    // freed the deleted database's files (lib/store/db.ts, `deleteDatabaseFiles`): what is left is the
    // extension's worker registration (about 0.33 MB) and an empty database. Opened again at once, the
    // database kept its files, still counted here: 2.6–2.7 MB after against 4.5–5.9 MB before, and once
    // more than before (1.9 → 3.3 MB), which failed the old "less than before".
    await expect.poll(async () => bytesShown(await usage.textContent()), { timeout: 5_000 }).toBeLessThan(before / 2);
    console.log(`options-day: storage used ${before} B before, ${bytesShown(await usage.textContent())} B after`);

    // Everything is gone: events, people, actions, settings (the domains saved on the welcome page, the webhook).
    for (const store of ['events', 'prospects', 'outbox'] as const) expect(await countInDatabase(options, store)).toBe(0);
    expect((await listActions(ext)).actions).toEqual([]);
    const [dana] = await request<{ known: boolean }[]>(ext, { type: 'lookup', keys: ['dana.whitfield@northwind.example'] });
    expect(dana?.known).toBe(false);
    await expect.poll(() => options.locator('[data-testid="sites-form"] textarea[name="ownDomains"]').inputValue()).toBe('');
    await options.reload();
    expect(await options.locator('[data-testid="destination-form"] select[name="destination"]').inputValue()).toBe('local');
    expect(await options.locator('[data-testid="source-status"][data-kind="webhook"]').getAttribute('data-state')).toBe('not-configured');

    await options.close();
  }, 60_000);

  it('ran with no CSP violation and no page error', async () => {
    expect(await ext.cspViolations()).toEqual([]);
    expect(ext.pageErrors()).toEqual([]);
  });
});
