/**
 * The importer's writes (docs/architecture.md, "Import and storage"). One `ImportSession` per import:
 * each batch of prospects and events is **one** readwrite transaction, and the per-prospect summaries
 * are brought up to date once for the whole import instead of once per batch.
 *
 * Why: a batch of 250 rows of an export usually holds 250 different people, so updating summaries per
 * batch costs a summary read and write for nearly every row — more than the event itself. The session
 * keeps the counts of the events it added in memory and writes them in one transaction at the end
 * (sooner when `pendingPeople` people are waiting: the importer asks `full` after each batch). It also remembers the prospects it has
 * read or written, so a row that changes nothing about its person (the usual "one more event for
 * someone already stored") needs no read of the prospect at all.
 *
 * What stays whole when the import stops early:
 * - A batch is all or nothing: a cancelled, crashed or closed import leaves whole batches and never an
 *   event without its prospect (the prospect is written in the event's transaction).
 * - Summaries: the session writes a marker (`importPending:<run>` in `config`, refreshed with every
 *   batch) with its first batch and removes it in the transaction that writes the last summaries. An
 *   import that fails still writes what it counted. One that dies (the worker or page is killed) leaves
 *   the marker; `repairInterruptedImports` (lib/store/import-repair.ts) then rebuilds the summaries of
 *   that origin's people from their events.
 *
 * Every request of a phase is issued at once on the raw store (no promise per request). Bulk data that
 * can be imported again, so commits may be flushed lazily (`durability: 'relaxed'`).
 */
import { unwrap } from 'idb';
import { clock } from '../clock';
import type { EngagementEvent } from '../model/engagement';
import type { Prospect } from '../model/prospect';
import { db, type ConfigRecord } from './db';
import { addToSummary, emptySummary, forgetKeptEvents, keepEvents, type DailySummary } from './summary';

export interface StoredBatch {
  /** Ids of the events that were new (an id already stored, or repeated in the batch, is not). */
  addedIds: string[];
}

/** The marker's `value`: which origin's people may have summaries behind their events, and since when. */
export interface PendingImport {
  origin: string;
  /** When the session last wrote a batch (ms since epoch, lib/clock.ts). */
  heartbeat: number;
}

export const PENDING_IMPORT_PREFIX = 'importPending:';

export interface SessionLimits {
  /** Summaries waiting in memory before they are written mid-import. */
  pendingPeople: number;
  /** Prospects remembered; past this the memory is dropped (and rebuilt from reads). */
  knownPeople: number;
}

const DEFAULT_LIMITS: SessionLimits = { pendingPeople: 20_000, knownPeople: 50_000 };

export class ImportSession {
  readonly markerId: string;
  /** Prospects as this session last read or wrote them, for the connection they were read on. */
  private known = new Map<string, Prospect>();
  private knownFor: IDBDatabase | undefined;
  /** Per prospect, the counts of the events this session added and has not written into its summary. */
  private readonly pending = new Map<string, DailySummary>();

  constructor(
    readonly origin: string,
    runId: string = crypto.randomUUID(),
    private readonly limits: SessionLimits = DEFAULT_LIMITS,
  ) {
    this.markerId = `${PENDING_IMPORT_PREFIX}${runId}`;
  }

  /** The prospect as this session last saw it stored, if it remembers it. */
  knownProspect(key: string): Prospect | undefined {
    return this.known.get(key);
  }

  /**
   * Reads the prospects `readKeys`, hands them to `merge` (which returns the prospects to put), and
   * adds `events` unless their id is stored already — all in one transaction. `merge` runs
   * synchronously inside the transaction. The added events' counts wait in the session until
   * `flush`. Safe to run again after a failure: nothing in the session changes unless it commits.
   */
  async writeBatch(
    readKeys: readonly string[],
    events: readonly EngagementEvent[],
    merge: (stored: ReadonlyMap<string, Prospect>) => readonly Prospect[],
  ): Promise<StoredBatch> {
    const database = await this.connect();
    // The raw transaction: idb's wrapper would add a `done` promise that nobody awaits when it aborts.
    const tx = database.transaction(['prospects', 'events', 'config'], 'readwrite', { durability: 'relaxed' });
    const prospects = tx.objectStore('prospects');
    const eventStore = tx.objectStore('events');
    let failure: unknown;
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(failure ?? tx.error ?? new DOMException('The import batch was not written', 'AbortError'));
    });

    const unique = new Map<string, EngagementEvent>();
    for (const event of events) if (!unique.has(event.id)) unique.set(event.id, { ...event, occurredAt: new Date(event.occurredAt).toISOString() });

    const stored = new Map<string, Prospect>();
    const added: EngagementEvent[] = [];
    let written: readonly Prospect[] = [];
    let pending = readKeys.length + unique.size;

    const finish = () => {
      try {
        written = merge(stored);
        for (const prospect of written) prospects.put(prospect);
        tx.objectStore('config').put(this.marker());
      } catch (error) {
        failure = error;
        tx.abort();
      }
    };
    const settled = () => {
      if (--pending === 0) finish();
    };

    for (const key of readKeys) {
      const request = prospects.get(key) as IDBRequest<Prospect | undefined>;
      request.onsuccess = () => {
        if (request.result) stored.set(key, request.result);
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

    // Committed: only now does the session remember it.
    if (this.known.size + stored.size + written.length > this.limits.knownPeople) this.known.clear();
    for (const [key, prospect] of stored) this.known.set(key, prospect);
    for (const prospect of written) this.known.set(prospect.key, prospect);
    for (const event of added) {
      let delta = this.pending.get(event.prospectKey);
      // Counts only: the people it touches keep no events until their first lookup (addSummaries).
      if (!delta) this.pending.set(event.prospectKey, (delta = emptySummary(event.prospectKey, { lists: false })));
      addToSummary(delta, event, 1);
    }
    return { addedIds: added.map((e) => e.id) };
  }

  /** Too many people's counts are waiting: time to `flush(false)` before the next batch. */
  get full(): boolean {
    return this.pending.size >= this.limits.pendingPeople;
  }

  /**
   * Writes the waiting counts into the stored summaries, in one transaction. `final` also removes
   * the marker in it: from then on nothing of this import is behind. A session that wrote no batch
   * has no marker and nothing to write. Safe to run again after a failure: the counts are forgotten
   * only once they are written.
   */
  async flush(final: boolean): Promise<void> {
    if (this.pending.size === 0 && !final) return;
    const tx = (await this.connect()).transaction(['summaries', 'config'], 'readwrite', { durability: 'relaxed' });
    const summaries = tx.objectStore('summaries');
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error ?? new DOMException('The import summaries were not written', 'AbortError'));
    });
    for (const delta of this.pending.values()) {
      const request = summaries.get(delta.prospectKey) as IDBRequest<DailySummary | undefined>;
      request.onsuccess = () => summaries.put(addSummaries(request.result ?? emptySummary(delta.prospectKey), delta));
    }
    const config = tx.objectStore('config');
    if (final) config.delete(this.markerId);
    else config.put(this.marker());
    await done;
    this.pending.clear();
  }

  /**
   * The database, checked to be the one this session remembers things of; call it before asking
   * `knownProspect` for a batch. A new connection means the database was deleted and made again
   * ("Delete everything" during the import): the remembered prospects and the waiting counts went with
   * the old one, so they are forgotten and the rest of the file is imported into the new one.
   */
  async connect(): Promise<IDBDatabase> {
    const database = unwrap(await db());
    if (database !== this.knownFor) {
      if (this.knownFor) this.pending.clear();
      this.known = new Map();
      this.knownFor = database;
    }
    return database;
  }

  private marker(): ConfigRecord {
    const value: PendingImport = { origin: this.origin, heartbeat: clock.now() };
    return { id: this.markerId, value, updatedAt: clock.iso() };
  }
}

/**
 * `into` plus the counts of `delta` (both per day per type); `lastTouch` only moves forward. When both
 * keep their newest and oldest events, those of both together are among them; otherwise the sum keeps
 * none. An import's deltas keep none: copying every imported event into its person's summary doubled
 * what an import writes (its rate fell from 73% to 66% of bare IndexedDB, its peak heap rose from 46
 * to 74 MB; bench/results/import-notes-2026-12-03.md, session 9), so an imported person's first
 * lookup reads their events and stores the kept ones then (lib/store/events.ts, `localHistory`).
 */
export function addSummaries(into: DailySummary, delta: DailySummary): DailySummary {
  if (delta.latest && delta.earliest) keepEvents(into, [...delta.latest, ...delta.earliest]);
  else forgetKeptEvents(into);
  for (const [day, counts] of Object.entries(delta.days)) {
    const target = (into.days[day] ??= {});
    for (const [type, n] of Object.entries(counts) as [keyof typeof counts, number][]) target[type] = (target[type] ?? 0) + n;
  }
  into.total += delta.total;
  if (delta.lastTouch && (!into.lastTouch || delta.lastTouch > into.lastTouch)) into.lastTouch = delta.lastTouch;
  return into;
}
