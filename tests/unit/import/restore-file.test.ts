/**
 * Reading an "Export everything" file (lib/import/restore-reader.ts, restore.ts): streamed element by
 * element whatever the pieces the file arrives in, and a broken element, or a broken end, costs only
 * itself: it is rejected with a reason, counted, and the rest is restored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { importText, rowReason } from '@/lib/import';
import { exportElements, isExportStart } from '@/lib/import/restore-reader';
import { stringChunks } from '@/lib/import/text-chunks';
import { closeDbForTests } from '@/lib/store/db';
import { allActions } from '@/lib/store/outbox';
import { makeAction } from '../store/factory';
import { allEvents, allProspects, allSummaries, summariesFromEvents } from './helpers';

afterEach(closeDbForTests);

const dana = { key: 'dana@northwind.example', emails: ['dana@northwind.example'], name: 'Dana "DW" Whitfield}]', refs: [] };
const event = (n: number) => ({ id: `local:${n}`, prospectKey: dana.key, source: 'local', type: 'page_view', occurredAt: `2026-11-0${n}T09:00:00.000Z`, title: 'a ] and a } and a \\ and a\nline', origin: 'import:x.csv' });
const exportOf = (lists: { prospects?: unknown[]; events?: unknown[]; actions?: unknown[] }, version = 1) =>
  ({ format: 'prospect-lens-export', version, exportedAt: '2026-12-02T12:00:00.000Z', prospects: [], events: [], actions: [], ...lists });

async function read(text: string, size: number) {
  const out = [];
  for await (const piece of exportElements(stringChunks(text, size))) out.push(...piece.elements);
  return out;
}

const counted = (s: { imported: number; skipped: number; rejected: number; recordsRead: number }) => s.imported + s.skipped + s.rejected === s.recordsRead;

describe('the reader', () => {
  it('finds the same elements on the same lines, whatever the pieces (compact or pretty-printed)', async () => {
    const doc = exportOf({ prospects: [dana], events: [event(1), event(2)], actions: [makeAction()] });
    for (const text of [JSON.stringify(doc), JSON.stringify(doc, null, 2)]) {
      const whole = await read(text, text.length);
      expect(whole.map((e) => [e.section, e.index, e.value])).toEqual([
        ['prospects', 0, dana],
        ['events', 0, event(1)],
        ['events', 1, event(2)],
        ['actions', 0, doc.actions[0]],
      ]);
      for (const size of [1, 2, 3, 7, 64]) expect(await read(text, size), `pieces of ${size}`).toEqual(whole);
    }
  });

  it('recognises only what export.ts writes', () => {
    expect(isExportStart('{"format":"prospect-lens-export","version":1')).toBe(true);
    expect(isExportStart('\n  {\n  "format": "prospect-lens-export",')).toBe(true);
    expect(isExportStart('{"email":"a@b.example","format":"prospect-lens-export"}')).toBe(false);
    expect(isExportStart('[{"format":"prospect-lens-export"}]')).toBe(false);
  });
});

describe('a restore with broken parts', () => {
  it('rejects each malformed element with its list, place and fields, and restores the rest', async () => {
    const doc = exportOf({
      prospects: [dana, 42, { key: '' }],
      events: [event(1), { ...event(2), occurredAt: 'yesterday', type: 'nap' }],
      actions: [makeAction({ notes: 'fine' }), { ...makeAction(), sync: { state: 'lost' } }],
    });
    const summary = await importText(JSON.stringify(doc, null, 2), 'all.json');
    expect(summary).toMatchObject({ recordsRead: 7, imported: 3, rejected: 4 });
    expect(summary.restored).toEqual({
      prospects: { imported: 1, skipped: 0, rejected: 2 },
      events: { imported: 1, skipped: 0, rejected: 1 },
      actions: { imported: 1, skipped: 0, rejected: 1 },
    });
    expect(summary.rejectedRows.map(rowReason)).toEqual([
      'not a JSON object',
      'prospects[2]: key, emails missing or not valid',
      'events[1]: type, occurredAt missing or not valid',
      expect.stringMatching(/^actions\[1\]: sync\.state, sync\.attempts, .*missing or not valid$/),
    ]);
    // Pretty-printed, so the lines find them too; the values go into the rejected-rows file.
    expect(summary.rejectedRows[2]).toMatchObject({ line: expect.any(Number), values: { occurredAt: 'yesterday', type: 'nap' } });
    expect((await allProspects()).map((p) => p.key)).toEqual([dana.key]);
    expect((await allEvents()).map((e) => e.id)).toEqual(['local:1']);
    expect((await allActions()).map((a) => a.notes)).toEqual(['fine']);
    expect(await allSummaries()).toEqual(await summariesFromEvents());
  });

  it('a cut-off file restores what came before the cut, and says so', async () => {
    const text = JSON.stringify(exportOf({ prospects: [dana], events: [event(1), event(2)] }));
    const insideAnEvent = await importText(text.slice(0, text.indexOf('local:2') + 3), 'cut.json');
    expect(insideAnEvent).toMatchObject({ recordsRead: 3, imported: 2, rejected: 1 });
    expect(rowReason(insideAnEvent.rejectedRows[0]!)).toBe('the file ends inside this element');

    await closeDbForTests();
    const betweenLists = await importText(text.slice(0, text.indexOf(',"actions"')), 'cut.json');
    expect(betweenLists).toMatchObject({ recordsRead: 4, rejected: 1 });
    expect(rowReason(betweenLists.rejectedRows[0]!)).toMatch(/^the file ends before the export does/);
    expect(counted(betweenLists)).toBe(true);
  });

  it('an element over the size limit is rejected alone', async () => {
    const huge = { ...dana, key: 'huge@x.example', name: 'x'.repeat(1_100_000) };
    const summary = await importText(JSON.stringify(exportOf({ prospects: [huge, dana], events: [event(1)] })), 'all.json');
    expect(summary).toMatchObject({ recordsRead: 3, imported: 2, rejected: 1 });
    expect(summary.restored?.prospects).toEqual({ imported: 1, skipped: 0, rejected: 1 });
    expect(rowReason(summary.rejectedRows[0]!)).toMatch(/^longer than/);
  });

  it('an export of a newer version is not guessed at', async () => {
    const summary = await importText(JSON.stringify(exportOf({ prospects: [dana] }, 2)), 'all.json');
    expect(summary).toMatchObject({ recordsRead: 1, imported: 0, rejected: 1 });
    expect(rowReason(summary.rejectedRows[0]!)).toBe('exported by a newer version of Prospect Lens (export version 2); the rest of the file was not read');
    expect(await allProspects()).toEqual([]);
  });

  it('lists the keys it does not read, and restores the rest', async () => {
    const doc = { ...exportOf({ prospects: [{ ...dana, mood: 'busy' }] }), settings: { theme: 'dark' } };
    const summary = await importText(JSON.stringify(doc), 'all.json');
    expect(summary.unknownColumns.sort()).toEqual(['prospects.mood', 'settings']);
    expect(summary.imported).toBe(1);
  });

  it('clips each key it lists, so a hostile file cannot fill the summary with long names', async () => {
    const long = 'k'.repeat(5_000);
    const summary = await importText(JSON.stringify(exportOf({ prospects: [{ ...dana, [long]: 1 }] })), 'all.json');
    expect(summary.unknownColumns).toHaveLength(1);
    expect(summary.unknownColumns[0]).toMatch(/^prospects\.k+…$/);
    expect(summary.unknownColumns[0]!.length).toBeLessThanOrEqual(100);
    expect(summary.imported).toBe(1);
  });

  it('text after the export stops the reading where it starts', async () => {
    const summary = await importText(`${JSON.stringify(exportOf({ prospects: [dana] }))}\n{"email":"x@y.example"}`, 'all.json');
    expect(summary).toMatchObject({ recordsRead: 2, imported: 1, rejected: 1 });
    expect(rowReason(summary.rejectedRows[0]!)).toMatch(/^text after the closing \] at line 2/);
  });

  it('a canonical NDJSON file is still imported as NDJSON', async () => {
    const summary = await importText('{"email":"a@b.example","event_type":"page_view","occurred_at":"2026-11-01T10:00:00Z"}\n', 'rows.ndjson');
    expect(summary).toMatchObject({ format: 'canonical-ndjson', imported: 1 });
    expect(summary.restored).toBeUndefined();
  });
});
