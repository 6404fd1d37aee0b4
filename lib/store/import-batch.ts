/**
 * The importer's write (docs/architecture.md, "Import and storage"): one batch of prospects and
 * their events, with the events' summaries, in **one** readwrite transaction.
 *
 * One transaction instead of three (read prospects, put prospects, add events with summaries) makes
 * a batch all or nothing — a cancelled, crashed or closed import leaves whole batches and never an
 * event without its prospect — and saves two commits per batch. Every request of a phase is issued
 * at once on the raw store (no promise per request): the prospect and summary reads together with
 * the event adds, then the puts. Bulk data that can be imported again, so the commit may be flushed
 * lazily (`durability: 'relaxed'`).
 */
import { unwrap } from 'idb';
import type { EngagementEvent } from '../model/engagement';
import type { Prospect } from '../model/prospect';
import { db } from './db';
import { addToSummary, type DailySummary } from './summary';

export interface StoredBatch {
  /** Ids of the events that were new (an id already stored, or repeated in the batch, is not). */
  addedIds: string[];
}

/**
 * Reads the prospects `keys`, hands them to `merge` (which returns the prospects to put), and adds
 * `events` unless their id is stored already, updating each prospect's summary once for all its
 * new events — all in one transaction. `merge` runs synchronously inside the transaction.
 */
export async function writeImportBatch(
  keys: readonly string[],
  events: readonly EngagementEvent[],
  merge: (stored: ReadonlyMap<string, Prospect>) => readonly Prospect[],
): Promise<StoredBatch> {
  // The raw transaction: idb's wrapper would add a `done` promise that nobody awaits when it aborts.
  const tx = unwrap(await db()).transaction(['prospects', 'events', 'summaries'], 'readwrite', { durability: 'relaxed' });
  const prospects = tx.objectStore('prospects');
  const eventStore = tx.objectStore('events');
  const summaries = tx.objectStore('summaries');
  let failure: unknown;
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(failure ?? tx.error ?? new DOMException('The import batch was not written', 'AbortError'));
  });

  const unique = new Map<string, EngagementEvent>();
  for (const event of events) if (!unique.has(event.id)) unique.set(event.id, { ...event, occurredAt: new Date(event.occurredAt).toISOString() });
  const summaryKeys = [...new Set([...unique.values()].map((e) => e.prospectKey))];

  const stored = new Map<string, Prospect>();
  const storedSummaries = new Map<string, DailySummary>();
  const added: EngagementEvent[] = [];
  let pending = keys.length + summaryKeys.length + unique.size;

  const finish = () => {
    try {
      for (const prospect of merge(stored)) prospects.put(prospect);
      const touched = new Map<string, DailySummary>();
      for (const event of added) {
        let summary = touched.get(event.prospectKey);
        if (!summary) {
          summary = storedSummaries.get(event.prospectKey) ?? { prospectKey: event.prospectKey, days: {}, total: 0 };
          touched.set(event.prospectKey, summary);
        }
        addToSummary(summary, event, 1);
      }
      for (const summary of touched.values()) summaries.put(summary);
    } catch (error) {
      failure = error;
      tx.abort();
    }
  };
  const settled = () => {
    if (--pending === 0) finish();
  };

  for (const key of keys) {
    const request = prospects.get(key) as IDBRequest<Prospect | undefined>;
    request.onsuccess = () => {
      if (request.result) stored.set(key, request.result);
      settled();
    };
  }
  for (const key of summaryKeys) {
    const request = summaries.get(key) as IDBRequest<DailySummary | undefined>;
    request.onsuccess = () => {
      if (request.result) storedSummaries.set(key, request.result);
      settled();
    };
  }
  for (const event of unique.values()) {
    const request = eventStore.add(event);
    request.onsuccess = () => {
      added.push(event);
      settled();
    };
    request.onerror = (e) => {
      // A stored id: skip it. Handled, or the duplicate would abort the whole transaction.
      if (request.error?.name !== 'ConstraintError') return;
      e.preventDefault();
      e.stopPropagation();
      settled();
    };
  }
  if (pending === 0) finish();
  await done;
  return { addedIds: added.map((e) => e.id) };
}
