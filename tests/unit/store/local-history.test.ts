import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngagementEvent } from '@/lib/model/engagement';
import { closeDbForTests, db } from '@/lib/store/db';
import { addEvents, deleteEventsBefore, deleteEventsByOrigin, latestEvents, localHistory } from '@/lib/store/events';
import { forgetKeptEvents, fromStored } from '@/lib/store/summary';
import { toLegacyLayout } from '../support/events';

afterEach(async () => {
  const store = await db();
  await Promise.all([store.clear('events'), store.clear('eventChunks'), store.clear('summaries')]);
  await closeDbForTests();
});

const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 0, 1, 9);

/** `count` events of one person, `perDay` to a day, some at the very same instant (ties in the index). */
function history(prospectKey: string, count: number, perDay: number): EngagementEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `local:${prospectKey}:${String(i).padStart(5, '0')}`,
    prospectKey,
    source: 'local',
    type: i % 3 ? 'email_open' : 'page_view',
    occurredAt: new Date(START + Math.floor(i / perDay) * DAY_MS + (i % perDay) * 60_000 - (i % 4 === 1 ? 60_000 : 0)).toISOString(),
    title: `Event ${i}`,
  }));
}

/** What a card must get: by time (then id, as the index orders ties), newest first and oldest first. */
function expected(events: EngagementEvent[], latest: number, earliest: number) {
  const ordered = [...events].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || (a.id < b.id ? -1 : 1));
  return { latest: ordered.slice(-latest).reverse().map((e) => e.id), earliest: ordered.slice(0, earliest).map((e) => e.id) };
}

async function read(prospectKey: string, limits?: { latest: number; earliest: number }) {
  const got = await localHistory(prospectKey, limits);
  return { summary: got.summary, latest: got.latest.map((e) => e.id), earliest: got.earliest.map((e) => e.id) };
}

/** Makes every stored summary one from before summaries kept events: lookups must read the events. */
async function forgetAllKeptEvents(): Promise<void> {
  const store = await db();
  for (const stored of await store.getAll('summaries')) {
    const summary = fromStored(stored);
    forgetKeptEvents(summary);
    await store.put('summaries', summary);
  }
}

/** Where the events are: in chunks (since v5), one per record (before), or every other one in each. */
type Layout = 'chunks' | 'records' | 'both';

/**
 * The cases every lookup must answer alike: from the summary's kept events, or (`fromEvents`) from
 * the events themselves, in each layout, with or without getAllRecords.
 */
function sameAnswers({ fromEvents, layout = 'chunks' }: { fromEvents: boolean; layout?: Layout }) {
  /** Writes the events, and in `fromEvents` mode leaves the summaries keeping none. */
  const store = async (events: EngagementEvent[]) => {
    await addEvents(events);
    if (layout !== 'chunks') await toLegacyLayout(layout === 'records' ? () => true : (event) => hash(event.id) % 2 === 0);
    if (fromEvents) await forgetAllKeptEvents();
  };

  it('gives the newest 20 and the oldest 30 events of a busy person, in order, ties included', async () => {
    const events = history('dana@northwind.example', 400, 7);
    await store(events);
    const got = await read('dana@northwind.example');
    expect(got.summary?.total).toBe(400);
    expect(got).toMatchObject(expected(events, 20, 30));
    // The same as stepping a cursor back from the newest.
    expect(got.latest).toEqual((await latestEvents('dana@northwind.example', 20)).map((e) => e.id));
  });

  it('gives every event of a person with fewer than 20, and nothing of a person with none', async () => {
    const events = history('li@contoso.example', 5, 2);
    await store(events);
    expect(await read('li@contoso.example')).toMatchObject(expected(events, 20, 30));
    expect(await read('nobody@contoso.example')).toEqual({ summary: undefined, latest: [], earliest: [] });
  });

  it('keeps people whose keys share a prefix apart', async () => {
    const short = history('a@b.example', 30, 3);
    const long = history('a@b.example.org', 30, 3).map((e) => ({ ...e, occurredAt: new Date(Date.parse(e.occurredAt) + 400 * DAY_MS).toISOString() }));
    await store([...short, ...long]);
    expect(await read('a@b.example')).toMatchObject(expected(short, 20, 30));
  });

  it('gives fewer than it keeps when asked for fewer', async () => {
    const events = history('kim@litware.example', 60, 5);
    await store(events);
    expect(await read('kim@litware.example', { latest: 3, earliest: 4 })).toMatchObject(expected(events, 3, 4));
  });
}

describe('a card’s local reads (localHistory) from the events the summary keeps', () => {
  sameAnswers({ fromEvents: false });

  it('reads the summary and no event', async () => {
    await addEvents(history('dana@northwind.example', 400, 7));
    const indexReads = [
      vi.spyOn(IDBIndex.prototype as Required<BackwardsIndex>, 'getAllRecords'),
      vi.spyOn(IDBIndex.prototype, 'getAll'),
      vi.spyOn(IDBIndex.prototype, 'openCursor'),
      vi.spyOn(IDBObjectStore.prototype, 'getAll'),
    ];
    try {
      expect((await read('dana@northwind.example')).latest).toHaveLength(20);
      for (const spy of indexReads) expect(spy).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('answers while a batch of an import or of the move into chunks holds the event stores', async () => {
    await addEvents(history('dana@northwind.example', 60, 3));
    const expectedIds = expected(history('dana@northwind.example', 60, 3), 20, 30);
    // A read-write transaction on the event stores kept busy for 2,000 requests, as a long batch is.
    // Counted in requests, not time: the answer must come while it is busy, however loaded the machine.
    const holder = (await db()).transaction(['events', 'eventChunks'], 'readwrite');
    let answered = false;
    let answeredWhileBusy = false;
    const busy = new Promise<void>((resolve) => {
      let left = 2_000;
      const again = () => {
        if (answered) answeredWhileBusy = true;
        if (answered || --left === 0) return resolve();
        holder.objectStore('eventChunks').count().then(again, () => resolve());
      };
      again();
    });
    const answer = await read('dana@northwind.example');
    answered = true;
    await busy;
    await holder.done;
    expect(answeredWhileBusy).toBe(true);
    expect(answer).toMatchObject({ latest: expectedIds.latest, earliest: expectedIds.earliest });
  });

  it('answers when its connection closes between the summary and the events (the database replaced)', async () => {
    // Someone with events and no summary: the lookup reads the summary, then the events.
    await addEvents(history('dana@northwind.example', 5, 1));
    await (await db()).delete('summaries', 'dana@northwind.example');
    const answer = read('dana@northwind.example');
    // Closed while the summary's read is under way, as "Delete everything" closes it.
    await closeDbForTests();
    expect((await answer).latest).toHaveLength(5);
  });

  it('keeps the same events whatever order and batches they were written in, a repeated one kept once', async () => {
    const events = history('eve@adatum.example', 300, 6);
    const shuffled = [...events].sort((a, b) => (hash(a.id) - hash(b.id)));
    for (let at = 0; at < shuffled.length; at += 37) await addEvents(shuffled.slice(at, at + 37));
    await addEvents(shuffled.slice(0, 50));
    expect(await read('eve@adatum.example')).toMatchObject(expected(events, 20, 30));
  });

  it('keeps the right events after retention removes the oldest and after an import is removed', async () => {
    const old = history('fay@contoso.example', 120, 4);
    const imported = history('fay@contoso.example', 80, 2).map((e) => ({
      ...e,
      id: `${e.id}:imported`,
      occurredAt: new Date(Date.parse(e.occurredAt) + 20 * DAY_MS).toISOString(),
      origin: 'import:fay.csv',
    }));
    await addEvents([...old, ...imported]);
    const cutOff = old[60]!.occurredAt;
    await deleteEventsBefore(cutOff);
    const left = [...old, ...imported].filter((e) => e.occurredAt >= cutOff);
    expect(await read('fay@contoso.example')).toMatchObject(expected(left, 20, 30));
    await deleteEventsByOrigin('import:fay.csv');
    const rest = left.filter((e) => !e.origin);
    expect(await read('fay@contoso.example')).toMatchObject({ ...expected(rest, 20, 30), summary: { total: rest.length } });
    // Read again from the events, the kept ones are right: not just any 20 and 30.
    const kept = (await (await db()).get('summaries', 'fay@contoso.example'))!;
    expect(kept.latest!.map((e) => e.id)).toEqual(expected(rest, 20, 30).latest);
  });

  it('gives a summary from before summaries kept events the ones its first lookup read', async () => {
    const events = history('hal@woodgrove.example', 90, 3);
    await addEvents(events);
    await forgetAllKeptEvents();
    expect(await read('hal@woodgrove.example')).toMatchObject(expected(events, 20, 30));
    const getAll = vi.spyOn(IDBIndex.prototype, 'getAll');
    try {
      expect(await read('hal@woodgrove.example')).toMatchObject(expected(events, 20, 30));
      expect(getAll).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
    }
    // Asked for fewer than a summary keeps, a lookup stores nothing: it read too few.
    await addEvents(history('ivy@woodgrove.example', 90, 3));
    await forgetAllKeptEvents();
    await read('ivy@woodgrove.example', { latest: 5, earliest: 5 });
    expect((await (await db()).get('summaries', 'ivy@woodgrove.example'))?.latest).toBeUndefined();
  });

  it('reads the events when asked for more than the summary keeps', async () => {
    const events = history('gus@fabrikam.example', 90, 3);
    await addEvents(events);
    expect(await read('gus@fabrikam.example', { latest: 25, earliest: 40 })).toMatchObject(expected(events, 25, 40));
  });
});

/** A stable pseudo-random order for ids. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

type BackwardsIndex = IDBIndex & { getAllRecords?: (options: object) => IDBRequest };

describe('a card’s local reads (localHistory) from the events', () => {
  describe('in chunks (since v5)', () => sameAnswers({ fromEvents: true }));
  describe('one per record (stored before v5)', () => sameAnswers({ fromEvents: true, layout: 'records' }));
  describe('some in each', () => sameAnswers({ fromEvents: true, layout: 'both' }));

  it('reads only the chunks that hold a busy person’s oldest 30 and newest 20', async () => {
    // 400 events over 57 days, written a day at a time: 57 chunks.
    const events = history('dana@northwind.example', 400, 7);
    for (let at = 0; at < events.length; at += 7) await addEvents(events.slice(at, at + 7));
    await forgetAllKeptEvents();
    const gets = vi.spyOn(IDBObjectStore.prototype, 'get');
    try {
      expect(await read('dana@northwind.example')).toMatchObject(expected(events, 20, 30));
      const chunkReads = gets.mock.contexts.filter((store) => (store as IDBObjectStore).name === 'eventChunks').length;
      // The oldest 30 are in the first 5 chunks and the newest 20 in the last 4; the index holds a
      // chunk's events at the same instant once, so its 30th entry may lie in a chunk more at each end.
      expect(chunkReads).toBeGreaterThanOrEqual(5 + 4);
      expect(chunkReads).toBeLessThanOrEqual(6 + 5);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('reads a chunk that holds both a person’s oldest and newest events once', async () => {
    await addEvents(history('li@contoso.example', 5, 2));
    await forgetAllKeptEvents();
    const gets = vi.spyOn(IDBObjectStore.prototype, 'get');
    try {
      await read('li@contoso.example');
      expect(gets.mock.contexts.filter((store) => (store as IDBObjectStore).name === 'eventChunks')).toHaveLength(1);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('orders events at the same instant by id at either edge, whichever chunk holds them', async () => {
    const at = (id: string, minute: number): EngagementEvent => ({ id, prospectKey: 'tie@contoso.example', source: 'local', type: 'email_open', occurredAt: new Date(START + minute * 60_000).toISOString() });
    // Written in this order, so the later chunk holds the lower id at each edge.
    for (const event of [at('local:b', 0), at('local:a', 0), at('local:m', 5), at('local:y', 9), at('local:z', 9)]) await addEvents([event]);
    await forgetAllKeptEvents();
    expect(await read('tie@contoso.example', { latest: 1, earliest: 1 })).toMatchObject({ earliest: ['local:a'], latest: ['local:z'] });
  });

  it('reads the newest 20 stored before v5 in one request where the browser reads an index backwards with a count (getAllRecords, Chromium 141+)', async () => {
    await addEvents(history('dana@northwind.example', 400, 7));
    await toLegacyLayout();
    await forgetAllKeptEvents();
    const reads = vi.spyOn(IDBIndex.prototype as Required<BackwardsIndex>, 'getAllRecords');
    const cursors = vi.spyOn(IDBIndex.prototype, 'openCursor');
    try {
      await read('dana@northwind.example');
      expect(reads).toHaveBeenCalledOnce();
      expect(reads.mock.calls[0]![0]).toMatchObject({ count: 20, direction: 'prev' });
      expect(cursors).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
    }
  });

  describe('where the browser cannot read backwards (Firefox today)', () => {
    const proto = IDBIndex.prototype as BackwardsIndex;
    const getAllRecords = proto.getAllRecords;
    beforeAll(() => {
      delete proto.getAllRecords;
    });
    afterAll(() => {
      proto.getAllRecords = getAllRecords;
    });
    describe('one per record', () => sameAnswers({ fromEvents: true, layout: 'records' }));
    describe('some in each', () => sameAnswers({ fromEvents: true, layout: 'both' }));
  });
});
