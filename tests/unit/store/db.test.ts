import { deleteDB, type IDBPDatabase, openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngagementEvent } from '@/lib/model/engagement';
import { closeDbForTests, DB_NAME, DB_VERSION, db, deleteDatabaseFiles, openDatabase, RELEASE_WAITS_MS, RELEASE_WORTH_BYTES, UPGRADE_STEPS } from '@/lib/store/db';
import { migrateLegacyEvents } from '@/lib/store/event-migration';
import { addEvents, countEvents, getSummary, latestEvents } from '@/lib/store/events';
import { eachCount } from '@/lib/insights/days';
import { getProspect } from '@/lib/store/prospects';
import { actionsInState } from '@/lib/store/outbox';
import { makeAction } from './factory';

afterEach(closeDbForTests);

function event(n: number, prospectKey: string, type: EngagementEvent['type'] = 'email_open'): EngagementEvent {
  return {
    id: `local:${prospectKey}:${n}`,
    prospectKey,
    source: 'local',
    type,
    occurredAt: new Date(Date.UTC(2026, 9, 1 + (n % 28), 12)).toISOString(),
    title: `Event ${n}`,
  };
}

/** Writes a database exactly as schema version 1 left it. */
async function writeVersion1() {
  const v1 = await openDatabase(1);
  // Version 1's stores, untyped: the schema type describes today's database.
  const tx = (v1 as unknown as IDBPDatabase).transaction(['prospects', 'events', 'outbox', 'secrets'], 'readwrite');
  tx.objectStore('prospects').put({ key: 'dana@northwind.example', emails: ['dana@northwind.example'], refs: [], name: 'Dana' });
  for (let i = 0; i < 50; i++) tx.objectStore('events').put(event(i, i % 2 ? 'dana@northwind.example' : 'li@contoso.example', i % 3 ? 'email_open' : 'page_view'));
  tx.objectStore('outbox').put(makeAction({ prospectKey: 'dana@northwind.example' }));
  tx.objectStore('secrets').put({ id: 'hubspot', values: { token: 'pat-na1-secret' }, updatedAt: '2026-10-01T00:00:00.000Z' });
  await tx.done;
  v1.close();
}

/** Opens the database at `version`, its step failing once it has done its work (a power cut): the open fails. */
async function cutOffAfterStep(version: number): Promise<void> {
  const real = UPGRADE_STEPS[version]!;
  UPGRADE_STEPS[version] = async (db, tx, oldVersion) => {
    await real(db, tx, oldVersion);
    throw new Error('power cut');
  };
  try {
    await expect(openDatabase(version)).rejects.toThrow();
  } finally {
    UPGRADE_STEPS[version] = real;
  }
}

describe('database upgrades', () => {
  it('keeps every row written by version 1 and builds the summaries from the events', async () => {
    await writeVersion1();
    expect(DB_VERSION).toBe(5);

    const v2 = await openDatabase();
    expect(await v2.count('events')).toBe(50);
    expect(await v2.count('prospects')).toBe(1);
    expect(await v2.count('outbox')).toBe(1);
    expect(await v2.count('secrets')).toBe(1);
    v2.close();

    expect((await getProspect('dana@northwind.example'))?.name).toBe('Dana');
    expect(await actionsInState('pending')).toHaveLength(1);
    const summary = await getSummary('dana@northwind.example');
    expect(summary?.total).toBe(25);
    const perType: Record<string, number> = {};
    for (const day of Object.values(summary!.byDay)) eachCount(day, (type, n) => (perType[type] = (perType[type] ?? 0) + n));
    // Odd n from 1..49: multiples of 3 among them are 3, 9, …, 45 → 8 page views.
    expect(perType).toEqual({ page_view: 8, email_open: 17 });
    expect(await latestEvents('dana@northwind.example', 3)).toHaveLength(3);
  });

  it('v3: keeps every row of a real v2 database, drops the per-tab rows, and adds the config store and retention indexes', async () => {
    await writeVersion1();
    const v2 = await openDatabase(2);
    const untyped = v2 as unknown as IDBPDatabase;
    await untyped.put('tabs', { tabId: 7, url: 'https://mail.google.com/', views: [] });
    await untyped.put('cache', { id: 'hubspot:dana@northwind.example', source: 'hubspot', prospectKey: 'dana@northwind.example', fetchedAt: '2026-10-01T00:00:00.000Z', record: null });
    v2.close();

    const v3 = await openDatabase(3);
    expect(v3.version).toBe(3);
    expect([...v3.objectStoreNames]).toContain('config');
    expect([...v3.objectStoreNames]).not.toContain('tabs');
    for (const [store, count] of [['events', 50], ['prospects', 1], ['outbox', 1], ['secrets', 1], ['summaries', 2], ['cache', 1]] as const) {
      expect(await v3.count(store), store).toBe(count);
    }
    expect(await v3.countFromIndex('events', 'byTime', IDBKeyRange.upperBound('2026-10-05'))).toBeGreaterThan(0);
    expect(await v3.countFromIndex('outbox', 'byStateCreated', IDBKeyRange.bound(['pending', ''], ['pending', '\uffff']))).toBe(1);
    v3.close();
  });

  it('a v3 upgrade cut off midway leaves version 2 whole, its tab rows included', async () => {
    await writeVersion1();
    (await openDatabase(2)).close();
    await cutOffAfterStep(3);
    const raw = await openDB(DB_NAME);
    expect(raw.version).toBe(2);
    expect([...raw.objectStoreNames]).toContain('tabs');
    expect([...raw.objectStoreNames]).not.toContain('config');
    expect(await raw.count('events')).toBe(50);
    raw.close();
  });

  it('leaves the old version and its rows intact when an upgrade fails midway', async () => {
    await writeVersion1();
    UPGRADE_STEPS[DB_VERSION + 1] = (db) => {
      db.createObjectStore('half-made' as never);
      throw new Error('power cut');
    };
    try {
      await expect(openDatabase(DB_VERSION + 1)).rejects.toThrow();
    } finally {
      delete UPGRADE_STEPS[DB_VERSION + 1];
    }
    const raw = await openDB(DB_NAME);
    expect(raw.version).toBe(1);
    expect([...raw.objectStoreNames]).not.toContain('half-made');
    expect([...raw.objectStoreNames]).not.toContain('summaries');
    expect(await raw.count('events')).toBe(50);
    raw.close();
  });

  /** A real v2 database: written by version 1, upgraded by the v2 step, with rows in every v2 store. */
  async function writeVersion2() {
    await writeVersion1();
    const v2 = await openDatabase(2);
    await (v2 as unknown as IDBPDatabase).put('cache', { id: 'hubspot:dana@northwind.example', source: 'hubspot', prospectKey: 'dana@northwind.example', fetchedAt: '2026-10-01T00:00:00.000Z', record: null });
    await v2.put('matches', { detectedKey: 'd@x.example', chosenKey: 'dana@northwind.example', chosenAt: '2026-10-01T00:00:00.000Z' });
    v2.close();
  }

  it('v4: keeps every row of a real v2 database, and of a v3 one, without the byProspect index; lookups still read by prospect', async () => {
    await writeVersion2();
    const v4 = await openDatabase(4);
    expect(v4.version).toBe(4);
    expect([...v4.transaction('events').store.indexNames].sort()).toEqual(['byOrigin', 'byProspectTime', 'byTime']);
    for (const [store, count] of [['events', 50], ['prospects', 1], ['outbox', 1], ['secrets', 1], ['summaries', 2], ['cache', 1], ['matches', 1]] as const) {
      expect(await v4.count(store), store).toBe(count);
    }
    v4.close();
    expect((await getSummary('dana@northwind.example'))?.total).toBe(25);
    expect(await latestEvents('li@contoso.example', 100)).toHaveLength(25);
    await closeDbForTests();

    // From v3 too (the schema shipped before this step).
    await deleteDB(DB_NAME);
    await writeVersion2();
    (await openDatabase(3)).close();
    const fromV3 = await openDatabase(4);
    expect(await fromV3.count('events')).toBe(50);
    expect([...fromV3.transaction('events').store.indexNames]).not.toContain('byProspect');
    fromV3.close();
  });

  it('a v4 upgrade cut off midway leaves the v2 database whole, its index included', async () => {
    await writeVersion2();
    await cutOffAfterStep(4);
    const raw = await openDB(DB_NAME);
    // Steps 3 and 4 ran in the one versionchange transaction that was cut off: all of it rolled back.
    expect(raw.version).toBe(2);
    expect([...raw.transaction('events').store.indexNames]).toContain('byProspect');
    for (const [store, count] of [['events', 50], ['prospects', 1], ['summaries', 2], ['cache', 1], ['matches', 1]] as const) {
      expect(await raw.count(store), store).toBe(count);
    }
    raw.close();
    // The next start upgrades it whole.
    const again = await openDatabase();
    expect(again.version).toBe(DB_VERSION);
    expect(await again.count('events')).toBe(50);
    again.close();
  });

  it('v5: keeps every event of a real v4 database where it was, one per record, and every reader finds them', async () => {
    await writeVersion2();
    (await openDatabase(4)).close();
    const v5 = await openDatabase();
    expect(v5.version).toBe(5);
    expect([...v5.transaction('eventChunks').store.indexNames].sort()).toEqual(['byEventId', 'byOldest', 'byOrigin', 'byProspectTime']);
    for (const [store, count] of [['events', 50], ['eventChunks', 0], ['prospects', 1], ['outbox', 1], ['secrets', 1], ['summaries', 2], ['cache', 1], ['matches', 1]] as const) {
      expect(await v5.count(store), store).toBe(count);
    }
    v5.close();
    expect(await countEvents()).toBe(50);
    expect((await getSummary('dana@northwind.example'))?.total).toBe(25);
    expect(await latestEvents('li@contoso.example', 100)).toHaveLength(25);
    // The same events again (a CRM answer, a file imported again): nothing added, in either store.
    const again = await addEvents(Array.from({ length: 50 }, (_, i) => event(i, i % 2 ? 'dana@northwind.example' : 'li@contoso.example')));
    expect(again).toMatchObject({ added: 0, skipped: 50 });
    expect((await getSummary('dana@northwind.example'))?.total).toBe(25);
  });

  it('v5, then the move into chunks: every event of a real v4 database ends in a chunk, once', async () => {
    await writeVersion2();
    (await openDatabase(4)).close();
    const before = await latestEvents('li@contoso.example', 100);
    expect(await migrateLegacyEvents({ batch: 8, pauseMs: 0 })).toBe(50);
    const v5 = await openDatabase();
    expect(await v5.count('events')).toBe(0);
    expect(await v5.countFromIndex('eventChunks', 'byEventId')).toBe(50);
    v5.close();
    expect(await countEvents()).toBe(50);
    expect(await latestEvents('li@contoso.example', 100)).toEqual(before);
    expect((await getSummary('dana@northwind.example'))?.total).toBe(25);
    const again = await addEvents(Array.from({ length: 50 }, (_, i) => event(i, i % 2 ? 'dana@northwind.example' : 'li@contoso.example')));
    expect(again).toMatchObject({ added: 0, skipped: 50 });
  });

  it('a v5 upgrade cut off midway leaves the v4 database whole', async () => {
    await writeVersion2();
    (await openDatabase(4)).close();
    await cutOffAfterStep(5);
    const raw = await openDB(DB_NAME);
    expect(raw.version).toBe(4);
    expect([...raw.objectStoreNames]).not.toContain('eventChunks');
    for (const [store, count] of [['events', 50], ['prospects', 1], ['summaries', 2], ['cache', 1], ['matches', 1]] as const) {
      expect(await raw.count(store), store).toBe(count);
    }
    raw.close();
    const again = await openDatabase();
    expect(again.version).toBe(5);
    expect(await again.count('events')).toBe(50);
    again.close();
  });
});

describe('"delete everything" (deleteDatabaseFiles)', () => {
  /**
   * The browser's estimate, by kind as Chromium gives it (`byKind: false`: as Firefox, without), and the
   * deletion's pauses, each held until `end(i)` lets the i-th one end; `state.usage` is what it counts.
   */
  function chromium({ usage, byKind = true }: { usage: number; byKind?: boolean }) {
    const state = { usage };
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: state.usage, quota: 1e10, ...(byKind ? { usageDetails: { indexedDB: state.usage } } : {}) }) } });
    const real = globalThis.setTimeout;
    const pauses: { ms: number; end: () => void }[] = [];
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((run: () => void, ms?: number) => {
      if (!(RELEASE_WAITS_MS as readonly number[]).includes(ms ?? 0)) return real(run, ms);
      pauses.push({ ms: ms!, end: run });
      return 0 as unknown as ReturnType<typeof setTimeout>;
    }) as typeof setTimeout);
    /** Runs Node's event loop until `count` pauses have started, or a thousand turns. */
    const started = async (count: number) => {
      for (let turn = 0; pauses.length < count && turn < 1_000; turn++) await new Promise((resolve) => setImmediate(resolve));
      return pauses.map((pause) => pause.ms);
    };
    return { state, started, end: (index: number) => pauses[index]!.end() };
  }

  const turns = async (count: number) => {
    for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
  };

  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('where the browser counts IndexedDB apart (Chromium), keeps every later open waiting until the space is given back', async () => {
    const browser = chromium({ usage: 2e6 });
    await addEvents([event(1, 'dana@northwind.example')]);
    const erased = deleteDatabaseFiles();
    // Asked for at once, as the settings read after an erase is: it waits for the pause too.
    let opened = false;
    const next = db().then((connection) => {
      opened = true;
      return connection;
    });
    expect(await browser.started(1)).toEqual([RELEASE_WAITS_MS[0]]);
    await turns(20);
    expect(opened).toBe(false);
    browser.state.usage = 20_000; // what the reopened origin counts once its files are freed
    browser.end(0);
    await erased;
    expect(await browser.started(2)).toEqual([RELEASE_WAITS_MS[0]]);
    // Opened afresh: an empty database of today's version.
    const connection = await next;
    expect(connection.version).toBe(DB_VERSION);
    expect(await countEvents()).toBe(0);
  });

  it('waits longer when the space was not given back after the first pause, then gives up', async () => {
    const browser = chromium({ usage: 2e6 });
    await addEvents([event(1, 'dana@northwind.example')]);
    const erased = deleteDatabaseFiles();
    const next = db();
    expect(await browser.started(1)).toEqual([RELEASE_WAITS_MS[0]]);
    browser.end(0);
    expect(await browser.started(2)).toEqual([...RELEASE_WAITS_MS]);
    browser.end(1);
    await erased;
    expect(await browser.started(3)).toEqual([...RELEASE_WAITS_MS]);
    expect((await next).version).toBe(DB_VERSION);
  });

  it('still reports the deletion done when the look after the pause cannot open the database', async () => {
    const browser = chromium({ usage: 2e6 });
    await addEvents([event(1, 'dana@northwind.example')]);
    const erased = deleteDatabaseFiles();
    expect(await browser.started(1)).toEqual([RELEASE_WAITS_MS[0]]);
    const open = vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('The disk is gone', 'UnknownError');
    });
    browser.end(0);
    await expect(erased).resolves.toBeUndefined();
    expect(open).toHaveBeenCalled();
    open.mockRestore();
    expect(await countEvents()).toBe(0);
  });

  it('does not pause for a database too small to matter, nor where the browser does not count IndexedDB apart (Firefox)', async () => {
    for (const estimate of [{ usage: RELEASE_WORTH_BYTES - 1 }, { usage: 2e6, byKind: false }]) {
      const browser = chromium(estimate);
      await addEvents([event(1, 'dana@northwind.example')]);
      await deleteDatabaseFiles();
      expect(await browser.started(1)).toEqual([]);
      expect(await countEvents()).toBe(0);
      vi.restoreAllMocks();
      vi.unstubAllGlobals();
    }
  });
});
