/**
 * Where engagement events are stored (docs/architecture.md, "Event chunks"). Since schema v5 every
 * event is written into a **chunk**: one record holding a few events, of up to CHUNK_BUCKETS groups of
 * people per write, so that an import of 100,000 rows writes about 12,000 records instead of 100,000
 * (issue 18: one record per event bound the import to the rate IndexedDB writes records at;
 * bench/results/import-notes-2026-12-03.md, "Session 24" and "Session 25").
 *
 * A chunk's indexes do what the events store's did per event:
 * - `byEventId` (multiEntry, unique) on its events' ids: a chunk with an id stored already fails its
 *   `add`, so a repeated import still adds nothing;
 * - `byProspectTime` (multiEntry) on `[prospectKey, occurredAt]` per event: a person's chunks;
 * - `byOrigin` on the one origin its events share: "Remove demo data", the repair of a dead import;
 * - `byOldest` on its oldest event's time: retention.
 *
 * Events stored before v5 stay where they were, in `events`, which nothing writes any more, until the
 * background moves them into chunks (lib/store/event-migration.ts): every reader here reads both stores.
 * Outside this file only the writers build chunks (lib/store/import-batch.ts, `addEvents`); every reader
 * sees events.
 */
import { type IDBPDatabase, type IDBPObjectStore, type IDBPTransaction, type StoreNames, unwrap } from 'idb';
import type { EngagementEvent } from '../model/engagement';
import type { ProspectLensDB } from './db';
import { olderFirst } from './summary';

export interface EventChunk {
  /** Given by the store (autoIncrement). */
  id?: number;
  /** The origin all its events share; none when they have none. */
  origin?: string;
  /** Its oldest event's `occurredAt` (UTC ISO, as every stored time). */
  oldest: string;
  ids: string[];
  pairs: [string, string][];
  events: EngagementEvent[];
}

/**
 * Groups of people a write spreads its events over (per origin). 64 kept a person's first lookup at
 * 1,000,000 events inside its budget where fewer, bigger chunks did not (p95 16.1 ms against 20 ms;
 * bench/event-layout.mjs, session 24).
 */
export const CHUNK_BUCKETS = 64;

/** A store of ProspectLensDB inside any transaction that holds it. */
type Store<Name extends StoreNames<ProspectLensDB>, Mode extends IDBTransactionMode> = IDBPObjectStore<ProspectLensDB, ArrayLike<StoreNames<ProspectLensDB>>, Name, Mode>;

/** The two stores events live in, as a transaction that holds both gives them. */
export interface EventStores<Mode extends IDBTransactionMode = IDBTransactionMode> {
  chunks: Store<'eventChunks', Mode>;
  /** Events stored before v5. */
  legacy: Store<'events', Mode>;
}

/** The event stores of a transaction that holds both (and maybe others). */
export function eventStores<Mode extends IDBTransactionMode>(tx: IDBPTransaction<ProspectLensDB, ArrayLike<StoreNames<ProspectLensDB>>, Mode>): EventStores<Mode> {
  return { chunks: tx.objectStore('eventChunks'), legacy: tx.objectStore('events') };
}

/** One chunk of `events` (one origin). */
export function chunkOf(events: readonly EngagementEvent[]): EventChunk {
  let oldest = events[0]!.occurredAt;
  for (const event of events) if (event.occurredAt < oldest) oldest = event.occurredAt;
  const chunk: EventChunk = { oldest, ids: events.map((e) => e.id), pairs: events.map((e) => [e.prospectKey, e.occurredAt]), events: [...events] };
  const origin = events[0]!.origin;
  if (origin !== undefined) chunk.origin = origin;
  return chunk;
}

/** `events` (times normalised) as chunks: per origin, a person's events in one of CHUNK_BUCKETS chunks. */
export function chunksOf(events: readonly EngagementEvent[]): EventChunk[] {
  const groups = new Map<string, EngagementEvent[]>();
  for (const event of events) {
    // No origin and an empty one are two origins: a chunk has one (and "Remove" of '' must not take the others).
    const group = `${bucketOf(event.prospectKey)}${event.origin === undefined ? '' : `:${event.origin}`}`;
    let list = groups.get(group);
    if (!list) groups.set(group, (list = []));
    list.push(event);
  }
  return [...groups.values()].map(chunkOf);
}

/** FNV-1a of the key, in CHUNK_BUCKETS: a person's events of one write share a chunk. */
function bucketOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % CHUNK_BUCKETS;
}

/** Every event of one prospect in a `byProspectTime` index: `[key, '']` up to `[key, '\uffff']`. */
export function prospectRange(prospectKey: string): IDBKeyRange {
  return IDBKeyRange.bound([prospectKey, ''], [prospectKey, '\uffff']);
}

/** The given chunks by id, each read once (an index read names a chunk once per entry, and people share chunks). */
async function chunksById(stores: EventStores, ids: Iterable<number>): Promise<Map<number, EventChunk>> {
  const unique = [...new Set(ids)];
  const chunks = await Promise.all(unique.map((id) => stores.chunks.get(id)));
  const out = new Map<number, EventChunk>();
  chunks.forEach((chunk, i) => chunk && out.set(unique[i]!, chunk));
  return out;
}

/** The person's events in the chunks `ids` names (each chunk once). */
function eventsIn(chunks: ReadonlyMap<number, EventChunk>, ids: readonly number[], prospectKey: string): EngagementEvent[] {
  const out: EngagementEvent[] = [];
  for (const id of new Set(ids)) for (const event of chunks.get(id)?.events ?? []) if (event.prospectKey === prospectKey) out.push(event);
  return out;
}

/** Every event of each of these people, oldest first, by key; a chunk they share is read once. */
export async function eventsOfPeople(stores: EventStores, prospectKeys: readonly string[]): Promise<Map<string, EngagementEvent[]>> {
  const keys = [...new Set(prospectKeys)];
  const [legacy, chunkIds] = await Promise.all([
    Promise.all(keys.map((key) => stores.legacy.index('byProspectTime').getAll(prospectRange(key)))),
    Promise.all(keys.map((key) => stores.chunks.index('byProspectTime').getAllKeys(prospectRange(key)))),
  ]);
  const chunks = await chunksById(stores, chunkIds.flat());
  return new Map(
    keys.map((key, i) => {
      const chunked = eventsIn(chunks, chunkIds[i]!, key);
      return [key, chunked.length === 0 ? legacy[i]! : [...legacy[i]!, ...chunked].sort(olderFirst)];
    }),
  );
}

/**
 * A prospect's oldest `earliest` events (oldest first) and newest `latest` (newest first), reading only
 * the chunks that hold them: the chunks of the index entries up to the `earliest`-th one's time, and
 * from the `latest`-th newest one's time on (ties at that time included, so that the order is exact).
 */
export async function personEdges(stores: EventStores, prospectKey: string, earliest: number, latest: number): Promise<{ earliest: EngagementEvent[]; latest: EngagementEvent[] }> {
  const range = prospectRange(prospectKey);
  const index = stores.chunks.index('byProspectTime');
  const legacyIndex = stores.legacy.index('byProspectTime');
  const edgeTime = async (count: number, direction: IDBCursorDirection): Promise<string | undefined> => {
    if (count <= 0) return undefined;
    let cursor = await index.openKeyCursor(range, direction);
    if (cursor && count > 1) cursor = await cursor.advance(count - 1);
    return cursor ? (cursor.key as [string, string])[1] : undefined;
  };
  const newestLegacy = async () => {
    if (latest <= 0) return [];
    const backwards = await newestWithCount(unwrap(legacyIndex), range, latest);
    if (backwards) return backwards;
    const out: EngagementEvent[] = [];
    let cursor = await legacyIndex.openCursor(range, 'prev');
    while (cursor && out.length < latest) {
      out.push(cursor.value);
      cursor = await cursor.continue();
    }
    return out;
  };
  const [oldLegacy, newLegacy, oldTime, newTime] = await Promise.all([earliest > 0 ? legacyIndex.getAll(range, earliest) : [], newestLegacy(), edgeTime(earliest, 'next'), edgeTime(latest, 'prev')]);
  const [oldIds, newIds] = await Promise.all([
    earliest <= 0 ? [] : index.getAllKeys(oldTime === undefined ? range : IDBKeyRange.bound([prospectKey, ''], [prospectKey, oldTime])),
    latest <= 0 ? [] : index.getAllKeys(newTime === undefined ? range : IDBKeyRange.bound([prospectKey, newTime], [prospectKey, '\uffff'])),
  ]);
  // One read per chunk, though a person with few chunks has the same ones at both ends.
  const chunks = await chunksById(stores, [...oldIds, ...newIds]);
  const oldChunked = eventsIn(chunks, oldIds, prospectKey);
  const newChunked = eventsIn(chunks, newIds, prospectKey);
  return {
    earliest: [...oldLegacy, ...oldChunked].sort(olderFirst).slice(0, Math.max(0, earliest)),
    latest: [...newLegacy, ...newChunked].sort(olderFirst).reverse().slice(0, Math.max(0, latest)),
  };
}

/** IndexedDB 3.0's `getAllRecords` (Chromium 141+; not yet in every browser this extension supports). */
interface BackwardsReadable {
  getAllRecords?(options: { query: IDBKeyRange; count: number; direction: 'prev' }): IDBRequest<{ value: EngagementEvent }[]>;
}

/** The newest `count` records in one request, newest first; undefined where the browser cannot read backwards with a count. */
function newestWithCount(index: IDBIndex, range: IDBKeyRange, count: number): Promise<EngagementEvent[] | undefined> {
  const readable = index as IDBIndex & BackwardsReadable;
  if (typeof readable.getAllRecords !== 'function') return Promise.resolve(undefined);
  const request = readable.getAllRecords({ query: range, count, direction: 'prev' });
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result.map((record) => record.value));
    request.onerror = () => reject(request.error);
  });
}

/** One stored event of the prospect, any (undefined when they have none). */
export async function anyEventOf(stores: EventStores, prospectKey: string): Promise<EngagementEvent | undefined> {
  const range = prospectRange(prospectKey);
  const legacy = await stores.legacy.index('byProspectTime').get(range);
  if (legacy) return legacy;
  const id = await stores.chunks.index('byProspectTime').getKey(range);
  return id === undefined ? undefined : eventsIn(await chunksById(stores, [id]), [id], prospectKey)[0];
}

/** The keys of everyone with an event of `origin`. */
export async function peopleOfOrigin(stores: EventStores, origin: string): Promise<Set<string>> {
  const keys = new Set<string>();
  await eachEvent(stores, (event) => keys.add(event.prospectKey), origin);
  return keys;
}

/** Events picked for deletion: those of the old store, and per chunk the ones to take out of it. */
export interface Doomed {
  legacy: EngagementEvent[];
  chunks: { chunk: EventChunk; events: EngagementEvent[] }[];
}

export function doomedEvents(doomed: Doomed): EngagementEvent[] {
  return [...doomed.legacy, ...doomed.chunks.flatMap((c) => c.events)];
}

/** Up to `limit` events of `origin`: the old store's first, then the chunks'. */
export async function eventsOfOrigin(stores: EventStores, origin: string, limit: number): Promise<Doomed> {
  const legacy = await stores.legacy.index('byOrigin').getAll(origin, limit);
  if (legacy.length >= limit) return { legacy, chunks: [] };
  return { legacy, chunks: await whileUnder(stores.chunks.index('byOrigin'), origin, limit - legacy.length, () => true) };
}

/** Up to `limit` events that happened before `beforeIso`, as eventsOfOrigin. */
export async function eventsBefore(stores: EventStores, beforeIso: string, limit: number): Promise<Doomed> {
  const older = IDBKeyRange.upperBound(beforeIso, true);
  const legacy = await stores.legacy.index('byTime').getAll(older, limit);
  if (legacy.length >= limit) return { legacy, chunks: [] };
  return { legacy, chunks: await whileUnder(stores.chunks.index('byOldest'), older, limit - legacy.length, (event) => event.occurredAt < beforeIso) };
}

/** Chunks of the index's `query`, with the events `pick` chooses, until `limit` events are picked. */
async function whileUnder(
  index: ReturnType<Store<'eventChunks', IDBTransactionMode>['index']>,
  query: string | IDBKeyRange,
  limit: number,
  pick: (event: EngagementEvent) => boolean,
): Promise<Doomed['chunks']> {
  const out: Doomed['chunks'] = [];
  let count = 0;
  let cursor = await index.openCursor(query);
  while (cursor && count < limit) {
    // Only as many as the limit leaves: the rest stay in the chunk, for the next batch.
    const events = cursor.value.events.filter(pick).slice(0, limit - count);
    if (events.length > 0) out.push({ chunk: cursor.value, events });
    count += events.length;
    cursor = await cursor.continue();
  }
  return out;
}

/** Deletes the picked events: old records one by one, and each chunk rewritten without them (or deleted when emptied). */
export async function deleteDoomed(stores: EventStores<'readwrite'>, doomed: Doomed): Promise<void> {
  const writes: Promise<unknown>[] = doomed.legacy.map((event) => stores.legacy.delete(event.id));
  for (const { chunk, events } of doomed.chunks) {
    const gone = new Set(events.map((e) => e.id));
    const left = chunk.events.filter((e) => !gone.has(e.id));
    writes.push(left.length === 0 ? stores.chunks.delete(chunk.id!) : stores.chunks.put({ ...chunkOf(left), id: chunk.id! }));
  }
  await Promise.all(writes);
}

/** Every event (of `origin`, when one is named), the old store's first, each chunk's in its order. */
export async function eachEvent(stores: EventStores, visit: (event: EngagementEvent) => void, origin?: string): Promise<void> {
  let cursor = await (origin === undefined ? stores.legacy.openCursor() : stores.legacy.index('byOrigin').openCursor(origin));
  while (cursor) {
    visit(cursor.value);
    cursor = await cursor.continue();
  }
  // A chunk's events share its origin.
  let chunk = await (origin === undefined ? stores.chunks.openCursor() : stores.chunks.index('byOrigin').openCursor(origin));
  while (chunk) {
    for (const event of chunk.value.events) visit(event);
    chunk = await chunk.continue();
  }
}

/** How many events are stored, in one transaction: one `byEventId` entry per chunked event. */
export async function countStoredEvents(database: IDBPDatabase<ProspectLensDB>): Promise<number> {
  const tx = database.transaction(['events', 'eventChunks']);
  const [legacy, chunked] = await Promise.all([tx.objectStore('events').count(), tx.objectStore('eventChunks').index('byEventId').count()]);
  await tx.done;
  return legacy + chunked;
}
