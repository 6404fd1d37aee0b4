/**
 * The extension's one IndexedDB database. It lives in the extension's origin, so the background and
 * the extension pages (options, popup, side panel) share it and content scripts cannot reach it —
 * which is why credentials live here (the `secrets` store) and never in `storage.local`.
 *
 * Upgrades are numbered steps. Each step takes the database from version N-1 to N and runs inside
 * the versionchange transaction, so an upgrade interrupted midway is rolled back whole: the database
 * stays at the old version with its old rows, never a mix.
 */
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames, deleteDB, openDB, unwrap } from 'idb';
import type { SalesAction } from '../model/action';
import type { EngagementEvent } from '../model/engagement';
import type { Prospect } from '../model/prospect';
import type { EventChunk } from './event-chunks';
import { DATABASE_ERASED } from '../errors';
import { storageUsed } from './storage-estimate';
import { addToSummary, emptySummary, type DailySummary, type StoredSummary } from './summary';

export const DB_NAME = 'prospect-lens';
export const DB_VERSION = 5;

export interface SecretRecord {
  /** The connection it belongs to (its kind), or a secret its connector derives (`derivedSecrets`: 'mautic-oauth-token'). */
  id: string;
  values: Record<string, string>;
  /**
   * The origin the secret was entered for (`https://host[:port]`). It is never sent anywhere else:
   * a connection whose address changed asks for its secret again. Records from before v3 have none
   * until settings are first read (lib/store/settings.ts binds them then).
   */
  origin?: string;
  updatedAt: string;
}

/** A record of the `config` store: settings and the few other values only the extension may write. */
export interface ConfigRecord {
  id: string;
  value: unknown;
  updatedAt: string;
}

/**
 * In `config` while settings a version before v3 kept in `storage.local` are still to be moved here
 * (lib/store/settings.ts). Only the upgrade from such a database writes it: `storage.local` is
 * writable by content scripts, so settings found there are taken only from an install that had them.
 */
export const LEGACY_SETTINGS_PENDING = 'legacySettingsPending';

export interface CacheRecord {
  /** `<source>:<prospect key>` */
  id: string;
  source: string;
  prospectKey: string;
  fetchedAt: string;
  /** The source's answer, or null when it found nobody (a miss is cached too). */
  record: unknown;
}

export interface MatchChoice {
  detectedKey: string;
  chosenKey: string;
  chosenAt: string;
}

export interface ErrorRecord {
  id?: number;
  at: string;
  where: string;
  message: string;
}

export interface ProspectLensDB extends DBSchema {
  prospects: {
    key: string;
    value: Prospect;
    indexes: { byEmail: string; byLinkedin: string; byDomain: string; byOrigin: string };
  };
  events: {
    key: string;
    value: EngagementEvent;
    /** No `byProspect` since v4: a prospect's events are a prefix range of `byProspectTime`. */
    indexes: { byProspectTime: [string, string]; byOrigin: string; byTime: string };
  };
  /** Events, a few per record, since v5 (lib/store/event-chunks.ts); `events` holds those stored before. */
  eventChunks: {
    key: number;
    value: EventChunk;
    indexes: { byEventId: string; byProspectTime: [string, string]; byOrigin: string; byOldest: string };
  };
  /** Per-prospect counts per type per day, kept up to date at write time (see summary.ts). */
  summaries: { key: string; value: StoredSummary };
  outbox: {
    key: string;
    value: SalesAction;
    indexes: { byState: string; byProspect: string; byCreated: string; byStateCreated: [string, string] };
  };
  secrets: { key: string; value: SecretRecord };
  /** Settings (routing included) and other extension-only values; see lib/store/settings.ts. */
  config: { key: string; value: ConfigRecord };
  cache: { key: string; value: CacheRecord; indexes: { byFetched: string } };
  matches: { key: string; value: MatchChoice };
  errors: { key: number; value: ErrorRecord };
}

export type DB = IDBPDatabase<ProspectLensDB>;
type UpgradeTx = IDBPTransaction<ProspectLensDB, StoreNames<ProspectLensDB>[], 'versionchange'>;

/**
 * Step N takes a database at version N-1 to version N. Never edit a step that has shipped: add one.
 * The types name today's schema; a step only touches what existed at its version.
 */
export const UPGRADE_STEPS: Record<number, (db: DB, tx: UpgradeTx, oldVersion: number) => Promise<void> | void> = {
  /** v1: the first schema — people, their events, the outbox and credentials. */
  1(db) {
    const prospects = db.createObjectStore('prospects', { keyPath: 'key' });
    prospects.createIndex('byEmail', 'emails', { multiEntry: true });
    prospects.createIndex('byLinkedin', 'linkedinUrl');
    prospects.createIndex('byDomain', 'domain');
    const events = db.createObjectStore('events', { keyPath: 'id' });
    // Removed again in v4; `events` is typed with today's indexes.
    (events as unknown as IDBObjectStore).createIndex('byProspect', 'prospectKey');
    events.createIndex('byProspectTime', ['prospectKey', 'occurredAt']);
    const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
    outbox.createIndex('byState', 'sync.state');
    outbox.createIndex('byProspect', 'prospectKey');
    outbox.createIndex('byCreated', 'createdAt');
    db.createObjectStore('secrets', { keyPath: 'id' });
  },
  /**
   * v2: lookups must not get slower as events pile up, so counts move to a per-prospect daily summary
   * kept at write time; this step builds it from the events already stored. Also: the lookup cache,
   * remembered match choices, per-tab detections (they must survive a worker restart), an error log,
   * and `origin` indexes so demo data can be removed in one go.
   */
  async 2(db, tx) {
    db.createObjectStore('summaries', { keyPath: 'prospectKey' });
    db.createObjectStore('cache', { keyPath: 'id' }).createIndex('byFetched', 'fetchedAt');
    db.createObjectStore('matches', { keyPath: 'detectedKey' });
    untyped(db).createObjectStore('tabs', { keyPath: 'tabId' }); // removed again in v3
    db.createObjectStore('errors', { keyPath: 'id', autoIncrement: true });
    tx.objectStore('events').createIndex('byOrigin', 'origin');
    tx.objectStore('prospects').createIndex('byOrigin', 'origin');

    const summaries = new Map<string, DailySummary>();
    let cursor = await tx.objectStore('events').openCursor();
    while (cursor) {
      const event = cursor.value;
      const summary = summaries.get(event.prospectKey) ?? emptySummary(event.prospectKey);
      addToSummary(summary, event, 1);
      summaries.set(event.prospectKey, summary);
      cursor = await cursor.continue();
    }
    const store = tx.objectStore('summaries');
    await Promise.all([...summaries.values()].map((s) => store.put(s)));
  },
  /**
   * v3: settings move here from `storage.local`, which content scripts can read and write: the
   * connections, base URLs and destination decide where data and credentials go, so only the
   * extension may write them (the move itself happens on first read, in lib/store/settings.ts, since
   * `storage` cannot be awaited inside an upgrade). Per-tab views leave the database. Retention gets indexes to find old events and old
   * finished actions without reading every row.
   */
  async 3(db, tx, oldVersion) {
    const config = db.createObjectStore('config', { keyPath: 'id' });
    // Only a database that existed before v3 belonged to an install with settings in storage.local;
    // a new one (first install, or after "Delete everything") takes nothing from there. Added after v3
    // shipped, the one edit to a shipped step: it changes no schema, only what the first read of the
    // settings may take, and a database already at v3 had its settings moved when it got there.
    if (oldVersion > 0) await config.put({ id: LEGACY_SETTINGS_PENDING, value: true, updatedAt: new Date().toISOString() });
    // Tab views move to storage.session (lib/background/tab-views.ts): tab ids start over with each
    // browser session, so rows kept across one were rebuilt onto whatever tab got the same id.
    untyped(db).deleteObjectStore('tabs');
    tx.objectStore('events').createIndex('byTime', 'occurredAt');
    tx.objectStore('outbox').createIndex('byStateCreated', ['sync.state', 'createdAt']);
  },
  /**
   * v4: the import writes about as fast as IndexedDB can (issue 18; docs/architecture.md "Import and
   * storage"). Every index entry is a write per event: `byProspect` was read by nothing (a
   * prospect's events are the prefix range `[key, '']..[key, '\uffff']` of `byProspectTime`), so it
   * goes. Deleting an index touches no record: every row stays.
   */
  4(_db, tx) {
    untypedStore(tx, 'events').deleteIndex('byProspect');
  },
  /**
   * v5: events are written a few per record, into `eventChunks` (lib/store/event-chunks.ts): one record
   * per event bound the import to the rate IndexedDB writes records at (issue 18). The events stored
   * before stay in `events`, which nothing writes any more and every reader still reads, until the
   * background has moved them (lib/store/event-migration.ts): moving them here would rewrite every
   * event, minutes for a million, too long for the one versionchange transaction an upgrade gets. So
   * the step touches no record.
   */
  5(db) {
    const chunks = db.createObjectStore('eventChunks', { keyPath: 'id', autoIncrement: true });
    chunks.createIndex('byEventId', 'ids', { unique: true, multiEntry: true });
    chunks.createIndex('byProspectTime', 'pairs', { multiEntry: true });
    chunks.createIndex('byOrigin', 'origin');
    chunks.createIndex('byOldest', 'oldest');
  },
};

/** A store as an older or newer step sees it, with indexes today's types do not name. */
function untypedStore(tx: UpgradeTx, name: 'events'): IDBObjectStore {
  return (tx as unknown as IDBPTransaction<unknown, string[], 'versionchange'>).objectStore(name) as unknown as IDBObjectStore;
}

/** A store that no longer exists in today's schema, as an older step saw it. */
function untyped(db: DB): IDBPDatabase {
  return db as unknown as IDBPDatabase;
}

/** Opens the database at `version` (tests open older versions to prove upgrades). */
export function openDatabase(version = DB_VERSION, name = DB_NAME): Promise<DB> {
  return openDB<ProspectLensDB>(name, version, {
    async upgrade(db, oldVersion, newVersion, tx) {
      // idb does not abort the upgrade when this callback throws or rejects; abort it here, or a
      // failed step would commit whatever the earlier steps did.
      try {
        for (let v = oldVersion + 1; v <= (newVersion ?? version); v++) {
          const step = UPGRADE_STEPS[v];
          if (!step) throw new Error(`No upgrade step to database version ${v}`);
          await step(db, tx, oldVersion);
        }
      } catch (error) {
        console.error('Prospect Lens: database upgrade failed; keeping the previous version', error);
        tx.done.catch(() => undefined); // openDB itself rejects with the abort
        tx.abort();
      }
    },
    blocking(_current, blockedVersion, event) {
      // A newer version of the extension wants to upgrade, or "delete everything" removes the files: let
      // it. The connection the event came to is closed, whichever it is (the erase's probe is not cached).
      const connection = event.target as IDBDatabase;
      connection.close();
      if (connection === current) letGo(blockedVersion === null);
    },
    terminated() {
      // The browser closed the connection itself (its data was cleared in the browser's settings, or
      // the disk failed): the next `db()` opens the database again instead of failing on a closed one.
      // Not counted as a deletion: an import goes on, and a repair puts right what a failure cut.
      letGo(false);
    },
  });
}

let cached: Promise<DB> | undefined;
/** The connection `cached` resolved to, once it has. */
let current: IDBDatabase | undefined;
/**
 * How many times this context let go of its connection because the database was deleted ("Delete
 * everything", here or in another page). Work that spans many transactions and depends on what it wrote
 * before (an import) takes the count at its start and stops when it changed (`DatabaseErasedError`),
 * rather than write the rest of its file into a new, empty database.
 */
let deletions = 0;

/** Forgets the cached connection (the caller closes it, or it is closed); `deleted`: the database went. */
function letGo(deleted: boolean): Promise<DB> | undefined {
  const connection = cached;
  cached = undefined;
  current = undefined;
  if (deleted) deletions++;
  return connection;
}

/** The count `assertSameDatabase` compares against: take it when the work starts. */
export function databaseMark(): number {
  return deletions;
}

/** Throws `DatabaseErasedError` when this context has seen the database deleted since `mark` was taken. */
export function assertSameDatabase(mark: number): void {
  if (deletions !== mark) throw new DatabaseErasedError();
}

/**
 * An import (or the demo load) found the database it was writing deleted: "Delete everything" ran
 * meanwhile, from this page or another. What it wrote went with the database; it stops, and writes
 * nothing into the new one. Pages tell it by name (`erasedMidway` in lib/errors.ts): it crosses the
 * import worker's messages as a name and a message.
 */
export class DatabaseErasedError extends Error {
  constructor() {
    super('Everything was deleted while this ran ("Delete everything"); it stopped, and what it had written was deleted too.');
    this.name = DATABASE_ERASED;
  }
}
/** Set while "delete everything" waits for the browser to give the deleted files back (below). */
let reopenGate: Promise<void> | undefined;

/** The shared connection, opened lazily and once per context. */
export function db(): Promise<DB> {
  if (!cached) {
    const opened = reopenGate ? reopenGate.then(() => openDatabase()) : openDatabase();
    const connection = opened.then(
      (database) => {
        if (cached === connection) current = unwrap(database);
        return database;
      },
      (error: unknown) => {
        if (cached === connection) cached = undefined;
        throw error;
      },
    );
    cached = connection;
  }
  return cached;
}

/**
 * Adds `value` with the raw request (through idb's promise a refused add would abort the whole
 * transaction): resolves true when stored, false when the store or a unique index already holds its
 * key, and the transaction goes on either way. Any other failure rejects.
 */
export function addUnlessPresent(store: IDBObjectStore, value: unknown): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const request = store.add(value);
    request.onsuccess = () => resolve(true);
    request.onerror = (e) => {
      if (request.error?.name !== 'ConstraintError') return reject(request.error ?? new Error('The record was not added'));
      // Handled: without this the duplicate would abort the whole transaction.
      e.preventDefault();
      e.stopPropagation();
      resolve(false);
    };
  });
}

/** Lets go of the cached connection (`letGo`) and closes it once it has opened. */
async function closeCached(deleted: boolean): Promise<void> {
  (await letGo(deleted)?.catch(() => undefined))?.close();
}

/** Tests: forget the cached connection (after swapping `indexedDB`). */
export function closeDbForTests(): Promise<void> {
  return closeCached(false);
}

/**
 * Removes the database: "delete everything" (lib/data/erase.ts). Not cleared first: a clear empties
 * the stores at once but Chromium keeps their space until it compacts them, which no API triggers — in
 * headless Chromium "storage used" rose after a clear (to 5.0–8.2 MB from a 3–5 MB store), and a store
 * cleared, then deleted, still measured more than before (4.3 → 5.4 MB). Every context closes its
 * connection when asked (`blocking` above).
 *
 * Deleted alone, the database's rows are gone at once but not their files: Chromium frees them only
 * when the origin's storage is opened afresh after it has had no connection for a while (a grace
 * period of 2 s, and longer on a busy machine). The background opens the database again straight after
 * an erase (settings are read), so without a pause the deleted data's 1.5–2 MB stayed on disk for as
 * long as it was watched (18 s). So the next `db()` in this context — the background, where the erase
 * runs and whose reply the pages wait for — waits until `freeDeletedFiles` has seen the space given
 * back, or given up (docs/architecture.md, "Delete everything").
 */
export async function deleteDatabaseFiles(): Promise<void> {
  // Closed before the first await, so no `db()` from here on opens the database under the deletion.
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  reopenGate = gate;
  try {
    // Counted as a deletion from here: an import this context runs stops at its next batch.
    await closeCached(true);
    const before = await indexedDbUsage();
    await deleteDB(DB_NAME);
    // The rows are gone once deleteDB resolves; freeing the files is the browser's, and best effort.
    if (before !== undefined && before >= RELEASE_WORTH_BYTES) await freeDeletedFiles(before).catch(() => undefined);
  } finally {
    if (reopenGate === gate) reopenGate = undefined;
    open();
  }
}

/**
 * How long the database stays closed after "delete everything" before it is opened to see whether the
 * space came back, and, when it did not, how long again. Measured in headless Chromium on a database
 * of 1.5–2.3 MB: opened again after 0.3, 0.8 or 1.5 s it kept its files (3 of 3 each); after 3 or 6 s
 * they were freed (2.1 MB → 20–142 kB, 3 of 3 each). With both cores kept busy by four other
 * processes, 3 s freed them in 1 run of 3 and 6 s in 3 of 3.
 */
export const RELEASE_WAITS_MS = [3_000, 6_000] as const;
/** A database smaller than this (an empty one takes 16 kB) is not worth the rep's wait. */
export const RELEASE_WORTH_BYTES = 256_000;

/**
 * Waits, opens the database (which is when Chromium frees a deleted one's files, and counts its usage
 * again), and closes it; done when the usage is under half of `before`, else again after the next wait.
 */
async function freeDeletedFiles(before: number): Promise<void> {
  for (const wait of RELEASE_WAITS_MS) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    const probe = await openDatabase();
    const now = await indexedDbUsage();
    probe.close();
    if (now === undefined || now < before / 2) return;
  }
}

/** The bytes IndexedDB holds for this origin, where the browser counts them apart (storage-estimate.ts). */
async function indexedDbUsage(): Promise<number | undefined> {
  return (await storageUsed())?.indexedDB;
}
