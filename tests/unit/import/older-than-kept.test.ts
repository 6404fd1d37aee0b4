// @vitest-environment node
/**
 * An import leaves out the events older than the days Prospect Lens keeps (settings' retentionDays,
 * `keepDays`): retention would delete them the next day, after the summary had counted them as imported.
 * The summary says how many were left out; the rest of their rows (the person's values) still counts.
 * A restored "Export everything" leaves out, and counts apart, the delivered actions retention would
 * delete too.
 */
import { describe, expect, it } from 'vitest';
import { exportJson } from '@/lib/data/export';
import { importText } from '@/lib/import';
import { importInWorker } from '@/lib/import/in-worker';
import { fromWorker } from '@/lib/import/worker-protocol';
import { deleteDatabaseFiles } from '@/lib/store/db';
import { addEvents } from '@/lib/store/events';
import { allActions } from '@/lib/store/outbox';
import { putProspects } from '@/lib/store/prospects';
import type { SalesAction } from '@/lib/model/action';
import { makeAction } from '../store/factory';
import { allEvents, allProspects, csv, testClock } from './helpers';

const NOW = Date.UTC(2026, 11, 2, 12);
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
testClock(NOW);

const HEADER = ['email', 'name', 'event_type', 'occurred_at'];
const file = csv([
  HEADER,
  ['ada@acme.example', 'Ada', 'email_open', iso(NOW - 10 * DAY)],
  ['ada@acme.example', '', 'email_click', iso(NOW - 400 * DAY)],
  ['bo@acme.example', 'Bo', 'page_view', iso(NOW - 500 * DAY)],
]);

describe('events older than the days kept', () => {
  it('are left out and counted; a row that still gives its person something counts as imported', async () => {
    const summary = await importText(file, 'history.csv', { keepDays: 365 });
    expect((await allEvents()).map((e) => e.type)).toEqual(['email_open']);
    // Bo's row created Bo; Ada's second row stored nothing new.
    expect((await allProspects()).map((p) => p.key).sort()).toEqual(['ada@acme.example', 'bo@acme.example']);
    expect(summary).toMatchObject({ imported: 2, skipped: 1, rejected: 0, olderThanKept: { events: 2, days: 365 } });
    expect(fromWorker.safeParse({ type: 'done', summary }).success).toBe(true);

    // A second import of the same file adds nothing, and says the same about the old events.
    const again = await importText(file, 'history.csv', { keepDays: 365 });
    expect(again).toMatchObject({ imported: 0, skipped: 3, olderThanKept: { events: 2, days: 365 } });
  });

  it('are all imported when everything is kept (0) or nothing says how long', async () => {
    const kept = await importText(file, 'history.csv', { keepDays: 0 });
    expect(kept.olderThanKept).toBeUndefined();
    expect(await allEvents()).toHaveLength(3);
  });

  it('cut at the same moment retention cuts: an event a minute inside the period stays', async () => {
    const edge = csv([HEADER, ['ada@acme.example', 'Ada', 'email_open', iso(NOW - 30 * DAY + 60_000)], ['ada@acme.example', '', 'email_open', iso(NOW - 30 * DAY - 60_000)]]);
    const summary = await importText(edge, 'edge.csv', { keepDays: 30 });
    expect(summary.olderThanKept).toEqual({ events: 1, days: 30 });
    expect((await allEvents()).map((e) => e.occurredAt)).toEqual([iso(NOW - 30 * DAY + 60_000)]);
  });

  it('are left out of a restored "Export everything" too, as skipped', async () => {
    const ada = { key: 'ada@acme.example', emails: ['ada@acme.example'], name: 'Ada', refs: [], updatedAt: iso(NOW - DAY) };
    await putProspects([ada]);
    const event = (id: string, daysAgo: number) => ({ id, prospectKey: ada.key, source: 'local' as const, type: 'email_open' as const, occurredAt: iso(NOW - daysAgo * DAY), origin: 'import:a.csv' });
    await addEvents([event('recent', 3), event('old', 900)]);
    const backup = await (await exportJson()).text();
    await deleteDatabaseFiles();

    const summary = await importText(backup, 'backup.json', { keepDays: 365 });
    expect(summary.restored?.events).toEqual({ imported: 1, skipped: 1, rejected: 0 });
    expect(summary.olderThanKept).toEqual({ events: 1, days: 365 });
    expect((await allEvents()).map((e) => e.id)).toEqual(['recent']);
  });

  it('leave out of a restore the delivered actions retention would delete, and keep every other action', async () => {
    const names = new Map<string, string>();
    const action = (name: string, daysAgo: number, sync: Partial<SalesAction['sync']>, more: Partial<SalesAction> = {}) => {
      const id = crypto.randomUUID();
      names.set(id, name);
      const at = iso(NOW - daysAgo * DAY);
      return makeAction({ id, createdAt: at, ...more, sync: { state: 'done', attempts: 1, destination: 'hubspot', updatedAt: at, ...sync } });
    };
    const actions = [
      action('sent-old', 400, {}),
      action('sent-recent', 10, {}),
      // Kept in this browser only: the file is its only copy, whatever its age (retention keeps it too).
      action('local-old', 400, { destination: 'local', attempts: 0 }),
      // Never delivered: held as every restored pending action is.
      action('pending-old', 400, { state: 'pending', attempts: 0 }),
      // A task due after the cut: its reminder still reads it.
      action('task-due', 400, {}, { type: 'task', dueAt: iso(NOW + DAY) }),
    ];
    const backup = JSON.stringify({ format: 'prospect-lens-export', version: 1, exportedAt: iso(NOW), prospects: [], events: [], actions });

    const summary = await importText(backup, 'backup.json', { keepDays: 365 });
    expect(summary.restored?.actions).toEqual({ imported: 4, skipped: 1, rejected: 0 });
    expect(summary.olderThanKept).toEqual({ events: 0, actions: 1, days: 365 });
    expect(fromWorker.safeParse({ type: 'done', summary }).success).toBe(true);
    expect((await allActions()).map((a) => names.get(a.id)).sort()).toEqual(['local-old', 'pending-old', 'sent-recent', 'task-due']);

    // With everything kept, the old delivered action comes back too.
    const all = await importText(backup, 'backup.json', { keepDays: 0 });
    expect(all.olderThanKept).toBeUndefined();
    expect(all.restored?.actions).toEqual({ imported: 1, skipped: 4, rejected: 0 });
  });

  it('are left out by the import worker too: the page hands it the days kept', () => {
    const sent: unknown[] = [];
    const worker = { onmessage: null as ((event: { data: unknown }) => void) | null, postMessage: (message: unknown) => sent.push(message), terminate: () => undefined };
    void importInWorker(new Blob(['email\n']), { keepDays: 90 }, () => worker as unknown as Worker);
    worker.onmessage!({ data: { type: 'ready' } });
    expect(sent).toEqual([expect.objectContaining({ type: 'start', keepDays: 90 })]);
  });
});
