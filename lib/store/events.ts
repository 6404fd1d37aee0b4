/**
 * Engagement events and their per-prospect summaries. Every write goes through here (or the import's
 * session, lib/store/import-batch.ts) so the two never disagree: an event and its summary change in one
 * transaction or not at all. How events are laid out in the database is lib/store/event-chunks.ts's
 * business: this file asks it for events.
 */
import type { EngagementEvent } from '../model/engagement';
import type { IDBPTransaction } from 'idb';
import { db, type ConfigRecord, type ProspectLensDB } from './db';
import { chunksOf, countStoredEvents, deleteDoomed, type Doomed, doomedEvents, eventsBefore, eventsOfOrigin, eventStores, type EventStores, personEdges } from './event-chunks';
import { markerRange, someRunning } from './import-batch';
import { addToSummary, emptySummary, fromStored, KEPT_EARLIEST, KEPT_LATEST, type DailySummary } from './summary';

export interface AddResult {
  added: number;
  /** Already stored (same id): re-imports and repeated CRM answers add nothing. */
  skipped: number;
  /** Ids that were new in this call. */
  addedIds: string[];
}

/** Stored times are UTC ISO strings so that index order is time order. */
function normalised(event: EngagementEvent): EngagementEvent {
  return { ...event, occurredAt: new Date(event.occurredAt).toISOString() };
}

/**
 * Writes events atomically, as chunks (lib/store/event-chunks.ts); an id already present (or repeated
 * in the call) is skipped. Each id is looked up in both event stores first, then the summaries of the
 * prospects that gained events are updated in the same transaction. The import writes through
 * lib/store/import-batch.ts instead, which looks up nothing on a new file's events; this is for a few
 * events at a time. Engagement data can be fetched or imported again, so the write may be flushed lazily.
 */
export async function addEvents(events: readonly EngagementEvent[]): Promise<AddResult> {
  const result: AddResult = { added: 0, skipped: 0, addedIds: [] };
  if (events.length === 0) return result;
  const tx = (await db()).transaction(['events', 'eventChunks', 'summaries'], 'readwrite', { durability: 'relaxed' });
  const summaryStore = tx.objectStore('summaries');
  const stores = eventStores(tx);

  const unique = new Map<string, EngagementEvent>();
  for (const event of events) {
    if (unique.has(event.id)) result.skipped++;
    else unique.set(event.id, normalised(event));
  }
  const byEventId = stores.chunks.index('byEventId');
  const stored = await Promise.all([...unique.keys()].map(async (id) => (await stores.legacy.getKey(id)) !== undefined || (await byEventId.getKey(id)) !== undefined));
  const fresh = [...unique.values()].filter((_, i) => !stored[i]);
  result.skipped += unique.size - fresh.length;
  await Promise.all(chunksOf(fresh).map((chunk) => stores.chunks.add(chunk)));

  const keys = [...new Set(fresh.map((e) => e.prospectKey))];
  const summaries = await Promise.all(keys.map((k) => summaryStore.get(k)));
  const byKey = new Map<string, DailySummary>(keys.map((k, i) => [k, fromStored(summaries[i]) ?? emptySummary(k)]));
  for (const event of fresh) {
    addToSummary(byKey.get(event.prospectKey)!, event, 1);
    result.addedIds.push(event.id);
  }
  for (const summary of byKey.values()) void summaryStore.put(summary);
  await tx.done;
  result.added = fresh.length;
  return result;
}

/** What a card reads of one person from the local store (lib/background/views.ts). */
export interface LocalHistory {
  summary: DailySummary | undefined;
  /** The newest events, newest first. */
  latest: EngagementEvent[];
  /** The oldest events, oldest first: the first marketing touch is among them (lib/insights/touches.ts). */
  earliest: EngagementEvent[];
}

/**
 * A card's local reads (docs/architecture.md, "Lookup"). The summary keeps copies of the person's
 * newest and oldest events, so a lookup is one read of one record, whatever the size of the store:
 * reading the events themselves meant 50 records scattered across it, which grew slower as it grew
 * (bench/, "lookup").
 *
 * The summary is read on its own, so a lookup never waits for an import's batch or the move of old
 * events into chunks, which write the event stores (not the summaries). Without kept events (a summary
 * from before they existed, which then gets the ones read here, or limits past what it keeps), or
 * without a summary (nobody stored, or an import has written the events but not yet their summary),
 * the summary is read again with the events, in one transaction: the chunks that hold the oldest
 * `earliest` and the newest `latest` (lib/store/event-chunks.ts, `personEdges`), and as many of the
 * events stored one per record before v5.
 */
export async function localHistory(prospectKey: string, limits = { latest: KEPT_LATEST, earliest: KEPT_EARLIEST }): Promise<LocalHistory> {
  // The summary alone first, in a transaction of its own: one that also named the event stores would
  // wait for whatever batch writes them (an import's, the move of old events into chunks).
  const first = fromKept(fromStored(await (await db()).get('summaries', prospectKey)), limits);
  if (first) return first;
  // Read again with the events, so that the two agree. The connection is asked for again: the first
  // may have closed meanwhile ("Delete everything" replaces the database), and db() gives the new one.
  const tx = (await db()).transaction(['summaries', 'events', 'eventChunks']);
  const summary = fromStored(await tx.objectStore('summaries').get(prospectKey));
  const again = fromKept(summary, limits);
  if (again) {
    await tx.done;
    return again;
  }
  const { latest, earliest } = await personEdges(eventStores(tx), prospectKey, limits.earliest, limits.latest);
  await tx.done;
  if (summary && !summary.latest && limits.latest === KEPT_LATEST && limits.earliest === KEPT_EARLIEST) {
    await keepWhatWasRead(summary, latest, earliest);
  }
  return { summary, latest, earliest };
}

/** The history a summary's kept events answer, when they cover `limits`. */
function fromKept(summary: DailySummary | undefined, limits: { latest: number; earliest: number }): LocalHistory | undefined {
  if (!summary?.latest || !summary.earliest || limits.latest > KEPT_LATEST || limits.earliest > KEPT_EARLIEST) return undefined;
  return { summary, latest: summary.latest.slice(0, limits.latest), earliest: summary.earliest.slice(0, limits.earliest) };
}

/**
 * A summary from before summaries kept events gets the ones its lookup just read, so the person's next
 * lookup reads one record. Only if it is still as read: any event added since changed its total, and a
 * deletion since gave it its kept events already (deleteWhere). A failure costs nothing but speed.
 */
async function keepWhatWasRead(read: DailySummary, latest: EngagementEvent[], earliest: EngagementEvent[]): Promise<void> {
  try {
    const tx = (await db()).transaction('summaries', 'readwrite', { durability: 'relaxed' });
    const stored = fromStored(await tx.store.get(read.prospectKey));
    if (stored && !stored.latest && !stored.earliest && stored.total === read.total) await tx.store.put({ ...stored, latest, earliest });
    await tx.done;
  } catch (error) {
    console.warn('Prospect Lens: could not keep the events a lookup read', error);
  }
}

/** The newest `limit` events of one prospect, newest first (reads the chunks that hold them, not all of them). */
export async function latestEvents(prospectKey: string, limit = 20): Promise<EngagementEvent[]> {
  const tx = (await db()).transaction(['events', 'eventChunks']);
  return (await personEdges(eventStores(tx), prospectKey, 0, limit)).latest;
}

export async function getSummary(prospectKey: string): Promise<DailySummary | undefined> {
  return fromStored(await (await db()).get('summaries', prospectKey));
}

export async function countEvents(): Promise<number> {
  return countStoredEvents(await db());
}

/**
 * Deletes the events `select` picks and takes them out of their summaries. Each touched summary's last
 * touch and kept events are read again from the events left: a deleted one may have been among them.
 */
async function deleteWhere(select: (tx: DeleteTx, stores: EventStores) => Promise<Doomed>): Promise<number> {
  const tx = (await db()).transaction(['events', 'eventChunks', 'summaries', 'config'], 'readwrite');
  const stores = eventStores(tx);
  const doomed = await select(tx, stores);
  const events = doomedEvents(doomed);
  const touched = new Map<string, DailySummary>();
  for (const event of events) {
    let summary = touched.get(event.prospectKey);
    if (!summary) {
      summary = fromStored(await tx.objectStore('summaries').get(event.prospectKey)) ?? emptySummary(event.prospectKey);
      touched.set(event.prospectKey, summary);
    }
    addToSummary(summary, event, -1);
  }
  await deleteDoomed(stores, doomed);
  for (const summary of touched.values()) {
    if (summary.total === 0) {
      await tx.objectStore('summaries').delete(summary.prospectKey);
      continue;
    }
    const { earliest, latest } = await personEdges(stores, summary.prospectKey, KEPT_EARLIEST, KEPT_LATEST);
    Object.assign(summary, { lastTouch: latest[0]?.occurredAt, latest, earliest });
    await tx.objectStore('summaries').put(summary);
  }
  await tx.done;
  return events.length;
}

type DeleteTx = IDBPTransaction<ProspectLensDB, ('events' | 'eventChunks' | 'summaries' | 'config')[], 'readwrite'>;

/** An import of the origin may still be running, so its events were not removed (deleteEventsByOrigin). */
export class ImportRunningError extends Error {
  constructor(readonly origin: string) {
    super(`An import of ${origin} may still be running`);
    this.name = 'ImportRunningError';
  }
}

/**
 * Events deleted per transaction. A year of a large import cut by retention, or "Remove demo data", is
 * many thousands: in one transaction they would all be held in the worker at once, and a worker
 * stopped part-way would roll all of them back, to start over (and be stopped again) at the next run.
 * Each batch leaves its summaries right; the next one goes on from there.
 */
const DELETE_BATCH = 2_000;

/** Runs `deleteOne(limit)` until a batch deletes fewer than `limit`; the total deleted. */
async function inBatches(limit: number, deleteOne: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteOne(limit);
    total += deleted;
    if (deleted < limit) return total;
  }
}

/**
 * Removes everything one import or the demo set brought, a batch per transaction. Refused
 * (ImportRunningError; the batches before stay removed) while an import of the same origin may be
 * running, a marker with a fresh heartbeat
 * (lib/store/import-batch.ts): its summaries do not count the events it has written yet, so taking
 * them out would leave those counts to be added back at its end, and it remembers its people as stored
 * and would go on writing their events after the prospects are removed. Checked in each deleting
 * transaction, which a batch of that import (it writes the marker) cannot interleave with.
 */
export function deleteEventsByOrigin(origin: string, batch = DELETE_BATCH): Promise<number> {
  return inBatches(batch, (limit) =>
    deleteWhere(async (tx, stores) => {
      if (someRunning((await tx.objectStore('config').getAll(markerRange())) as ConfigRecord[], origin)) throw new ImportRunningError(origin);
      return eventsOfOrigin(stores, origin, limit);
    }),
  );
}

/**
 * Retention: removes events that happened before `beforeIso`. Removes nothing (0) while any import may
 * be running (docs/architecture.md, "Import and storage"): its summaries do not count the events it
 * has written yet, so taking them out would leave those counts to be added back at its end. Checked
 * in the deleting transaction, like deleteEventsByOrigin: a look before it would let a batch land
 * between the look and the deletion.
 */
export function deleteEventsBefore(beforeIso: string, batch = DELETE_BATCH): Promise<number> {
  return inBatches(batch, (limit) =>
    deleteWhere(async (tx, stores) => {
      if (someRunning((await tx.objectStore('config').getAll(markerRange())) as ConfigRecord[])) return { legacy: [], chunks: [] };
      // Only the old events are read, through the time indexes, however many newer ones there are.
      return eventsBefore(stores, beforeIso, limit);
    }),
  );
}
