/**
 * The import session (lib/store/import-batch.ts): a person it remembers and a batch leaves as they
 * are is not read again; summaries are written once for the whole import (sooner past a limit); an
 * import that dies leaves a marker, and `repairInterruptedImports` rebuilds its people's summaries
 * from their events — but never under an import that is still running.
 */
import { fakeClock } from '../sync/helpers';
import { importText } from '@/lib/import';
import { mapCanonical } from '@/lib/import/canonical';
import { writeBatch } from '@/lib/import/write-batch';
import { addEvents, countEvents, localHistory } from '@/lib/store/events';
import { closeDbForTests, db } from '@/lib/store/db';
import { ImportSession } from '@/lib/store/import-batch';
import { repairInterruptedImports, STALE_IMPORT_MS } from '@/lib/store/import-repair';
import { getProspect, upsertProspects } from '@/lib/store/prospects';
import { allSummaries, csv, pendingImportMarkers, summariesFromEvents } from './helpers';

afterEach(closeDbForTests);

const HEADER = ['email', 'name', 'title', 'event_type', 'occurred_at'];

/** `people` people, `each` events apiece, interleaved as exports have them (person 0, 1, … 0, 1, …). */
function interleaved(people: number, each: number): string[][] {
  const rows: string[][] = [];
  for (let round = 0; round < each; round++) {
    for (let p = 0; p < people; p++) {
      rows.push([`p${p}@example.com`, round === 0 ? `Person ${p}` : '', '', 'email_open', new Date(Date.UTC(2026, 0, 1 + round, 0, p)).toISOString()]);
    }
  }
  return rows;
}

/** Maps CSV rows as the importer does (the canonical format). */
function mapped(rows: string[][], origin = 'import:test.csv') {
  return rows.map((cells) => mapCanonical(new Map(HEADER.map((h, i) => [h, cells[i] ?? ''])), origin));
}

/** Counts `get` requests on the prospects store (or `store`) while `work` runs. */
async function storeReads(work: () => Promise<unknown>, store = 'prospects'): Promise<number> {
  const get = IDBObjectStore.prototype.get;
  let reads = 0;
  const spy = vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(function (this: IDBObjectStore, key) {
    if (this.name === store) reads++;
    return get.call(this, key);
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return reads;
}

it('reads people only until a batch finds them all new, and nobody again once remembered', async () => {
  const text = csv([HEADER, ...interleaved(50, 6)]);
  const reads = await storeReads(() => importText(text, 'people.csv', { batchSize: 25 }));
  // 300 rows in 12 batches of 25 different people. The first batch reads its 25 and finds none, so
  // the second takes its 25 for new without reading; the other 10 batches add events to people the
  // session remembers.
  expect(reads).toBe(25);
  expect(await allSummaries()).toEqual(await summariesFromEvents());
});

it('reads no summary of a person it created', async () => {
  const text = csv([HEADER, ...interleaved(50, 6)]);
  expect(await storeReads(() => importText(text, 'people.csv', { batchSize: 25 }), 'summaries')).toBe(0);
  expect(await allSummaries()).toEqual(await summariesFromEvents());
  // A second file for the same people: their summaries are read and added to.
  const more = csv([HEADER, ...interleaved(50, 1).map(([email, , , type]) => [email!, '', '', type!, '2026-03-01T00:00:00Z'])]);
  expect(await storeReads(() => importText(more, 'more.csv', { batchSize: 25 }), 'summaries')).toBe(50);
  expect((await allSummaries()).get('p0@example.com')).toMatchObject({ total: 7 });
  expect(await allSummaries()).toEqual(await summariesFromEvents());
});

it('writes a batch again, reading, when someone it took for new was stored meanwhile', async () => {
  const session = new ImportSession('import:test.csv');
  // The first batch finds nobody stored: the session now takes people it does not know for new.
  expect(await storeReads(() => writeBatch(session, mapped([['ann@example.com', 'Ann', '', 'email_open', '2026-01-01T00:00:00Z']])))).toBe(1);
  // Meanwhile the rep logs a call with Bob, who is stored with a field of their own.
  await upsertProspects([{ key: 'bob@example.com', company: 'Acme' }]);
  const rows = mapped([
    ['bob@example.com', 'Bob', '', 'email_open', '2026-01-02T00:00:00Z'],
    ['cy@example.com', 'Cy', '', 'email_open', '2026-01-02T00:00:00Z'],
  ]);
  // The guess (no read) fails on Bob and aborts; the batch is written again with both read.
  let outcome: Awaited<ReturnType<typeof writeBatch>> | undefined;
  expect(await storeReads(async () => (outcome = await writeBatch(session, rows)))).toBe(2);
  expect(outcome?.imported).toEqual([true, true]);
  expect(await getProspect('bob@example.com')).toMatchObject({ name: 'Bob', company: 'Acme' });
  expect(await getProspect('cy@example.com')).toMatchObject({ name: 'Cy' });
  await session.flush(true);
  expect(await allSummaries()).toEqual(await summariesFromEvents());
  expect(await countEvents()).toBe(3);
});

it('reads the stored person again before changing them, so another writer’s change stays', async () => {
  const session = new ImportSession('import:test.csv');
  await writeBatch(session, mapped([['ann@example.com', 'Ann', '', 'email_open', '2026-01-01T00:00:00Z']]));
  // Meanwhile the rep's lookup or another import adds a field.
  await upsertProspects([{ key: 'ann@example.com', company: 'Acme' }]);

  // A row that changes nothing: no read, no write.
  const unchanged = await storeReads(() => writeBatch(session, mapped([['ann@example.com', '', '', 'page_view', '2026-01-02T00:00:00Z']])));
  expect(unchanged).toBe(0);
  // A row that changes the person: read fresh, merged, and the other writer's field kept.
  const changed = await storeReads(() => writeBatch(session, mapped([['ann@example.com', '', 'CTO', 'page_view', '2026-01-03T00:00:00Z']])));
  expect(changed).toBe(1);
  expect(await getProspect('ann@example.com')).toMatchObject({ name: 'Ann', title: 'CTO', company: 'Acme' });
  await session.flush(true);
});

it('writes the summaries once, at the end, and leaves a marker until then', async () => {
  const session = new ImportSession('import:test.csv', 'run-1');
  await writeBatch(session, mapped(interleaved(10, 1)));
  await writeBatch(session, mapped(interleaved(10, 2).slice(10)));
  expect((await allSummaries()).size).toBe(0);
  expect(await pendingImportMarkers()).toEqual(['importPending:run-1']);

  await session.flush(true);
  const summaries = await allSummaries();
  expect(summaries.size).toBe(10);
  expect(summaries).toEqual(await summariesFromEvents());
  expect(await pendingImportMarkers()).toEqual([]);
});

it('adds to summaries written meanwhile instead of replacing them', async () => {
  const session = new ImportSession('import:test.csv');
  await writeBatch(session, mapped([['ann@example.com', 'Ann', '', 'email_open', '2026-01-01T00:00:00Z']]));
  // The background logs an event for the same person while the import runs.
  await addEvents([{ id: 'local:1', prospectKey: 'ann@example.com', source: 'local', type: 'email_reply', occurredAt: '2026-02-01T00:00:00.000Z', title: 'Call' }]);
  await session.flush(true);
  const ann = (await allSummaries()).get('ann@example.com');
  expect(ann).toMatchObject({ total: 2, lastTouch: '2026-02-01T00:00:00.000Z' });
  expect(await allSummaries()).toEqual(await summariesFromEvents());
});

it('writes the waiting summaries mid-import once too many people wait', async () => {
  const session = new ImportSession('import:test.csv', 'run-2', { pendingPeople: 5, pendingKeptEvents: 50_000, pendingKeptChars: 10_000_000, knownPeople: 100 });
  await writeBatch(session, mapped(interleaved(4, 1)));
  expect((await allSummaries()).size).toBe(0);
  await writeBatch(session, mapped(interleaved(8, 1).slice(4)));
  // 8 people waited: written, and the import is still marked as running.
  expect(await allSummaries()).toEqual(await summariesFromEvents());
  expect(await pendingImportMarkers()).toEqual(['importPending:run-2']);
  await session.flush(true);
  expect(await pendingImportMarkers()).toEqual([]);
});

it('writes the waiting summaries mid-import once they keep too many events, and keeps the right ones', async () => {
  const session = new ImportSession('import:test.csv', 'run-3', { pendingPeople: 1_000, pendingKeptEvents: 120, pendingKeptChars: 10_000_000, knownPeople: 100 });
  const rows = mapped(interleaved(2, 70));
  // Two people, 40 events each so far: each summary keeps all 40.
  await writeBatch(session, rows.slice(0, 80));
  // 61 each: a summary keeps at most 50 of them (the newest 20 and the oldest 30), 100 in all.
  await writeBatch(session, rows.slice(80, 122));
  expect((await allSummaries()).size).toBe(0);
  // A third person's 20 events: 120 kept events wait, so they are written.
  await writeBatch(session, mapped(interleaved(3, 20).filter((cells) => cells[0] === 'p2@example.com')));
  expect(await allSummaries()).toEqual(await summariesFromEvents());
  expect(await pendingImportMarkers()).toEqual(['importPending:run-3']);
  await writeBatch(session, rows.slice(122));
  await session.flush(true);
  const summaries = await allSummaries();
  expect(summaries.get('p0@example.com')?.latest).toHaveLength(20);
  expect(summaries.get('p0@example.com')?.earliest).toHaveLength(30);
  expect(summaries).toEqual(await summariesFromEvents());
});

it('writes the waiting summaries mid-import once their kept events hold too much text, however few they are', async () => {
  const session = new ImportSession('import:test.csv', 'run-4', { pendingPeople: 1_000, pendingKeptEvents: 150_000, pendingKeptChars: 20_000, knownPeople: 100 });
  // Each event's URL is 1,900 characters: ten of them are 19,000 and more, with their ids and keys.
  const long = (n: number) => mapped(interleaved(2, n)).map((row) => ({ ...row, events: row.events.map((e) => ({ ...e, url: `https://example.com/${'x'.repeat(1_880)}` })) }));
  await writeBatch(session, long(4));
  expect((await allSummaries()).size).toBe(0);
  await writeBatch(session, long(6).slice(8));
  // 12 events of about 2,000 characters wait: past 20,000, so they are written.
  expect(await allSummaries()).toEqual(await summariesFromEvents());
  await session.flush(true);
  expect(await pendingImportMarkers()).toEqual([]);
});

it('keeps the newest and oldest events in the summaries it writes, unless a stored one keeps none', async () => {
  // Two people already stored with their kept events; one of them from before summaries kept any.
  await addEvents([
    { id: 'local:1', prospectKey: 'p0@example.com', source: 'local', type: 'email_reply', occurredAt: '2025-12-01T00:00:00.000Z' },
    { id: 'local:2', prospectKey: 'p2@example.com', source: 'local', type: 'email_reply', occurredAt: '2025-12-01T00:00:00.000Z' },
  ]);
  const database = await db();
  const old = (await database.get('summaries', 'p2@example.com'))!;
  delete old.latest;
  delete old.earliest;
  await database.put('summaries', old);

  await importText(csv([HEADER, ...interleaved(3, 30)]), 'people.csv', { batchSize: 25 });
  const imported = await allSummaries();
  expect(imported.get('p0@example.com')).toMatchObject({ total: 31 });
  expect(imported.get('p0@example.com')?.earliest?.[0]?.id).toBe('local:1');
  for (const key of ['p0@example.com', 'p1@example.com']) {
    expect([imported.get(key)?.latest?.length, imported.get(key)?.earliest?.length]).toEqual([20, 30]);
  }
  // p2's summary did not know its events: it still does not, until p2's first lookup.
  expect(imported.get('p2@example.com')).toMatchObject({ total: 31 });
  expect(imported.get('p2@example.com')?.latest).toBeUndefined();
  expect(imported).toEqual(await summariesFromEvents());
  const { latest } = await localHistory('p2@example.com');
  expect((await allSummaries()).get('p2@example.com')?.latest?.map((e) => e.id)).toEqual(latest.map((e) => e.id));
  expect(await allSummaries()).toEqual(await summariesFromEvents());
});

describe('an import that died before writing its summaries', () => {
  const clock = fakeClock(Date.UTC(2026, 5, 1));

  /** Two batches written, then the worker is gone: no flush. Another origin's event for p0 too. */
  async function dead(runId: string) {
    await addEvents([{ id: 'local:other', prospectKey: 'p0@example.com', source: 'local', type: 'email_reply', occurredAt: '2025-12-01T00:00:00.000Z', title: 'Met' }]);
    const session = new ImportSession('import:dead.csv', runId);
    await writeBatch(session, mapped(interleaved(20, 1), 'import:dead.csv'));
    await writeBatch(session, mapped(interleaved(20, 2).slice(20), 'import:dead.csv'));
    expect(await allSummaries()).not.toEqual(await summariesFromEvents());
  }

  it('is repaired when the page names it, from every event of its people', async () => {
    await dead('run-dead');
    expect(await repairInterruptedImports({ runIds: ['run-dead'] })).toBe(20);
    expect(await allSummaries()).toEqual(await summariesFromEvents());
    expect((await allSummaries()).get('p0@example.com')?.total).toBe(3);
    expect(await pendingImportMarkers()).toEqual([]);
  });

  it('is repaired once its heartbeat is stale, and not while it may still be running', async () => {
    await dead('run-quiet');
    clock.advance(STALE_IMPORT_MS - 1000);
    expect(await repairInterruptedImports()).toBe(0);
    expect(await pendingImportMarkers()).toEqual(['importPending:run-quiet']);

    clock.advance(2000);
    expect(await repairInterruptedImports()).toBe(20);
    expect(await allSummaries()).toEqual(await summariesFromEvents());
    expect(await pendingImportMarkers()).toEqual([]);
  });

  it('is repaired by the next import before it starts', async () => {
    await dead('run-old');
    clock.advance(STALE_IMPORT_MS + 1);
    await importText(csv([HEADER, ['q@example.com', 'Q', '', 'email_open', '2026-03-01T00:00:00Z']]), 'next.csv');
    expect(await allSummaries()).toEqual(await summariesFromEvents());
    expect(await pendingImportMarkers()).toEqual([]);
  });

  it('ignores a marker it cannot read, and removes it', async () => {
    await (await db()).put('config', { id: 'importPending:junk', value: 'not a marker', updatedAt: '' });
    expect(await repairInterruptedImports()).toBe(0);
    expect(await pendingImportMarkers()).toEqual([]);
  });
});

describe('a repair while another import, or the same one, is still running', () => {
  const clock = fakeClock(Date.UTC(2026, 5, 1));

  it('leaves no count twice when it rebuilds people a running import of the same file has written but not counted', async () => {
    // The first run of the file dies after one batch; the rep chooses the file again at once.
    await writeBatch(new ImportSession('import:contacts.csv', 'run-dead'), mapped(interleaved(5, 1), 'import:contacts.csv'));
    clock.advance(1000);
    const live = new ImportSession('import:contacts.csv', 'run-live');
    await writeBatch(live, mapped(interleaved(5, 2), 'import:contacts.csv'));
    clock.advance(STALE_IMPORT_MS + 1);
    await writeBatch(live, mapped(interleaved(5, 3).slice(10), 'import:contacts.csv'));
    // The dead run's heartbeat is stale, the live one's fresh: the daily retention repairs.
    expect(await repairInterruptedImports()).toBe(5);
    await writeBatch(live, mapped(interleaved(5, 4).slice(15), 'import:contacts.csv'));
    await live.flush(true);
    expect(await allSummaries()).toEqual(await summariesFromEvents());
    expect((await allSummaries()).get('p0@example.com')?.total).toBe(4);
    expect(await pendingImportMarkers()).toEqual([]);
  });

  it('leaves no count twice when it rebuilds people another running import shares', async () => {
    await writeBatch(new ImportSession('import:old.csv', 'run-dead'), mapped(interleaved(5, 1), 'import:old.csv'));
    clock.advance(STALE_IMPORT_MS + 1);
    const live = new ImportSession('import:new.csv', 'run-live');
    await writeBatch(live, mapped(interleaved(8, 2).slice(8), 'import:new.csv'));
    expect(await repairInterruptedImports()).toBe(8);
    await live.flush(true);
    expect(await allSummaries()).toEqual(await summariesFromEvents());
    expect((await allSummaries()).get('p0@example.com')?.total).toBe(2);
  });

  it('counts every event once when it is the import’s own heartbeat that went stale (the laptop slept)', async () => {
    const session = new ImportSession('import:big.csv', 'run');
    await writeBatch(session, mapped(interleaved(4, 1), 'import:big.csv'));
    clock.advance(STALE_IMPORT_MS + 1);
    expect(await repairInterruptedImports()).toBe(4);
    expect(await pendingImportMarkers()).toEqual([]);
    // It wakes: its next batch writes the marker again, and its end removes it.
    await writeBatch(session, mapped(interleaved(4, 2).slice(4), 'import:big.csv'));
    expect(await pendingImportMarkers()).toEqual(['importPending:run']);
    await session.flush(true);
    expect(await allSummaries()).toEqual(await summariesFromEvents());
    expect((await allSummaries()).get('p0@example.com')?.total).toBe(2);
    expect(await pendingImportMarkers()).toEqual([]);
  });

  it('counts every event once when the import, its heartbeat stale, ends right after the repair', async () => {
    const session = new ImportSession('import:big.csv', 'run');
    await writeBatch(session, mapped(interleaved(4, 2), 'import:big.csv'));
    clock.advance(STALE_IMPORT_MS + 1);
    await repairInterruptedImports();
    await session.flush(true);
    expect(await allSummaries()).toEqual(await summariesFromEvents());
    expect((await allSummaries()).get('p0@example.com')?.total).toBe(2);
  });
});

it('writes the summaries after freeing the cache when the disk is full at the end, counting every row once', async () => {
  const flush = ImportSession.prototype.flush;
  let failed = 0;
  const spy = vi.spyOn(ImportSession.prototype, 'flush').mockImplementation(function (this: ImportSession, final) {
    if (final && failed++ === 0) return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    return flush.call(this, final);
  });
  try {
    const summary = await importText(csv([HEADER, ...interleaved(30, 3)]), 'full.csv', { batchSize: 20 });
    expect(summary).toMatchObject({ recordsRead: 90, imported: 90, skipped: 0 });
  } finally {
    spy.mockRestore();
  }
  expect(failed).toBe(2);
  expect(await allSummaries()).toEqual(await summariesFromEvents());
  expect(await pendingImportMarkers()).toEqual([]);
});

