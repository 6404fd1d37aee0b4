/**
 * A restored export writes its actions without an import session (lib/import/restore.ts): when the
 * disk is full, the write is tried again after the cache is freed, and "Delete everything" may run in
 * between. The retry asks again whether the database is the one the restore began in, so the actions
 * are not put into the new one. The full disk and the erase are put on the first write of actions by
 * wrapping the outbox's `addActionsUnlessPresent`.
 */
import { deleteDB } from 'idb';
import { afterEach, expect, it, vi } from 'vitest';
import { exportJson } from '@/lib/data/export';
import { importText } from '@/lib/import';
import { closeDbForTests, DB_NAME, deleteDatabaseFiles } from '@/lib/store/db';
import { allActions, putAction } from '@/lib/store/outbox';
import { makeAction } from '../store/factory';
import { allEvents, allProspects, csv } from './helpers';

const hook = vi.hoisted(() => ({ fullThenErased: false }));

vi.mock('@/lib/store/outbox', async (original) => {
  const real = await original<typeof import('@/lib/store/outbox')>();
  return {
    ...real,
    addActionsUnlessPresent: async (...args: Parameters<typeof real.addActionsUnlessPresent>) => {
      if (hook.fullThenErased) {
        hook.fullThenErased = false;
        // Another page's "Delete everything", while this write meets a full disk.
        await deleteDB(DB_NAME);
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return real.addActionsUnlessPresent(...args);
    },
  };
});

afterEach(async () => {
  hook.fullThenErased = false;
  await closeDbForTests();
});

it('a restore whose actions meet a full disk, and "Delete everything" meanwhile, does not write them into the new database', async () => {
  await importText(csv([['email', 'event_type', 'occurred_at'], ['ann@example.com', 'email_open', '2026-11-01T00:00:00Z']]), 'ann.csv');
  for (let i = 0; i < 3; i++) await putAction(makeAction({ notes: `action ${i}` }));
  const file = await (await exportJson()).text();
  await deleteDatabaseFiles();

  hook.fullThenErased = true;
  await expect(importText(file, 'backup.json')).rejects.toMatchObject({ name: 'DatabaseErasedError' });
  expect(hook.fullThenErased).toBe(false);
  expect({ actions: (await allActions()).length, people: (await allProspects()).length, events: (await allEvents()).length }).toEqual({ actions: 0, people: 0, events: 0 });
});
