/**
 * The importer's writes (docs/architecture.md, "Import and storage"). One `ImportSession` per import:
 * each batch of prospects and events is **one** readwrite transaction, and the per-prospect summaries
 * are brought up to date once for the whole import instead of once per batch.
 *
 * Why: a batch of 250 rows of an export usually holds 250 different people, so updating summaries per
 * batch costs a summary read and write for nearly every row — more than the event itself. The session
 * keeps the summaries of the events it added in memory — counts, and each person's newest and oldest
 * events, so that a lookup after the import reads one record — and writes them in one transaction at
 * the end (sooner when `pendingPeople` people, or `pendingKeptEvents` kept events, are waiting: the
 * importer asks `full` after each batch; a restore, with a session per origin, asks `fullTogether`
 * of all of them and flushes them all).
 *
 * A batch's events are written a few per record (lib/store/event-chunks.ts, schema v5): at most 64
 * chunks a batch, by a hash of each person's key, so the canonical 100,000-row file writes about 12,000
 * records of events instead of 100,000. A chunk with an event stored already fails its `add` (the ids
 * are a unique index), and its new events are then written alone.
 *
 * It also reads as few records as it can:
 * - It remembers the prospects it has read or written, so a row that changes nothing about its person
 *   (the usual "one more event for someone already stored") needs no read of the prospect at all.
 * - Once a batch has read every person it did not know and found none of them stored (a new file's
 *   people), the next batch takes the people it does not know for new: it writes them with `add`, not
 *   read first. Someone stored after all fails that `add`, which aborts the batch, and it is written
 *   again with reads; the session then reads until a batch finds only new people again.
 * - The summary of a person whose prospect it created is written with `add`, without a read; one
 *   written meanwhile by someone else fails that `add`, and is then read and added to.
 * - A row that repeats a remembered person's values, newer, changes only their dates (`asOf`: the
 *   newest value wins, lib/store/prospects.ts): the session keeps those dates and merges them in when
 *   a batch writes the person, or writes them in `flush` — once per person, not per batch.
 * - Only a batch with rows that name a person by a LinkedIn profile alone looks anyone up by profile
 *   (one index read per profile, in its transaction); rows with an address cost nothing more.
 *
 * What stays whole when the import stops early:
 * - A batch is all or nothing: a cancelled, crashed or closed import leaves whole batches and never an
 *   event without its prospect (the prospect is written in the event's transaction).
 * - Summaries: the session writes a marker (`importPending:<run>` in `config`, refreshed with every
 *   batch) with its first batch and removes it in the transaction that writes the last summaries. An
 *   import that fails still writes what it counted. One that dies (the worker or page is killed) leaves
 *   the marker; `repairInterruptedImports` (lib/store/import-repair.ts) then rebuilds the summaries of
 *   that origin's people from their events.
 * - A repair takes every marker, a running import's too, in the transaction that rebuilds the people
 *   of their origins: a stale heartbeat may be a laptop that slept, not a dead import, and another
 *   import's people may be this one's too. So each batch and each flush first reads the session's
 *   marker in its own transaction. Gone, it was taken by a repair that counted every event this
 *   session had stored by then: the counts the session holds are dropped instead of added a second
 *   time, and its next batch writes the marker again.
 *
 * Every request of a phase is issued at once on the raw store (no promise per request). Bulk data that
 * can be imported again, so commits may be flushed lazily (`durability: 'relaxed'`).
 */
import { unwrap, wrap } from 'idb';
import { clock } from '../clock';
import type { EngagementEvent } from '../model/engagement';
import type { Prospect } from '../model/prospect';
import { assertSameDatabase, DatabaseErasedError, databaseMark, db, type ConfigRecord } from './db';
import { chunkOf, chunksOf, type EventChunk } from './event-chunks';
import { datedValues, mergeProspect } from './prospects';
import { addAt, addToSummary, emptySummary, forgetKeptEvents, fromStored, keepEvents, KEPT_EARLIEST, KEPT_LATEST, type DailySummary, type StoredSummary } from './summary';

export interface StoredBatch {
  /** Ids of the events that were new (an id already stored, or repeated in the batch, is not). */
  addedIds: string[];
}

/** What a batch's `merge` returns: the prospects to put, and those it only dated further, unread (kept in memory). */
export interface BatchMerge {
  put: readonly Prospect[];
  /** People the batch did not read whose values it leaves as they are but whose dates it moves forward. */
  ahead?: readonly Prospect[];
}

/**
 * A batch with rows that name a person by their LinkedIn profile only (lib/import/write-batch.ts): the
 * people stored with those profiles are found in the batch's transaction (index `byLinkedin`), and the
 * rows' events, whose person depends on them, are added once they are found.
 */
export interface ProfileLookups {
  /** Canonical profile URLs. */
  urls: readonly string[];
  lateEvents: (found: ReadonlyMap<string, readonly Prospect[]>) => readonly EngagementEvent[];
}

/** The marker's `value`: which origin's people may have summaries behind their events, and since when. */
export interface PendingImport {
  origin: string;
  /** When the session last wrote a batch (ms since epoch, lib/clock.ts). */
  heartbeat: number;
}

export const PENDING_IMPORT_PREFIX = 'importPending:';

/** No batch for this long: the import may be gone (a batch takes well under a second, even on a busy machine). */
export const STALE_IMPORT_MS = 120_000;

/** Every marker's key in `config`. */
export function markerRange(): IDBKeyRange {
  return IDBKeyRange.bound(PENDING_IMPORT_PREFIX, `${PENDING_IMPORT_PREFIX}\uffff`);
}

/** The marker's import may still be running: its heartbeat is fresh. */
export function isFresh(marker: ConfigRecord, staleMs = STALE_IMPORT_MS): boolean {
  const heartbeat = (marker.value as Partial<PendingImport> | undefined)?.heartbeat;
  return typeof heartbeat === 'number' && clock.now() - heartbeat <= staleMs;
}

/** Whether one of `markers` may still be running, an import of `origin` when one is named. */
export function someRunning(markers: readonly ConfigRecord[], origin?: string): boolean {
  return markers.some((marker) => isFresh(marker) && (origin === undefined || (marker.value as Partial<PendingImport>).origin === origin));
}

export interface SessionLimits {
  /** Summaries waiting in memory before they are written mid-import. */
  pendingPeople: number;
  /**
   * Events the waiting summaries keep before they are written mid-import. Each write mid-import makes
   * the next one read back every summary it wrote: at 50,000 the canonical 100k-row file wrote its
   * 10,000 summaries twice and read them once, and imported at 58–59% of bare IndexedDB; at 150,000 it
   * writes them once, at 67–72%, with the same peak heap (page and worker 95 MB; bench/results, session 19).
   */
  pendingKeptEvents: number;
  /**
   * Characters of text those events hold (ids, keys, titles, URLs…), which bounds their memory whatever
   * the file: an event may hold up to about 3,600 (model/engagement.ts), so 150,000 of them could be
   * 1 GB. The canonical file's 100,000 hold about 15 million.
   */
  pendingKeptChars: number;
  /** Prospects remembered; past this the memory is dropped (and rebuilt from reads). */
  knownPeople: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { pendingPeople: 20_000, pendingKeptEvents: 150_000, pendingKeptChars: 24_000_000, knownPeople: 50_000 };

/** What a session holds in memory until its next `flush`: summaries, the events they keep and their text, and dates. */
export interface Waiting {
  people: number;
  keptEvents: number;
  keptChars: number;
  dated: number;
}

/**
 * Whether sessions that share one budget together hold as much as one session may alone: time to
 * flush them all. A restore writes through a session per origin (lib/import/restore.ts), and an export
 * of 40 import files held all 160,000 of its events' summaries while no session was full by itself.
 */
export function fullTogether(sessions: Iterable<ImportSession>, limits: SessionLimits = DEFAULT_SESSION_LIMITS): boolean {
  const sum: Waiting = { people: 0, keptEvents: 0, keptChars: 0, dated: 0 };
  for (const { waiting } of sessions) {
    sum.people += waiting.people;
    sum.keptEvents += waiting.keptEvents;
    sum.keptChars += waiting.keptChars;
    sum.dated += waiting.dated;
  }
  return over(sum, limits);
}

function over(waiting: Waiting, limits: SessionLimits): boolean {
  return waiting.people >= limits.pendingPeople || waiting.keptEvents >= limits.pendingKeptEvents || waiting.keptChars >= limits.pendingKeptChars || waiting.dated >= limits.pendingPeople;
}

export class ImportSession {
  readonly markerId: string;
  /** Prospects as this session last read or wrote them, for the connection they were read on. */
  private known = new Map<string, Prospect>();
  /** The connection the session last worked on (`connect`). */
  private connection: IDBDatabase | undefined;
  /** Per prospect, the summary (counts, newest and oldest events) of the events this session added and has not written yet. */
  private readonly pending = new Map<string, DailySummary>();
  /** How many events the waiting summaries keep (up to KEPT_LATEST + KEPT_EARLIEST each), and their text's length. */
  private pendingKept = 0;
  private pendingKeptChars = 0;
  /**
   * The last batch read every person it did not know and found none stored, so the next one guesses
   * that the people it does not know are new: it writes them with `add` instead of reading them first.
   * A wrong guess fails that `add`, which aborts the batch, and the batch is written again with reads.
   */
  private guessNew = false;
  /** People whose prospect this session created since its last flush: their summary is new too (flush). */
  private readonly created = new Set<string>();
  /** This session's marker should be stored: a batch wrote it and no final flush has removed it. */
  private marked = false;
  /**
   * Dates a batch moved forward, unread and unwritten, per person: rows that repeat a remembered
   * person's values, newer (the same stage on every event row), change no value, and reading and
   * writing the person for each would undo what `known` saves. They are merged into the person when a
   * batch writes them, and written by `flush` otherwise (as patches of dated values: lib/store/prospects.ts).
   */
  private ahead = new Map<string, Prospect>();
  /**
   * The database holds events from before v5, one per record, which the chunks' unique index does not
   * cover: each event's id is then looked up there before it is written. Read when the session
   * connects; nothing writes that store any more, so one found empty stays empty.
   */
  private legacyEvents = true;
  /** What an undated row's values are as of: the import's start (lib/import/write-batch.ts). */
  readonly startedAt = clock.iso();

  constructor(
    readonly origin: string,
    runId: string = crypto.randomUUID(),
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    /** `databaseMark()` when the import started: a restore's sessions made later share its first one's. */
    private readonly startedIn: number = databaseMark(),
  ) {
    this.markerId = `${PENDING_IMPORT_PREFIX}${runId}`;
  }

  /** The prospect as this session last saw it stored, if it remembers it. */
  knownProspect(key: string): Prospect | undefined {
    return this.known.get(key);
  }

  /** `prospect` with the dates this session moved forward and has not written yet. */
  withAhead(prospect: Prospect): Prospect {
    const ahead = this.ahead.get(prospect.key);
    return ahead ? mergeProspect(prospect, ahead) : prospect;
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
    merge: Merge,
    profiles?: ProfileLookups,
  ): Promise<StoredBatch> {
    if (!this.guessNew) return this.writeOnce(readKeys, events, merge, profiles, new Set());
    try {
      // Someone with dates waiting was stored: read, not guessed.
      const guessed = readKeys.filter((key) => !this.known.has(key) && !this.ahead.has(key));
      return await this.writeOnce(readKeys, events, merge, profiles, new Set(guessed));
    } catch (error) {
      if (!(error instanceof WrongGuess)) throw error;
      this.guessNew = false;
      return this.writeOnce(readKeys, events, merge, profiles, new Set());
    }
  }

  /** One transaction; the people in `guessedNew` are not read, and are added (a stored one aborts it with WrongGuess). */
  private async writeOnce(
    readKeys: readonly string[],
    events: readonly EngagementEvent[],
    merge: Merge,
    profiles: ProfileLookups | undefined,
    guessedNew: ReadonlySet<string>,
  ): Promise<StoredBatch> {
    const database = await this.connect();
    // The raw transaction: idb's wrapper would add a `done` promise that nobody awaits when it aborts.
    const tx = database.transaction(['prospects', 'events', 'eventChunks', 'config'], 'readwrite', { durability: 'relaxed' });
    const prospects = tx.objectStore('prospects');
    const legacyEvents = tx.objectStore('events');
    const chunkStore = tx.objectStore('eventChunks');
    let failure: unknown;
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(failure ?? tx.error ?? new DOMException('The import batch was not written', 'AbortError'));
    });

    const unique = new Map<string, EngagementEvent>();
    const uniqueOf = (list: readonly EngagementEvent[]) => {
      const fresh: EngagementEvent[] = [];
      for (const event of list) {
        if (unique.has(event.id)) continue;
        const normal = { ...event, occurredAt: new Date(event.occurredAt).toISOString() };
        unique.set(event.id, normal);
        fresh.push(normal);
      }
      return fresh;
    };
    const early = chunksOf(uniqueOf(events));

    // Read before this batch puts the marker again: missing, a repair took it (see the file comment).
    const marker = tx.objectStore('config').get(this.markerId);
    let taken = false;
    marker.onsuccess = () => {
      taken = this.marked && !marker.result;
    };

    const stored = new Map<string, Prospect>();
    const found = new Map<string, readonly Prospect[]>();
    const added: EngagementEvent[] = [];
    let written: readonly Prospect[] = [];
    let ahead: readonly Prospect[] = [];
    const toRead = readKeys.filter((key) => !guessedNew.has(key));
    // One per chunk; and one more for the late events, settled once they are issued.
    let pending = toRead.length + early.length + (profiles ? profiles.urls.length + 1 : 0);

    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      try {
        const merged = merge(stored, found);
        written = isBatchMerge(merged) ? merged.put : merged;
        ahead = isBatchMerge(merged) ? (merged.ahead ?? []) : [];
        for (const prospect of written) {
          if (!guessedNew.has(prospect.key)) {
            prospects.put(prospect);
            continue;
          }
          // Not handled: the ConstraintError of someone stored after all aborts the batch.
          const request = prospects.add(prospect);
          request.onerror = () => {
            if (request.error?.name === 'ConstraintError') failure = new WrongGuess();
          };
        }
        tx.objectStore('config').put(this.marker());
        // Every request is issued: the commit starts now, not after this thread took each answer.
        tx.commit?.();
      } catch (error) {
        failure = error;
        tx.abort();
      }
    };
    const settled = () => {
      if (--pending === 0) finish();
    };

    /** Calls `then` with those of `list` whose id `has` does not find, in their order. */
    const notStored = (list: readonly EngagementEvent[], has: (id: string) => IDBRequest<IDBValidKey | undefined>, then: (fresh: EngagementEvent[]) => void) => {
      const found = new Array<boolean>(list.length);
      let left = list.length;
      list.forEach((event, i) => {
        const request = has(event.id);
        request.onsuccess = () => {
          found[i] = request.result !== undefined;
          if (--left === 0) then(list.filter((_, at) => !found[at]));
        };
      });
    };
    const write = (list: readonly EngagementEvent[]) => {
      if (list.length === 0) return settled();
      const request = chunkStore.add(chunkOf(list));
      request.onsuccess = () => {
        added.push(...list);
        settled();
      };
      request.onerror = (e) => {
        // An id stored already (a repeated import): skip it, keep the others. Handled, or the
        // duplicate would abort the whole transaction.
        if (request.error?.name !== 'ConstraintError') return;
        e.preventDefault();
        e.stopPropagation();
        notStored(list, (id) => chunkStore.index('byEventId').getKey(id), (fresh) => {
          if (fresh.length === 0) return settled();
          const again = chunkStore.add(chunkOf(fresh));
          again.onsuccess = () => {
            added.push(...fresh);
            settled();
          };
        });
      };
    };
    // Events stored before v5 are not in the chunks' unique index: while there are any, each id is looked up there first.
    const addChunk = (chunk: EventChunk) => (this.legacyEvents ? notStored(chunk.events, (id) => legacyEvents.getKey(id), write) : write(chunk.events));

    for (const key of toRead) {
      const request = prospects.get(key) as IDBRequest<Prospect | undefined>;
      request.onsuccess = () => {
        if (request.result) stored.set(key, request.result);
        settled();
      };
    }
    for (const chunk of early) addChunk(chunk);
    if (profiles) {
      let lookups = profiles.urls.length;
      const late = () => {
        try {
          const fresh = chunksOf(uniqueOf(profiles.lateEvents(found)));
          pending += fresh.length;
          fresh.forEach(addChunk);
          settled();
        } catch (error) {
          failure = error;
          tx.abort();
        }
      };
      for (const url of profiles.urls) {
        const request = prospects.index('byLinkedin').getAll(url) as IDBRequest<Prospect[]>;
        request.onsuccess = () => {
          found.set(url, request.result);
          settled();
          if (--lookups === 0) late();
        };
      }
      if (lookups === 0) late();
    }
    if (pending === 0) finish();
    await done;

    // Committed: only now does the session remember it.
    if (taken) this.dropCounts();
    this.marked = true;
    const unknownRead = toRead.filter((key) => !this.known.has(key));
    if (unknownRead.length > 0) this.guessNew = unknownRead.every((key) => !stored.has(key));
    // The people found by profile were read in this transaction too.
    for (const people of found.values()) for (const person of people) stored.set(person.key, person);
    for (const prospect of written) if (!stored.has(prospect.key) && !this.known.has(prospect.key)) this.created.add(prospect.key);
    if (this.known.size + stored.size + written.length > this.limits.knownPeople) this.known.clear();
    for (const [key, prospect] of stored) this.known.set(key, prospect);
    for (const prospect of written) {
      this.known.set(prospect.key, prospect);
      this.ahead.delete(prospect.key);
    }
    for (const prospect of ahead) this.ahead.set(prospect.key, datedValues(prospect));
    for (const event of added) {
      let delta = this.pending.get(event.prospectKey);
      if (!delta) this.pending.set(event.prospectKey, (delta = emptySummary(event.prospectKey)));
      if (delta.total < KEPT_LATEST + KEPT_EARLIEST) {
        this.pendingKept++;
        this.pendingKeptChars += textLength(event);
      }
      addToSummary(delta, event, 1);
    }
    return { addedIds: added.map((e) => e.id) };
  }

  /** Too many people, or too many kept events or dates, are waiting: time to `flush(false)` before the next batch. */
  get full(): boolean {
    return over(this.waiting, this.limits);
  }

  get waiting(): Waiting {
    return { people: this.pending.size, keptEvents: this.pendingKept, keptChars: this.pendingKeptChars, dated: this.ahead.size };
  }

  /**
   * Writes the waiting counts into the stored summaries, in one transaction. `final` also removes
   * the marker in it: from then on nothing of this import is behind. A session that wrote no batch
   * has no marker and nothing to write. When a repair has taken the marker, it has counted what the
   * session waits to write, so nothing is written. Safe to run again after a failure: the counts are
   * forgotten only once they are written.
   */
  async flush(final: boolean): Promise<void> {
    if (this.pending.size === 0 && this.ahead.size === 0 && !final) return;
    const database = await this.connect();
    const dating = this.ahead.size > 0;
    const tx = database.transaction(dating ? ['summaries', 'config', 'prospects'] : ['summaries', 'config'], 'readwrite', { durability: 'relaxed' });
    const summaries = tx.objectStore('summaries');
    const config = tx.objectStore('config');
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error ?? new DOMException('The import summaries were not written', 'AbortError'));
    });
    // Dates are no counts: a repair that took the marker did not write them, so they are written whatever it finds.
    const dated = dating ? this.writeAhead(tx.objectStore('prospects')) : [];
    const readAndAdd = (delta: DailySummary) => {
      const request = summaries.get(delta.prospectKey) as IDBRequest<StoredSummary | undefined>;
      request.onsuccess = () => summaries.put(addSummaries(fromStored(request.result) ?? emptySummary(delta.prospectKey), delta));
    };
    const write = () => {
      for (const delta of this.pending.values()) {
        if (!this.created.has(delta.prospectKey)) {
          readAndAdd(delta);
          continue;
        }
        // A person this session created has no summary yet, so no read; should one exist after all, it is read then.
        const request = summaries.add(addSummaries(emptySummary(delta.prospectKey), delta));
        request.onerror = (e) => {
          if (request.error?.name !== 'ConstraintError') return;
          e.preventDefault();
          e.stopPropagation();
          readAndAdd(delta);
        };
      }
      if (final) config.delete(this.markerId);
      else config.put(this.marker());
    };
    let taken = false;
    const marker = config.get(this.markerId);
    marker.onsuccess = () => {
      taken = this.marked && !marker.result;
      if (!taken) write();
    };
    await done;
    this.dropCounts();
    for (const prospect of dated) this.known.set(prospect.key, prospect);
    this.ahead.clear();
    if (final || taken) this.marked = false;
  }

  /** Merges the waiting dates into each person as stored now (someone deleted meanwhile stays deleted); returns what it puts. */
  private writeAhead(prospects: IDBObjectStore): Prospect[] {
    const written: Prospect[] = [];
    for (const patch of this.ahead.values()) {
      const request = prospects.get(patch.key) as IDBRequest<Prospect | undefined>;
      request.onsuccess = () => {
        if (!request.result) return;
        const merged = { ...mergeProspect(request.result, patch), updatedAt: clock.iso() };
        prospects.put(merged);
        written.push(merged);
      };
    }
    return written;
  }

  /** Forgets the waiting counts: written, or counted by a repair. */
  private dropCounts(): void {
    this.pending.clear();
    this.pendingKept = 0;
    this.pendingKeptChars = 0;
    this.created.clear();
  }

  /**
   * The database, checked to be the one this session started in; call it before asking `knownProspect`
   * for a batch. Throws `DatabaseErasedError` once this context has seen the database deleted since
   * (`databaseMark`: "Delete everything", from this page or another). What the
   * session remembers and the counts it waits to write went with that database, and the rest of the
   * file is not written into the new one: everything means the import too.
   *
   * A new connection with no deletion counted means the browser closed the old one (the rep cleared the
   * extension's data in the browser's settings, or the disk failed). Whether what the session remembers
   * is still stored is read off its marker: there, nothing was lost and the import goes on as it was;
   * gone (a cleared database, or a repair that counted the session's events), the remembered people and
   * the waiting counts are forgotten, and the rest of the file is written as into a new database.
   */
  async connect(): Promise<IDBDatabase> {
    assertSameDatabase(this.startedIn);
    const database = unwrap(await db());
    assertSameDatabase(this.startedIn);
    if (database === this.connection) return database;
    const reconnected = this.connection !== undefined;
    this.connection = database;
    if (reconnected && !(this.marked && (await markerStored(database, this.markerId)))) {
      this.dropCounts();
      this.marked = false;
      this.known = new Map();
      this.ahead = new Map();
      this.guessNew = false;
    }
    this.legacyEvents = (await countLegacy(database)) > 0;
    return database;
  }

  /**
   * What to report of `error`, thrown by the session's work: `DatabaseErasedError` once the database it
   * started in was deleted, whatever failed (a transaction on the closing connection fails with
   * InvalidStateError, which would tell the rep nothing).
   */
  explain(error: unknown): unknown {
    return databaseMark() === this.startedIn ? error : new DatabaseErasedError();
  }

  private marker(): ConfigRecord {
    const value: PendingImport = { origin: this.origin, heartbeat: clock.now() };
    return { id: this.markerId, value, updatedAt: clock.iso() };
  }
}

/**
 * Runs inside a batch's transaction once its reads are done: the prospects read (by key) and the people
 * found per profile URL → the prospects to put (a list, or a `BatchMerge` with the dates kept for later).
 */
export type Merge = (stored: ReadonlyMap<string, Prospect>, found?: ReadonlyMap<string, readonly Prospect[]>) => readonly Prospect[] | BatchMerge;

function isBatchMerge(merged: readonly Prospect[] | BatchMerge): merged is BatchMerge {
  return !Array.isArray(merged);
}

/** The characters an event's text holds; its type, time and source add a few dozen more. */
function textLength(event: EngagementEvent): number {
  return event.id.length + event.prospectKey.length + (event.title?.length ?? 0) + (event.url?.length ?? 0) + (event.campaign?.length ?? 0) + (event.channel?.length ?? 0) + (event.origin?.length ?? 0) + 40;
}

/** Whether the marker `id` is in `config`. */
async function markerStored(database: IDBDatabase, id: string): Promise<boolean> {
  return (await wrap(database.transaction('config').objectStore('config').getKey(id))) !== undefined;
}

/** How many events the store from before v5 holds. */
function countLegacy(database: IDBDatabase): Promise<number> {
  return wrap(database.transaction('events').objectStore('events').count());
}

/** A batch guessed someone new who is stored: it was aborted, to be written again with reads. */
class WrongGuess extends Error {
  constructor() {
    super('A person the import took for new is stored already');
    this.name = 'WrongGuess';
  }
}

/**
 * `into` plus the counts of `delta` (both per day per type); `lastTouch` only moves forward. When both
 * keep their newest and oldest events, those of both together are among them; otherwise the sum keeps
 * none (a stored summary from before summaries kept events: its person's first lookup stores them,
 * lib/store/events.ts, `localHistory`).
 */
export function addSummaries(into: DailySummary, delta: DailySummary): DailySummary {
  if (delta.latest && delta.earliest) keepEvents(into, [...delta.latest, ...delta.earliest]);
  else forgetKeptEvents(into);
  for (const day in delta.byDay) {
    const counts = delta.byDay[day]!;
    const target = (into.byDay[day] ??= []);
    for (let at = 0; at < counts.length; at++) if (counts[at]) addAt(target, at, counts[at]!);
  }
  into.total += delta.total;
  if (delta.lastTouch && (!into.lastTouch || delta.lastTouch > into.lastTouch)) into.lastTouch = delta.lastTouch;
  return into;
}
