import { describe, expect, it } from 'vitest';
import { ActionRefused, createAction, deleteAction, editAction, logAction, retryAction } from '@/lib/sync/actions';
import { syncCounts } from '@/lib/sync/counts';
import { getAction, putAction, updateAction } from '@/lib/store/outbox';
import { putCached } from '@/lib/store/cache';
import { rememberChoice } from '@/lib/store/matches';
import type { SalesAction } from '@/lib/model/action';
import { START, callInput, fakeClock, freshDatabasePerTest } from './helpers';

freshDatabasePerTest();
const clock = fakeClock();
const at = (ms: number) => new Date(ms).toISOString();

async function withState(action: SalesAction, sync: Partial<SalesAction['sync']>): Promise<SalesAction> {
  return (await updateAction(action.id, (a) => ({ ...a, sync: { ...a.sync, ...sync } })))!;
}

describe('createAction', () => {
  it('is pending for a CRM, with a UUID and "now" as the time it happened', () => {
    const action = createAction(callInput(), 'hubspot');
    expect(action.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(action).toMatchObject({ type: 'call', notes: 'Discussed pricing', occurredAt: at(START), createdAt: at(START) });
    expect(action.sync).toEqual({ state: 'pending', attempts: 0, destination: 'hubspot', updatedAt: at(START) });
    expect(createAction(callInput(), 'hubspot').id).not.toBe(action.id);
  });

  it('keeps the time the rep gave, and is done at once for the local destination', () => {
    const action = createAction(callInput({ occurredAt: '2026-11-01T15:30:00.000Z' }), 'local');
    expect(action.occurredAt).toBe('2026-11-01T15:30:00.000Z');
    expect(action.sync.state).toBe('done');
  });

  it('refuses what the form must not accept', () => {
    expect(() => createAction(callInput({ type: 'task' }), 'hubspot')).toThrow(/action_needsDueDate/);
    expect(() => createAction(callInput({ type: 'note', notes: '  ' }), 'hubspot')).toThrow(/action_needsNoteText/);
    expect(() => createAction(callInput({ prospectKey: '' }), 'hubspot')).toThrow();
  });
});

describe('logAction', () => {
  it('resolves only once the row is stored, and returns it', async () => {
    const logged = await logAction(callInput(), 'webhook');
    expect(await getAction(logged.id)).toEqual(logged);
    expect(await syncCounts()).toEqual({ waiting: 1, dead: 0 });
  });
});

describe('the record an action is for (its target)', () => {
  const DANA = 'dana@northwind.example';
  /** A source's cached answer as views.ts stores it: the record the card draws, and its other matches. */
  const answer = (externalId: string, extra: Record<string, unknown> = {}) => ({ key: DANA, prospect: { key: DANA, refs: [{ source: 'salesforce', externalId }] }, events: [], ...extra });
  const CONTACT = '003000000000001AAA';
  const LEAD = '00Q000000000002AAA';

  it('is the record the card shows in the destination CRM: the chosen one once the source answered for it', async () => {
    await putCached('salesforce', DANA, answer(LEAD, { matchKey: 'salesforce:m-b', matches: [{ key: 'salesforce:m-a' }] }));
    await rememberChoice(DANA, 'salesforce:m-b');
    const logged = await logAction(callInput({ prospectKey: DANA }), 'salesforce');
    expect(logged.target).toEqual({ source: 'salesforce', externalId: LEAD });
    expect((await getAction(logged.id))!.target).toEqual({ source: 'salesforce', externalId: LEAD });
    // An edit changes what the rep wrote, not which record it is for.
    expect((await editAction(logged.id, callInput({ prospectKey: DANA, notes: 'changed' }))).target).toEqual(logged.target);
  });

  it('is none while the card waits for the record the rep chose, and none for another CRM, the local destination or a miss', async () => {
    await putCached('salesforce', DANA, answer(CONTACT, { matchKey: 'salesforce:m-a', matches: [{ key: 'salesforce:m-b' }] }));
    await rememberChoice(DANA, 'salesforce:m-b');
    expect((await logAction(callInput({ prospectKey: DANA }), 'salesforce')).target).toBeUndefined();
    expect((await logAction(callInput({ prospectKey: DANA }), 'hubspot')).target).toBeUndefined();
    expect((await logAction(callInput({ prospectKey: DANA }), 'local')).target).toBeUndefined();
    await putCached('hubspot', DANA, null);
    expect((await logAction(callInput({ prospectKey: DANA }), 'hubspot')).target).toBeUndefined();
    // A cached id that is not a CRM id is not carried.
    await putCached('hubspot', DANA, { key: DANA, prospect: { key: DANA, refs: [{ source: 'hubspot', externalId: "51' OR 1=1" }] }, events: [] });
    expect((await logAction(callInput({ prospectKey: DANA }), 'hubspot')).target).toBeUndefined();
  });

  it('is never taken from the request: a claimed target is dropped for the one the card shows', async () => {
    await putCached('salesforce', DANA, answer(CONTACT));
    const claimed = { ...callInput({ prospectKey: DANA }), target: { source: 'salesforce', externalId: LEAD } };
    expect((await logAction(claimed, 'salesforce')).target).toEqual({ source: 'salesforce', externalId: CONTACT });
    expect(createAction(claimed, 'salesforce').target).toBeUndefined();
  });
});

describe('editAction', () => {
  it('changes a pending action, keeping its id, creation time and sync state', async () => {
    const logged = await logAction(callInput(), 'hubspot');
    clock.advance(60_000);
    const edited = await editAction(logged.id, callInput({ type: 'meeting', notes: 'Demo booked', durationMinutes: 30 }));
    expect(edited).toMatchObject({ id: logged.id, createdAt: logged.createdAt, occurredAt: logged.occurredAt, type: 'meeting', notes: 'Demo booked', durationMinutes: 30 });
    expect(edited.sync).toEqual({ ...logged.sync, updatedAt: at(START + 60_000) });
    expect(await getAction(logged.id)).toEqual(edited);
  });

  it('drops fields the edit clears, and re-arms the reminder when the due date moves', async () => {
    const task = await logAction(callInput({ type: 'task', dueAt: at(START + 3_600_000) }), 'hubspot');
    await updateAction(task.id, (a) => ({ ...a, notifiedAt: at(START) }));
    const moved = await editAction(task.id, callInput({ type: 'task', dueAt: at(START + 7_200_000) }));
    expect(moved.notifiedAt).toBeUndefined();
    const call = await editAction(task.id, callInput());
    expect('dueAt' in call).toBe(false);
  });

  it('is refused while the action is being sent or once a CRM has it', async () => {
    const logged = await logAction(callInput(), 'hubspot');
    await withState(logged, { state: 'inflight' });
    await expect(editAction(logged.id, callInput({ notes: 'changed' }))).rejects.toThrow(/being sent/);
    await withState(logged, { state: 'done' });
    await expect(editAction(logged.id, callInput({ notes: 'changed' }))).rejects.toMatchObject({ code: 'forbidden' });
    expect((await getAction(logged.id))!.notes).toBe('Discussed pricing');
  });

  it('allows fixing a dead action, unless it may already have arrived', async () => {
    const logged = await logAction(callInput(), 'hubspot');
    await withState(logged, { state: 'dead', lastError: 'HTTP 400' });
    expect((await editAction(logged.id, callInput({ notes: 'fixed' }))).notes).toBe('fixed');
    await withState(logged, { uncertainSince: at(START) });
    await expect(editAction(logged.id, callInput({ notes: 'again' }))).rejects.toBeInstanceOf(ActionRefused);
  });

  it('is refused while a waiting action may already have arrived, and keeps the row as it was', async () => {
    const logged = await logAction(callInput(), 'hubspot');
    await withState(logged, { uncertainSince: at(START) });
    await expect(editAction(logged.id, callInput({ type: 'meeting', notes: 'Demo booked', durationMinutes: 30 }))).rejects.toThrow(/may already have reached/);
    expect(await getAction(logged.id)).toMatchObject({ type: 'call', notes: 'Discussed pricing' });
    // It may still go: deleting sends nothing, and it might wait for good (its CRM disconnected).
    expect(await deleteAction(logged.id)).toBe(true);
  });

  it('keeps a local action editable: its row is the only record', async () => {
    const logged = await logAction(callInput(), 'local');
    expect((await editAction(logged.id, callInput({ notes: 'typo fixed' }))).notes).toBe('typo fixed');
  });

  it('says when the action is gone', async () => {
    await expect(editAction(crypto.randomUUID(), callInput())).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('deleteAction', () => {
  it('deletes pending and dead actions', async () => {
    const a = await logAction(callInput(), 'hubspot');
    const b = await logAction(callInput(), 'hubspot');
    await withState(b, { state: 'dead' });
    expect(await deleteAction(a.id)).toBe(true);
    expect(await deleteAction(b.id)).toBe(true);
    expect(await getAction(a.id)).toBeUndefined();
    expect(await deleteAction(a.id)).toBe(false);
  });

  it('refuses while it is being sent or once it is in the CRM, and keeps the row', async () => {
    const a = await logAction(callInput(), 'hubspot');
    for (const state of ['inflight', 'done'] as const) {
      await withState(a, { state });
      await expect(deleteAction(a.id)).rejects.toMatchObject({ code: 'forbidden' });
      expect(await getAction(a.id)).toBeDefined();
    }
  });
});

describe('retryAction', () => {
  it('brings a dead action back to pending with fresh attempts, due now, its error kept until the next try', async () => {
    clock.advance(5_000);
    const a = await putAction(createAction(callInput(), 'mautic'));
    await withState(a, { state: 'dead', attempts: 8, lastError: 'HTTP 500', nextAttemptAt: undefined });
    const retried = await retryAction(a.id);
    expect(retried.sync).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: at(START + 5_000), lastError: 'HTTP 500' });
    expect(await syncCounts()).toEqual({ waiting: 1, dead: 0 });
  });

  it('is refused for an action that has not failed', async () => {
    const a = await logAction(callInput(), 'mautic');
    await expect(retryAction(a.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(retryAction(crypto.randomUUID())).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('syncCounts', () => {
  it('counts pending and inflight as waiting, and dead apart; done is not counted', async () => {
    const [a, b, c] = [await logAction(callInput(), 'hubspot'), await logAction(callInput(), 'hubspot'), await logAction(callInput(), 'hubspot')];
    await logAction(callInput(), 'local');
    await withState(b, { state: 'inflight' });
    await withState(c, { state: 'dead' });
    expect(a.sync.state).toBe('pending');
    expect(await syncCounts()).toEqual({ waiting: 2, dead: 1 });
  });
});
