/**
 * "Delete everything" while an import runs (lib/store/db.ts, `databaseMark`): the import stops with
 * DatabaseErasedError and writes nothing into the new, empty database, whether the erase came from
 * this context or another page (the background's erase reaches a page's connection as a versionchange
 * to a deletion, which `blocking` answers). The same for a restored export and the demo load. And a
 * connection the browser closed by itself is let go of, not used again.
 */
import { deleteDB, unwrap } from 'idb';
import { forceCloseDatabase } from 'fake-indexeddb';
import { afterEach, expect, it } from 'vitest';
import { loadDemoData } from '@/lib/demo';
import { exportJson } from '@/lib/data/export';
import { importText } from '@/lib/import';
import { restoreExport } from '@/lib/import/restore';
import type { TextChunk } from '@/lib/import/text-chunks';
import { writeBatch } from '@/lib/import/write-batch';
import { mapCanonical } from '@/lib/import/canonical';
import { closeDbForTests, databaseMark, db, DB_NAME, DB_VERSION, deleteDatabaseFiles, openDatabase } from '@/lib/store/db';
import { ImportSession } from '@/lib/store/import-batch';
import { allActions, putAction } from '@/lib/store/outbox';
import { makeAction } from '../store/factory';
import { allEvents, allProspects, allSummaries, csv, pendingImportMarkers, summariesFromEvents } from './helpers';

afterEach(closeDbForTests);

const HEADER = ['email', 'name', 'event_type', 'occurred_at'];

/** `count` rows, each a person of their own with one event. */
function rows(count: number): string[][] {
  return Array.from({ length: count }, (_, i) => [`p${i}@example.com`, `Person ${i}`, 'email_open', new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()]);
}

const mapped = (cells: string[][]) => cells.map((row) => mapCanonical(new Map(HEADER.map((h, i) => [h, row[i] ?? ''])), 'import:test.csv'));

/** What the (new) database holds, store by store. */
async function contents() {
  return {
    prospects: (await allProspects()).length,
    events: (await allEvents()).length,
    summaries: (await allSummaries()).size,
    actions: (await allActions()).length,
    markers: await pendingImportMarkers(),
  };
}

const EMPTY = { prospects: 0, events: 0, summaries: 0, actions: 0, markers: [] };

/**
 * Deletes the database as another page's erase does: not through this context's `db.ts`, so this
 * context learns of it only from its connection's versionchange (`blocking`).
 */
function eraseFromAnotherPage(): Promise<void> {
  return deleteDB(DB_NAME);
}

it('an import stops at its next batch when another page deletes everything, and writes nothing into the new database', async () => {
  let erased: Promise<void> | undefined;
  const importing = importText(csv([HEADER, ...rows(200)]), 'big.csv', {
    batchSize: 20,
    onProgress: ({ recordsRead }) => {
      if (recordsRead > 0) erased ??= eraseFromAnotherPage();
    },
  });
  await expect(importing).rejects.toMatchObject({ name: 'DatabaseErasedError' });
  await erased;
  expect(await contents()).toEqual(EMPTY);
});

it('a session refuses its next batch, and its last counts, once the database was deleted in its own context', async () => {
  const session = new ImportSession('import:test.csv');
  await writeBatch(session, mapped(rows(5)));
  await deleteDatabaseFiles();
  await expect(writeBatch(session, mapped(rows(10).slice(5)))).rejects.toMatchObject({ name: 'DatabaseErasedError' });
  await expect(session.flush(true)).rejects.toMatchObject({ name: 'DatabaseErasedError' });
  expect(await contents()).toEqual(EMPTY);
});

it('a batch retried after a full disk finds the database deleted meanwhile: refused, not written into the new one', async () => {
  const session = new ImportSession('import:test.csv');
  await writeBatch(session, mapped(rows(5)));
  const write = ImportSession.prototype.writeBatch;
  let attempts = 0;
  const spy = vi.spyOn(ImportSession.prototype, 'writeBatch').mockImplementation(async function (this: ImportSession, ...args) {
    // The first attempt meets a full disk; while the cache is freed, "Delete everything" runs.
    if (attempts++ === 0) {
      await eraseFromAnotherPage();
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }
    return write.apply(this, args);
  });
  try {
    await expect(writeBatch(session, mapped(rows(10).slice(5)))).rejects.toMatchObject({ name: 'DatabaseErasedError' });
  } finally {
    spy.mockRestore();
  }
  // The retry asked the session for its database first, and the session refused before writing.
  expect(attempts).toBe(1);
  expect(await contents()).toEqual(EMPTY);
});

it('a restored export stops too: its actions, written without a session, are not put into the new database', async () => {
  await importText(csv([HEADER, ...rows(3)]), 'people.csv');
  for (let i = 0; i < 3; i++) await putAction(makeAction({ notes: `action ${i}` }));
  const file = await (await exportJson()).text();
  await deleteDatabaseFiles();
  // The file in two pieces: everything up to the actions, then "Delete everything" from another page
  // (done, so this context has seen it), then the actions.
  const cut = file.indexOf('"actions"');
  expect(cut).toBeGreaterThan(0);
  async function* pieces(): AsyncGenerator<TextChunk> {
    yield { text: file.slice(0, cut), bytesRead: cut };
    await eraseFromAnotherPage();
    yield { text: file.slice(cut), bytesRead: file.length };
  }
  await expect(restoreExport(pieces(), file.length, 'import:backup.json', { batchSize: 1 })).rejects.toMatchObject({ name: 'DatabaseErasedError' });
  expect(await contents()).toEqual(EMPTY);
});

it('the demo load stops too when everything is deleted during its import (its other steps: tests/unit/demo/erased-midway.test.ts)', async () => {
  let erased: Promise<void> | undefined;
  const loading = loadDemoData({
    now: Date.UTC(2026, 11, 2, 12),
    onProgress: ({ recordsRead }) => {
      if (recordsRead > 0) erased ??= eraseFromAnotherPage();
    },
  });
  await expect(loading).rejects.toMatchObject({ name: 'DatabaseErasedError' });
  await erased;
  expect(await contents()).toEqual(EMPTY);
});

/** Closes `connection` as the browser does when it drops it (fake-indexeddb's types ask for the class; its code takes the connection). */
const browserCloses = (connection: IDBDatabase) => forceCloseDatabase(connection as unknown as Parameters<typeof forceCloseDatabase>[0]);

it('lets go of a connection the browser closed (its data cleared in the browser), and opens the database again', async () => {
  await importText(csv([HEADER, ...rows(2)]), 'two.csv');
  const first = await db();
  browserCloses(unwrap(first));
  // Left cached, the closed connection would refuse every transaction (InvalidStateError).
  expect(await db()).not.toBe(first);
  expect((await allProspects()).length).toBe(2);
});

it('an import whose connection the browser closed midway opens it again and finishes: nothing was deleted', async () => {
  const connection = unwrap(await db());
  let closed = false;
  const summary = await importText(csv([HEADER, ...rows(100)]), 'big.csv', {
    batchSize: 20,
    onProgress: ({ recordsRead }) => {
      if (recordsRead > 0 && !closed) {
        closed = true;
        browserCloses(connection);
      }
    },
  });
  expect(closed).toBe(true);
  expect(summary).toMatchObject({ recordsRead: 100, imported: 100 });
  expect({ ...(await contents()), markers: await pendingImportMarkers() }).toEqual({ prospects: 100, events: 100, summaries: 100, actions: 0, markers: [] });
});

it('an import whose data the browser cleared midway (connection closed, database gone) goes on, every event with its person and counted', async () => {
  const connection = unwrap(await db());
  let cleared: Promise<void> | undefined;
  const summary = await importText(csv([HEADER, ...rows(20), ...rows(20).map(([email, , type]) => [email!, '', type!, '2026-02-01T00:00:00.000Z'])]), 'twice.csv', {
    batchSize: 10,
    onProgress: ({ recordsRead }) => {
      if (recordsRead > 0 && !cleared) {
        // As the browser's "clear site data": the connection is closed, then the database goes.
        browserCloses(connection);
        cleared = deleteDB(DB_NAME);
      }
    },
  });
  await cleared;
  expect(summary.recordsRead).toBe(40);
  // Whatever the first batch wrote went with the data; everything written since has its person.
  const events = await allEvents();
  const people = new Set((await allProspects()).map((p) => p.key));
  expect(events.length).toBeGreaterThan(0);
  expect(events.filter((event) => !people.has(event.prospectKey))).toEqual([]);
  expect(await allSummaries()).toEqual(await summariesFromEvents());
  expect(await pendingImportMarkers()).toEqual([]);
});

it('counts a deletion only: another page upgrading the database is not one', async () => {
  await db();
  const mark = databaseMark();
  // A newer version asked for from elsewhere: this context's connection is told (versionchange to 6).
  // The upgrade itself fails here (no step 6) and says so on the console.
  const said = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  await openDatabase(DB_VERSION + 1).then((newer) => newer.close(), () => undefined);
  said.mockRestore();
  expect(databaseMark()).toBe(mark);
  await db();
  await deleteDB(DB_NAME);
  expect(databaseMark()).toBe(mark + 1);
});

it('closes whichever connection the deletion reached, the cached one or another (the erase probe is not cached)', async () => {
  const probe = await openDatabase();
  await db();
  const mark = databaseMark();
  // Left open, either connection would hold the deletion up for good.
  await deleteDB(DB_NAME);
  expect(databaseMark()).toBe(mark + 1);
  expect(() => probe.transaction('config')).toThrow();
});
