import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyRetention } from '@/lib/background/retention';
import { setClock } from '@/lib/clock';
import { getCached, putCached } from '@/lib/store/cache';
import { closeDbForTests, db } from '@/lib/store/db';
import { STALE_IMPORT_MS } from '@/lib/store/import-repair';
import { addEvents, countEvents, getSummary } from '@/lib/store/events';
import { allActions, putAction } from '@/lib/store/outbox';
import { saveSettings } from '@/lib/store/settings';
import { makeAction } from '../store/factory';

const NOW = Date.UTC(2026, 11, 2, 12);
const daysAgo = (days: number) => new Date(NOW - days * 86_400_000).toISOString();
let restore: () => void;

beforeEach(() => {
  restore = setClock(() => NOW);
});
afterEach(async () => {
  restore();
  await closeDbForTests();
});

async function seed() {
  await addEvents([
    { id: 'local:old', prospectKey: 'dana@northwind.example', source: 'local', type: 'page_view', occurredAt: daysAgo(100) },
    { id: 'local:new', prospectKey: 'dana@northwind.example', source: 'local', type: 'page_view', occurredAt: daysAgo(5) },
  ]);
  const at = (days: number) => ({ createdAt: daysAgo(days), occurredAt: daysAgo(days) });
  await putAction(makeAction({ ...at(100), notes: 'old done', sync: { state: 'done', attempts: 1, destination: 'hubspot', updatedAt: daysAgo(100) } }));
  await putAction(makeAction({ ...at(5), notes: 'new done', sync: { state: 'done', attempts: 1, destination: 'hubspot', updatedAt: daysAgo(5) } }));
  await putAction(makeAction({ ...at(100), notes: 'old pending', sync: { state: 'pending', attempts: 0, destination: 'hubspot', updatedAt: daysAgo(100) } }));
  await putAction(makeAction({ ...at(100), notes: 'old dead', sync: { state: 'dead', attempts: 8, destination: 'hubspot', updatedAt: daysAgo(100) } }));
  setClock(() => NOW - 100 * 86_400_000);
  await putCached('hubspot', 'old@x.example', null);
  setClock(() => NOW);
  await putCached('hubspot', 'new@x.example', null);
}

describe('retention', () => {
  it('deletes old events, old delivered actions and old CRM answers; never an action still on its way', async () => {
    await saveSettings({ retentionDays: 30 });
    await seed();
    expect(await applyRetention()).toEqual({ events: 1, actions: 1, cached: 1 });
    expect(await countEvents()).toBe(1);
    expect((await getSummary('dana@northwind.example'))?.total).toBe(1);
    expect((await allActions()).map((a) => a.notes).sort()).toEqual(['new done', 'old dead', 'old pending']);
    expect(await getCached('hubspot', 'old@x.example')).toBeUndefined();
    expect(await getCached('hubspot', 'new@x.example')).toBeDefined();
  });

  it('leaves events to the next run while an import is running, not once it is gone', async () => {
    await saveSettings({ retentionDays: 30 });
    await seed();
    // An import's marker with a fresh heartbeat: its counts are still in its memory.
    await (await db()).put('config', { id: 'importPending:run', value: { origin: 'import:x.csv', heartbeat: NOW - 1000 }, updatedAt: daysAgo(0) });
    expect(await applyRetention()).toEqual({ events: 0, actions: 1, cached: 1 });
    expect(await countEvents()).toBe(2);

    setClock(() => NOW + STALE_IMPORT_MS);
    expect((await applyRetention()).events).toBe(1);
    expect((await getSummary('dana@northwind.example'))?.total).toBe(1);
  });

  it('rebuilds the counts of an import that died with its page, once it is stale', async () => {
    await saveSettings({ retentionDays: 0 });
    await addEvents([{ id: 'local:a', prospectKey: 'ann@x.example', source: 'local', type: 'page_view', occurredAt: daysAgo(1), origin: 'import:x.csv' }]);
    // The dead import wrote a second event for Ann but never its count.
    await (await db()).put('events', { id: 'import:b', prospectKey: 'ann@x.example', source: 'local', type: 'email_open', occurredAt: daysAgo(2), origin: 'import:x.csv' });
    await (await db()).put('config', { id: 'importPending:run', value: { origin: 'import:x.csv', heartbeat: NOW - STALE_IMPORT_MS - 1 }, updatedAt: daysAgo(0) });
    await applyRetention();
    expect((await getSummary('ann@x.example'))?.total).toBe(2);
  });

  it('never deletes an action kept in this browser only (no CRM): its row is the only copy', async () => {
    await saveSettings({ retentionDays: 30 });
    const at = { createdAt: daysAgo(100), occurredAt: daysAgo(100) };
    await putAction(makeAction({ ...at, type: 'lead_feedback', feedback: 'rejected', rejectReason: 'no_budget', notes: 'old local', sync: { state: 'done', attempts: 0, destination: 'local', updatedAt: daysAgo(100) } }));
    await putAction(makeAction({ ...at, notes: 'old webhook', sync: { state: 'done', attempts: 1, destination: 'webhook', updatedAt: daysAgo(100) } }));
    expect((await applyRetention()).actions).toBe(1);
    expect((await allActions()).map((a) => a.notes)).toEqual(['old local']);
  });

  it('never deletes a delivered task due after the cut-off: its reminder and the open task still need it', async () => {
    await saveSettings({ retentionDays: 30 });
    const task = (notes: string, dueAt: string) =>
      makeAction({ type: 'task', notes, createdAt: daysAgo(40), occurredAt: daysAgo(40), dueAt, sync: { state: 'done', attempts: 1, destination: 'hubspot', updatedAt: daysAgo(40), remoteId: 'r1' } });
    await putAction(task('renewal call', new Date(NOW + 10 * 86_400_000).toISOString()));
    // Due an hour after the cut-off (2026-11-02T12:00Z), written with an offset: earlier as text.
    await putAction(task('follow-up', '2026-11-02T08:00:00-05:00'));
    await putAction(task('long past', daysAgo(35)));
    expect((await applyRetention()).actions).toBe(1);
    expect((await allActions()).map((a) => a.notes).sort()).toEqual(['follow-up', 'renewal call']);
  });

  it('keeps everything with a retention of 0', async () => {
    await saveSettings({ retentionDays: 0 });
    await seed();
    expect(await applyRetention()).toEqual({ events: 0, actions: 0, cached: 0 });
    expect(await countEvents()).toBe(2);
  });
});
