/**
 * "Export everything" is one moment's data (lib/data/export.ts, `readAll`): its people, events and
 * actions are read in one transaction, so "Delete everything" or an import started while it runs waits
 * for it. Read store by store, a delete landing between two stores left a file with the people and an
 * empty rest (the rep's unsynced action gone with it), and "Exported" said nothing of it.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { setClock } from '@/lib/clock';
import { deleteEverything } from '@/lib/data/erase';
import { exportEventsCsv, exportJson } from '@/lib/data/export';
import { importText } from '@/lib/import';
import { closeDbForTests } from '@/lib/store/db';
import { putAction } from '@/lib/store/outbox';
import { makeAction } from '../store/factory';

let restoreClock = () => {};
beforeEach(() => {
  restoreClock = setClock(() => Date.UTC(2026, 11, 2, 12));
});
afterEach(async () => {
  restoreClock();
  vi.restoreAllMocks();
  await closeDbForTests();
});

async function seed(people: number): Promise<void> {
  const rows = ['email,event_type,occurred_at'];
  for (let i = 0; i < people; i++) rows.push(`p${i}@x.example,page_view,2026-11-01T10:00:00Z`);
  await importText(rows.join('\n'), 'people.csv');
  await putAction(makeAction({ notes: 'not synced yet', sync: { state: 'pending', attempts: 0, destination: 'hubspot', updatedAt: '2026-12-01T00:00:00Z' } }));
}

it('reads people, events and actions in one transaction', async () => {
  await seed(3);
  const scopes: string[][] = [];
  const open = IDBDatabase.prototype.transaction;
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    scopes.push((typeof args[0] === 'string' ? [args[0]] : [...args[0]]).sort());
    return open.apply(this, args);
  });
  await exportJson();
  expect(scopes).toEqual([['eventChunks', 'events', 'outbox', 'prospects']]);
  scopes.length = 0;
  await exportEventsCsv();
  expect(scopes).toEqual([['eventChunks', 'events', 'prospects']]);
});

it('is whole when "Delete everything" is pressed while it runs', async () => {
  await seed(3_000);
  const exporting = exportJson().then((blob) => blob.text());
  await new Promise((resolve) => setTimeout(resolve, 5));
  await deleteEverything();
  const file = JSON.parse(await exporting) as { prospects: unknown[]; events: unknown[]; actions: { notes: string }[] };
  expect([file.prospects.length, file.events.length, file.actions.map((a) => a.notes)]).toEqual([3_000, 3_000, ['not synced yet']]);
});
