/**
 * People and their events restored from "Export everything" (lib/import/restore.ts): an older file
 * never replaces a value learnt since, a date to come never pins one, and an event comes back only
 * beside its person.
 */
import { describe, expect, it } from 'vitest';
import { deleteEverything } from '@/lib/data/erase';
import { exportJson } from '@/lib/data/export';
import { importText, rowReason } from '@/lib/import';
import { getProspect, putProspects } from '@/lib/store/prospects';
import { allEvents, allSummaries, summariesFromEvents, testClock } from './helpers';

const NOW = Date.UTC(2026, 11, 2, 12);
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const time = testClock(NOW);

const exportFile = (o: { prospects?: unknown[]; events?: unknown[]; exportedAt?: string }) =>
  JSON.stringify({ format: 'prospect-lens-export', version: 1, exportedAt: o.exportedAt ?? iso(NOW), prospects: o.prospects ?? [], events: o.events ?? [], actions: [] });

const dana = (over: Record<string, unknown> = {}) => ({ key: 'dana@northwind.example', emails: ['dana@northwind.example'], refs: [], ...over });
const IMPORTED = 'email,name,lifecycle_stage,event_type,occurred_at\ndana@northwind.example,Dana Whitfield,customer,page_view,2026-12-01T00:00:00Z\n';

describe('a restored person', () => {
  it('from an older export, its values undated: the values imported since stay (as of the person\'s updatedAt)', async () => {
    await importText(IMPORTED, 'new.csv');
    const old = exportFile({ prospects: [dana({ name: 'Dana Old', lifecycleStage: 'lead', title: 'CFO', updatedAt: iso(NOW - 90 * DAY) })] });
    await importText(old, 'backup-september.json');
    // What the file alone knows is added, as of its date.
    expect(await getProspect('dana@northwind.example')).toMatchObject({ name: 'Dana Whitfield', lifecycleStage: 'customer', title: 'CFO', asOf: { title: iso(NOW - 90 * DAY) } });
  });

  it('without an updatedAt: as of the file\'s exportedAt, older or newer than what is stored', async () => {
    await importText(IMPORTED, 'new.csv');
    await importText(exportFile({ prospects: [dana({ lifecycleStage: 'lead' })], exportedAt: iso(NOW - 90 * DAY) }), 'september.json');
    expect((await getProspect('dana@northwind.example'))?.lifecycleStage).toBe('customer');
    await importText(exportFile({ prospects: [dana({ lifecycleStage: 'opportunity' })], exportedAt: iso(NOW) }), 'today.json');
    expect(await getProspect('dana@northwind.example')).toMatchObject({ lifecycleStage: 'opportunity', asOf: { lifecycleStage: iso(NOW) } });
  });

  it('dated with an offset (a hand-edited file): compared as the instant it is, not as text', async () => {
    await importText(IMPORTED, 'new.csv'); // customer, as of 2026-12-01T00:00Z
    // 03:00 at +05:00 is 22:00 UTC the day before: older than the stored stage, though later as text.
    await importText(exportFile({ prospects: [dana({ lifecycleStage: 'lead', asOf: { lifecycleStage: '2026-12-01T03:00:00+05:00' } })] }), 'edited.json');
    expect(await getProspect('dana@northwind.example')).toMatchObject({ lifecycleStage: 'customer', asOf: { lifecycleStage: '2026-12-01T00:00:00.000Z' } });
  });

  it('with values undated, restored twice: the second time changes nothing', async () => {
    const file = exportFile({ prospects: [dana({ name: 'Dana Whitfield', owner: 'Sam Rep', updatedAt: iso(NOW - DAY) })] });
    await importText(file, 'all.json');
    const once = await getProspect('dana@northwind.example');
    const again = await importText(file, 'all.json');
    expect(again).toMatchObject({ imported: 0, skipped: 1, prospectsUpserted: 0 });
    expect(await getProspect('dana@northwind.example')).toEqual(once);
  });

  it('dated after now: as of now, so the next import\'s newer row still replaces it', async () => {
    const year3000 = '3000-01-01T00:00:00.000Z';
    await importText(exportFile({ prospects: [dana({ lifecycleStage: 'lead', asOf: { lifecycleStage: year3000 }, updatedAt: year3000 })], exportedAt: year3000 }), 'forged.json');
    expect((await getProspect('dana@northwind.example'))?.asOf).toEqual({ lifecycleStage: iso(NOW) });
    time.ms = NOW + DAY;
    await importText(`email,lifecycle_stage,event_type,occurred_at\ndana@northwind.example,customer,page_view,${iso(NOW + DAY / 2)}\n`, 'tomorrow.csv');
    expect((await getProspect('dana@northwind.example'))?.lifecycleStage).toBe('customer');
  });
});

describe('the people a restore changed', () => {
  it('are counted once each when a batch that guessed its people new is written again with reads', async () => {
    const rows = ['email,name,event_type,occurred_at', ...Array.from({ length: 600 }, (_, i) => `p${i}@x.example,Person ${i},page_view,2026-11-01T10:00:00Z`)];
    await importText(rows.join('\n'), 'people.csv');
    const file = await (await exportJson()).text();
    await deleteEverything();
    // Two of them are stored again, later in the file: the restore's guess that its people are new fails there.
    await importText('email,name\np450@x.example,Other Name\np451@x.example,Other\n', 'two.csv');
    const summary = await importText(file, 'all.json', { batchSize: 100 });
    expect(summary.prospectsUpserted).toBe(summary.restored!.prospects.imported);
  });
});

describe('a restored event', () => {
  it('whose person was rejected is rejected too, with its reason, and counted; one whose person is stored is restored', async () => {
    await putProspects([{ key: 'li@contoso.example', emails: ['li@contoso.example'], refs: [] }]);
    const event = (id: string, prospectKey: string) => ({ id, prospectKey, source: 'local', type: 'page_view', occurredAt: '2026-11-01T10:00:00.000Z', origin: 'import:x.csv' });
    const file = exportFile({
      prospects: [dana({ emails: 'dana@northwind.example' })],
      events: [event('local:1', 'dana@northwind.example'), event('local:2', 'li@contoso.example')],
    });
    const summary = await importText(file, 'all.json');
    expect(summary).toMatchObject({ recordsRead: 3, imported: 1, rejected: 2 });
    expect(summary.restored?.events).toEqual({ imported: 1, skipped: 0, rejected: 1 });
    expect(summary.rejectedRows.map(rowReason)).toEqual([
      'prospects[0]: emails missing or not valid',
      'events[0]: its person dana@northwind.example is neither stored nor restored from this file',
    ]);
    expect(summary.rejectedRows[1]?.values).toMatchObject({ id: 'local:1', prospectKey: 'dana@northwind.example' });
    expect((await allEvents()).map((e) => e.id)).toEqual(['local:2']);
    expect([...(await allSummaries()).keys()]).toEqual(['li@contoso.example']);
    expect(await allSummaries()).toEqual(await summariesFromEvents());
  });
});
