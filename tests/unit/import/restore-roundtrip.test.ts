/**
 * "Export everything" chosen in Import restores what it holds (lib/import/restore.ts): the copy the
 * "Delete everything" confirmation tells the rep to keep must bring people, events, their summaries
 * and the logged actions back, each action in the sync state it had.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import { deleteEverything } from '@/lib/data/erase';
import { exportJson } from '@/lib/data/export';
import { importText, rowReason } from '@/lib/import';
import { isEditable, type SalesAction } from '@/lib/model/action';
import { closeDbForTests, db } from '@/lib/store/db';
import { localHistory } from '@/lib/store/events';
import { allActions, putAction } from '@/lib/store/outbox';
import { getProspect, putProspects } from '@/lib/store/prospects';
import { fromWorker } from '@/lib/import/worker-protocol';
import { makeAction } from '../store/factory';
import { allEvents, allProspects, allSummaries, pendingImportMarkers, summariesFromEvents } from './helpers';

const NOW = Date.UTC(2026, 11, 2, 12);
const iso = (ms: number) => new Date(ms).toISOString();
let restoreClock: () => void;
beforeEach(() => {
  restoreClock = setClock(() => NOW);
});
afterEach(async () => {
  restoreClock();
  await closeDbForTests();
});

const HUBSPOT =
  'Record ID,First Name,Last Name,Email,Company Name,Job Title,Lifecycle Stage,HubSpot Score,Contact owner,Last Marketing Email Open Date\n' +
  '101,Dana,Whitfield,dana@northwind.example,Northwind,CFO,Lead,40,Sam Rep,2026-11-01 10:00\n' +
  // Li has no event: the events CSV export loses her; the JSON export must not.
  '102,Li,Wei,li@contoso.example,Contoso,CTO,Opportunity,80,Sam Rep,\n';

const CANONICAL = 'email,event_type,occurred_at\ndana@northwind.example,page_view,2026-11-02T09:00:00Z\ndana@northwind.example,email_click,2026-11-03T09:00:00Z\n';

const sync = (over: Partial<SalesAction['sync']>): SalesAction['sync'] => ({ state: 'pending', attempts: 0, destination: 'hubspot', updatedAt: iso(NOW - 3_600_000), ...over });

/** One action in each state the rep's work can be in. */
function actions() {
  return {
    delivered: makeAction({ notes: 'delivered', sync: sync({ state: 'done', attempts: 1, remoteId: '9001' }) }),
    neverSent: makeAction({ notes: 'never sent', sync: sync({ state: 'pending' }) }),
    uncertain: makeAction({ notes: 'uncertain', sync: sync({ state: 'pending', attempts: 1, uncertainSince: iso(NOW - 7_200_000), nextAttemptAt: iso(NOW - 60_000) }) }),
    onItsWay: makeAction({ notes: 'on its way', sync: sync({ state: 'inflight', attempts: 0, uncertainSince: iso(NOW - 5_000) }) }),
    dead: makeAction({ notes: 'dead', sync: sync({ state: 'dead', attempts: 8, lastError: 'refused' }) }),
    local: makeAction({ notes: 'kept here', sync: sync({ state: 'done', attempts: 0, destination: 'local' }) }),
  };
}

async function seed() {
  await importText(HUBSPOT, 'hubspot.csv');
  await importText(CANONICAL, 'web.csv');
  const stored = actions();
  for (const action of Object.values(stored)) await putAction(action);
  return stored;
}

async function snapshot() {
  const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
  return { prospects: await allProspects(), events: byId(await allEvents()), summaries: await allSummaries() };
}

describe('restoring "Export everything"', () => {
  it('brings back every person (those without events too), event and summary after "Delete everything"', async () => {
    await seed();
    const before = await snapshot();
    const file = await (await exportJson()).text();
    await deleteEverything();

    const summary = await importText(file, 'prospect-lens-all-2026-12-02.json');
    expect(summary).toMatchObject({ format: 'prospect-lens-export', recordsRead: 11, imported: 11, skipped: 0, rejected: 0, cancelled: false });
    expect(summary.restored).toEqual({
      prospects: { imported: 2, skipped: 0, rejected: 0 },
      events: { imported: 3, skipped: 0, rejected: 0 },
      actions: { imported: 6, skipped: 0, rejected: 0 },
    });
    expect(await snapshot()).toEqual(before);
    // Owner and CRM record ids are the person's too.
    expect(await getProspect('li@contoso.example')).toMatchObject({ owner: 'Sam Rep', refs: [{ source: 'hubspot', externalId: '102' }] });
    expect(await allSummaries()).toEqual(await summariesFromEvents());
    expect((await localHistory('dana@northwind.example')).latest.map((e) => e.type)).toEqual(['email_click', 'page_view', 'email_open']);
    expect(await pendingImportMarkers()).toEqual([]);
  });

  it('a second restore adds nothing', async () => {
    await seed();
    const file = await (await exportJson()).text();
    await deleteEverything();
    await importText(file, 'all.json');
    const once = await snapshot();
    const actionsOnce = await allActions();

    const again = await importText(file, 'all.json');
    expect(again).toMatchObject({ recordsRead: 11, imported: 0, skipped: 11, rejected: 0, prospectsUpserted: 0 });
    expect(await snapshot()).toEqual(once);
    expect(await allActions()).toEqual(actionsOnce);
  });

  it('keeps delivered and this-browser-only actions as they were, and holds every other one for the rep\'s Retry', async () => {
    const stored = await seed();
    const file = await (await exportJson()).text();
    await deleteEverything();
    await importText(file, 'all.json');
    const back = new Map((await allActions()).map((a) => [a.id, a]));

    expect(back.get(stored.delivered.id)).toEqual(stored.delivered);
    expect(back.get(stored.local.id)).toEqual(stored.local);
    // The file cannot say what became of the others since: each waits for Retry, which looks for it
    // first, and none is editable meanwhile. Uncertain since it already was, else since its last write.
    for (const was of [stored.neverSent, stored.uncertain, stored.onItsWay, stored.dead]) {
      const held = back.get(was.id)!;
      const { nextAttemptAt: _, ...rest } = was.sync;
      expect(held, was.notes).toEqual({
        ...was,
        sync: { ...rest, state: 'dead', lastError: expect.stringMatching(/^Restored from an exported file and held/), uncertainSince: was.sync.uncertainSince ?? was.sync.updatedAt, updatedAt: iso(NOW) },
      });
      expect(isEditable(held), was.notes).toBe(false);
    }
  });

  it('never replaces an action this browser has: its own row says what was sent', async () => {
    const stored = await seed();
    const file = await (await exportJson()).text();
    // Delivered here since the export was made.
    const delivered = { ...stored.neverSent, sync: sync({ state: 'done', attempts: 1, remoteId: '9002' }) };
    await putAction(delivered);

    const summary = await importText(file, 'all.json');
    expect(summary.restored?.actions).toEqual({ imported: 0, skipped: 6, rejected: 0 });
    expect((await allActions()).find((a) => a.id === delivered.id)).toEqual(delivered);
  });

  it('merges people as an import does, and adds the events the browser lacks to their summaries', async () => {
    await seed();
    const file = await (await exportJson()).text();
    await deleteEverything();
    // Since then: Dana again, with a second address, a new title and one more event.
    await putProspects([{ key: 'dana@northwind.example', emails: ['dana@northwind.example', 'dana.w@northwind.example'], refs: [], title: 'COO' }]);
    await importText('email,event_type,occurred_at\ndana@northwind.example,form_submit,2026-11-20T09:00:00Z\n', 'later.csv');

    const summary = await importText(file, 'all.json');
    expect(summary.restored?.prospects).toEqual({ imported: 2, skipped: 0, rejected: 0 });
    expect(summary.prospectsUpserted).toBe(2);
    const dana = await getProspect('dana@northwind.example');
    // Non-empty values of the file win, addresses and CRM records are joined (lib/store/prospects.ts).
    expect(dana).toMatchObject({ title: 'CFO', company: 'Northwind', owner: 'Sam Rep' });
    expect(dana?.emails.sort()).toEqual(['dana.w@northwind.example', 'dana@northwind.example']);
    expect((await allSummaries()).get('dana@northwind.example')?.total).toBe(4);
    expect(await allSummaries()).toEqual(await summariesFromEvents());
  });

  it('keeps where each event came from, so "Remove demo data" still finds the demo', async () => {
    await importText(CANONICAL, 'demo.csv', { origin: 'demo' });
    await importText(HUBSPOT, 'hubspot.csv');
    const file = await (await exportJson()).text();
    await deleteEverything();
    await importText(file, 'all.json');
    const origins = (await allEvents()).map((e) => e.origin).sort();
    expect(origins).toEqual(['demo', 'demo', 'import:hubspot.csv']);
  });

  it('gives an event stored without an origin the file\'s, which a repair of a dead restore looks for', async () => {
    const event = { id: 'hubspot:1', prospectKey: 'dana@northwind.example', source: 'hubspot', type: 'email_open', occurredAt: '2026-11-01T10:00:00.000Z' };
    const dana = { key: 'dana@northwind.example', emails: ['dana@northwind.example'], refs: [] };
    const file = JSON.stringify({ format: 'prospect-lens-export', version: 1, exportedAt: iso(NOW), prospects: [dana], events: [event], actions: [] });
    await importText(file, 'all.json');
    expect(await allEvents()).toEqual([{ ...event, origin: 'import:all.json' }]);
    expect(await allSummaries()).toEqual(await summariesFromEvents());
  });

  it('reaches the page through the worker protocol with its counts and reasons', async () => {
    const file = JSON.stringify({ format: 'prospect-lens-export', version: 1, exportedAt: iso(NOW), prospects: [{ key: 'x@y.example' }], events: [], actions: [] });
    const summary = await importText(file, 'all.json');
    expect(summary.rejected).toBe(1);
    expect(fromWorker.safeParse({ type: 'done', summary }).success).toBe(true);
  });

  it('restores through a store that has data, in batches', async () => {
    await seed();
    const file = await (await exportJson()).text();
    await deleteEverything();
    const summary = await importText(file, 'all.json', { batchSize: 2 });
    expect(summary).toMatchObject({ imported: 11, rejected: 0 });
    expect(await allSummaries()).toEqual(await summariesFromEvents());
    expect((await (await db()).getAll('outbox')).length).toBe(6);
  });

  it('words the reasons it gives', async () => {
    const file = JSON.stringify({ format: 'prospect-lens-export', version: 1, exportedAt: iso(NOW), prospects: [], events: [{ id: 'a', prospectKey: 'a@b.example', source: 'local', type: 'page_view', occurredAt: 'yesterday' }], actions: [] });
    const [row] = (await importText(file, 'all.json')).rejectedRows;
    expect(rowReason(row!)).toBe('events[0]: occurredAt missing or not valid');
  });
});
