/**
 * "Delete everything" from another page while the demo loads (lib/demo/load.ts): the load is an
 * import and steps around it (the instant it counts from, the owners the format cannot carry, the
 * lead feedback), each a write of its own. An erase between any two of them stops the load with
 * DatabaseErasedError, and nothing of the demo goes into the new database. The erase is put between
 * two steps by wrapping the step before it.
 */
import { deleteDB } from 'idb';
import { afterEach, expect, it, vi } from 'vitest';
import { loadDemoData } from '@/lib/demo';
import { importText } from '@/lib/import';
import { closeDbForTests, databaseMark, db, DB_NAME } from '@/lib/store/db';
import { allActions } from '@/lib/store/outbox';

/** The step after which the erase runs, in the test under way. */
const hook = vi.hoisted(() => ({ after: '' as '' | 'clear-old-events' | 'before-import' | 'import' | 'owners' }));

/** Deletes the database as another page's erase does: this context learns of it from its connection. */
const eraseIf = async (step: typeof hook.after) => {
  if (hook.after === step) await deleteDB(DB_NAME);
};

vi.mock('@/lib/store/events', async (original) => {
  const real = await original<typeof import('@/lib/store/events')>();
  return {
    ...real,
    deleteEventsByOrigin: async (...args: Parameters<typeof real.deleteEventsByOrigin>) => {
      const removed = await real.deleteEventsByOrigin(...args);
      await eraseIf('clear-old-events');
      return removed;
    },
  };
});
vi.mock('@/lib/import', async (original) => {
  const real = await original<typeof import('@/lib/import')>();
  return {
    ...real,
    importText: async (...args: Parameters<typeof real.importText>) => {
      await eraseIf('before-import');
      const summary = await real.importText(...args);
      await eraseIf('import');
      return summary;
    },
  };
});
vi.mock('@/lib/store/prospects', async (original) => {
  const real = await original<typeof import('@/lib/store/prospects')>();
  return {
    ...real,
    upsertProspects: async (...args: Parameters<typeof real.upsertProspects>) => {
      const written = await real.upsertProspects(...args);
      await eraseIf('owners');
      return written;
    },
  };
});

afterEach(async () => {
  hook.after = '';
  await closeDbForTests();
});

const NOW = Date.UTC(2026, 11, 2, 12);

async function contents() {
  const database = await db();
  return {
    prospects: await database.count('prospects'),
    chunks: await database.count('eventChunks'),
    summaries: await database.count('summaries'),
    config: await database.getAllKeys('config'),
    actions: (await allActions()).length,
  };
}

const EMPTY = { prospects: 0, chunks: 0, summaries: 0, config: [], actions: 0 };

it.each([
  ['while it cleared the events of a demo that kept no instant', 'clear-old-events'],
  ['between keeping its instant and the import', 'before-import'],
  ['between the import and the owners', 'import'],
  ['between the owners and the lead feedback', 'owners'],
] as const)('stops when everything is deleted %s, and writes nothing into the new database', async (_, step) => {
  hook.after = step;
  await expect(loadDemoData({ now: NOW })).rejects.toMatchObject({ name: 'DatabaseErasedError' });
  expect(await contents()).toEqual(EMPTY);
});

it('loads whole with no erase (the wrapped steps change nothing)', async () => {
  const summary = await loadDemoData({ now: NOW });
  expect(summary.demoPeople).toBeGreaterThan(0);
  expect((await contents()).actions).toBeGreaterThan(0);
});

it('an import given the mark of work that began before it stops when the database was deleted since', async () => {
  await db();
  const mark = databaseMark();
  await deleteDB(DB_NAME);
  await expect(importText('email,event_type,occurred_at\nann@example.com,email_open,2026-11-01T00:00:00Z\n', 'a.csv', { databaseMark: mark })).rejects.toMatchObject({ name: 'DatabaseErasedError' });
  expect(await contents()).toEqual(EMPTY);
});
