/**
 * Engagement events and their per-prospect summaries. Every write goes through here so the two
 * never disagree: an event and its summary change in one transaction or not at all.
 */
import type { EngagementEvent } from '../model/engagement';
import { type IDBPTransaction, unwrap } from 'idb';
import { db, type ProspectLensDB } from './db';
import { addToSummary, type DailySummary } from './summary';

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
 * Writes a batch atomically; an id already present (or repeated in the batch) is skipped. Each event
 * is `add`ed and a duplicate's ConstraintError is absorbed (one request per event instead of a read
 * and a write), then the summaries of the prospects that gained events are updated in the same
 * transaction. Engagement data can be fetched or imported again, so the write may be flushed lazily.
 */
export async function addEvents(events: readonly EngagementEvent[]): Promise<AddResult> {
  const result: AddResult = { added: 0, skipped: 0, addedIds: [] };
  if (events.length === 0) return result;
  const tx = (await db()).transaction(['events', 'summaries'], 'readwrite', { durability: 'relaxed' });
  const summaryStore = tx.objectStore('summaries');

  const unique = new Map<string, EngagementEvent>();
  for (const event of events) {
    if (unique.has(event.id)) result.skipped++;
    else unique.set(event.id, normalised(event));
  }
  const rawEvents = unwrap(tx.objectStore('events'));
  const stored = await Promise.all([...unique.values()].map((event) => addUnlessPresent(rawEvents, event)));
  const fresh = [...unique.values()].filter((_, i) => stored[i]);
  result.skipped += unique.size - fresh.length;

  const keys = [...new Set(fresh.map((e) => e.prospectKey))];
  const summaries = await Promise.all(keys.map((k) => summaryStore.get(k)));
  const byKey = new Map<string, DailySummary>(keys.map((k, i) => [k, summaries[i] ?? { prospectKey: k, days: {}, total: 0 }]));
  for (const event of fresh) {
    addToSummary(byKey.get(event.prospectKey)!, event, 1);
    result.addedIds.push(event.id);
  }
  for (const summary of byKey.values()) void summaryStore.put(summary);
  await tx.done;
  result.added = fresh.length;
  return result;
}

/** Resolves true when stored, false when the id was already there; the transaction goes on either way. */
function addUnlessPresent(store: IDBObjectStore, event: EngagementEvent): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const request = store.add(event);
    request.onsuccess = () => resolve(true);
    request.onerror = (e) => {
      if (request.error?.name !== 'ConstraintError') return reject(request.error);
      // Handled: without this the duplicate would abort the whole transaction.
      e.preventDefault();
      e.stopPropagation();
      resolve(false);
    };
  });
}

/** The newest `limit` events of one prospect, newest first (reads `limit` records, not all of them). */
export async function latestEvents(prospectKey: string, limit = 20): Promise<EngagementEvent[]> {
  const range = IDBKeyRange.bound([prospectKey, ''], [prospectKey, '\uffff']);
  const tx = (await db()).transaction('events');
  const out: EngagementEvent[] = [];
  let cursor = await tx.store.index('byProspectTime').openCursor(range, 'prev');
  while (cursor && out.length < limit) {
    out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}

/**
 * The person's oldest events, oldest first: the card's first marketing touch (lib/insights/touches.ts)
 * is among them, which the newest 20 cannot tell. One bounded cursor, like latestEvents.
 */
export async function earliestEvents(prospectKey: string, limit = 30): Promise<EngagementEvent[]> {
  const range = IDBKeyRange.bound([prospectKey, ''], [prospectKey, '\uffff']);
  const tx = (await db()).transaction('events');
  const out: EngagementEvent[] = [];
  let cursor = await tx.store.index('byProspectTime').openCursor(range, 'next');
  while (cursor && out.length < limit) {
    out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}

export async function getSummary(prospectKey: string): Promise<DailySummary | undefined> {
  return (await db()).get('summaries', prospectKey);
}

export async function countEvents(): Promise<number> {
  return (await db()).count('events');
}

/** Deletes the given events and takes them out of their summaries. */
async function deleteWhere(select: (tx: DeleteTx) => Promise<EngagementEvent[]>): Promise<number> {
  const tx = (await db()).transaction(['events', 'summaries'], 'readwrite');
  const doomed = await select(tx);
  const touched = new Map<string, DailySummary>();
  for (const event of doomed) {
    let summary = touched.get(event.prospectKey);
    if (!summary) {
      summary = (await tx.objectStore('summaries').get(event.prospectKey)) ?? { prospectKey: event.prospectKey, days: {}, total: 0 };
      touched.set(event.prospectKey, summary);
    }
    addToSummary(summary, event, -1);
    await tx.objectStore('events').delete(event.id);
  }
  for (const summary of touched.values()) {
    // The last touch may have been deleted: read the newest event left.
    const range = IDBKeyRange.bound([summary.prospectKey, ''], [summary.prospectKey, '\uffff']);
    const newest = await tx.objectStore('events').index('byProspectTime').openCursor(range, 'prev');
    summary.lastTouch = newest?.value.occurredAt;
    if (summary.total === 0) await tx.objectStore('summaries').delete(summary.prospectKey);
    else await tx.objectStore('summaries').put(summary);
  }
  await tx.done;
  return doomed.length;
}

type DeleteTx = IDBPTransaction<ProspectLensDB, ('events' | 'summaries')[], 'readwrite'>;

/** Removes everything one import or the demo set brought. */
export function deleteEventsByOrigin(origin: string): Promise<number> {
  return deleteWhere((tx) => tx.objectStore('events').index('byOrigin').getAll(origin));
}

/** Retention: removes events that happened before `beforeIso`. */
export function deleteEventsBefore(beforeIso: string): Promise<number> {
  // Only the old events are read, through the time index, however many newer ones there are.
  return deleteWhere((tx) => tx.objectStore('events').index('byTime').getAll(IDBKeyRange.upperBound(beforeIso, true)));
}
