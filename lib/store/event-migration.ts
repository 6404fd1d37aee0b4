/**
 * Moves the events stored before schema v5, one per record in `events`, into chunks
 * (docs/architecture.md, "Event chunks"), a small batch per transaction, in the background.
 *
 * The v5 upgrade moved nothing: a million events take minutes to move, too long for the one
 * versionchange transaction an upgrade gets. Readers read both stores, so nothing depends on this
 * move but speed: while the old store holds events, every import looks each of its ids up there first
 * (lib/store/import-batch.ts, `legacyEvents`): an upgraded install imported at 79–93% of the
 * benchmark's yardstick, a new one at 105–122% (bench/results/import-notes-2026-12-03.md).
 *
 * Each batch is one transaction: its events are added to chunks and their old records deleted
 * together, or nothing happens, so an event is in exactly one of the two stores whenever a reader
 * looks, and a worker stopped part-way leaves whole batches. A batch takes the old records in key
 * (event id) order, so a person's events land in several chunks, a few to a chunk, where an import puts
 * a batch's events of one person in one: a card reads the chunks of its person's oldest and newest
 * events (lib/store/event-chunks.ts, `personEdges`), about as many as it read records before.
 * Summaries and prospects are untouched: events change place, not content.
 */
import { unwrap } from 'idb';
import { chunksOf, type EventChunk, eventStores, type EventStores } from './event-chunks';
import { addUnlessPresent, db } from './db';

/**
 * Events moved per transaction. Every lookup that reads events waits for the batch in progress, so a
 * batch stays short; the pause between two lets them in.
 */
export const MIGRATION_BATCH = 250;
/** Between two batches, so that lookups and imports are not queued behind a whole migration. */
const PAUSE_MS = 50;

/** What one batch did: how many events it moved, and the last id it moved (where the next one goes on). */
export interface MovedBatch {
  moved: number;
  last?: string;
}

/**
 * Moves up to `limit` events of the old store into chunks, in one transaction, from the first id after
 * `after` (the previous batch's last); fewer than `limit` moved means the store is empty from there.
 * An event whose id a chunk already holds (nothing the extension writes makes one, but the chunk's
 * unique index would refuse it) is not added again; its old record goes like the others'.
 */
export async function moveLegacyBatch(limit = MIGRATION_BATCH, after?: string): Promise<MovedBatch> {
  const tx = (await db()).transaction(['events', 'eventChunks'], 'readwrite');
  const stores = eventStores(tx);
  try {
    // In key order, so that the batch's old records go in one ranged delete: deleting them one by one
    // took 0.4 ms a record in Chromium, and the move ran at 1,500 events/s instead of 5,600
    // (bench/results/import-notes-2026-12-03.md, "Session 26").
    // From where the last batch ended: read from the start, each batch would first step over the
    // deleted records of all the batches before (which the browser has not compacted away yet), and
    // batches grew from 36 to 80 ms over 100,000 events.
    const events = await stores.legacy.getAll(after === undefined ? null : IDBKeyRange.lowerBound(after, true), limit);
    await each(chunksOf(events), (chunk) => addUnlessStored(stores, chunk));
    if (events.length > 0) await stores.legacy.delete(IDBKeyRange.bound(events[0]!.id, events[events.length - 1]!.id));
    await tx.done;
    return { moved: events.length, last: events.at(-1)?.id ?? after };
  } catch (error) {
    // Requests made before the failure would otherwise commit: chunks added, their old records kept.
    abortQuietly(tx);
    await tx.done.catch(() => undefined);
    throw error;
  }
}

/**
 * A request per item, as Promise.all. When one fails (or throws as it is made), the transaction is
 * aborted and the others fail too: they are handled here, and the first failure is what the caller hears.
 */
function each<I, T>(items: readonly I[], request: (item: I) => Promise<T>): Promise<T[]> {
  const made: Promise<T>[] = [];
  for (const item of items) {
    const one = request(item);
    one.catch(() => undefined);
    made.push(one);
  }
  return Promise.all(made);
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Finished or aborted already.
  }
}

/** Adds the chunk; when one of its ids is stored already, only the events whose ids are not. */
async function addUnlessStored(stores: EventStores<'readwrite'>, chunk: EventChunk): Promise<void> {
  if (await addUnlessPresent(unwrap(stores.chunks), chunk)) return;
  const byEventId = stores.chunks.index('byEventId');
  const stored = await each(chunk.events, async (event) => (await byEventId.getKey(event.id)) !== undefined);
  const fresh = chunk.events.filter((_, i) => !stored[i]);
  if (fresh.length > 0) await each(chunksOf(fresh), (part) => stores.chunks.add(part));
}

/**
 * Moves every event of the old store, a batch at a time with a pause between, until a batch finds it
 * emptied; how many moved. An error stops it (the batches before stay moved): the next start goes on.
 */
export async function migrateLegacyEvents(options: { batch?: number; pauseMs?: number } = {}): Promise<number> {
  const batch = options.batch ?? MIGRATION_BATCH;
  let moved = 0;
  let last: string | undefined;
  for (;;) {
    const done = await moveLegacyBatch(batch, last);
    moved += done.moved;
    last = done.last;
    if (done.moved < batch) return moved;
    await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? PAUSE_MS));
  }
}

let running: Promise<number> | undefined;
/** This worker found the old store empty: it stays so (nothing writes it), and is not asked again. */
let emptied = false;

/**
 * The background's start: one migration at a time, however often the worker is woken meanwhile. Most
 * starts find the old store empty, which a read-only count tells without holding up anyone's reads.
 */
export function startLegacyMigration(): Promise<number> {
  if (emptied) return Promise.resolve(0);
  return (running ??= (async () => {
    const moved = (await (await db()).count('events')) === 0 ? 0 : await migrateLegacyEvents();
    emptied = true;
    return moved;
  })().finally(() => {
    running = undefined;
  }));
}
