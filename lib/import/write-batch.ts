/**
 * Writes one batch of mapped rows and says, per row, whether it stored anything new.
 *
 * A batch is one transaction (lib/store/import-batch.ts): its prospects are read, merged and written
 * together with its events and their summaries, so a cancelled or crashed import leaves whole
 * batches behind and never an event without its prospect.
 *
 * The counting rule: a row is *imported* when it stored something new — an event not stored before,
 * or a change to its prospect that is still there when the batch is written; otherwise it is
 * *skipped* (a repeat in the same file or of an earlier import). A row without an event therefore
 * counts as imported only when it created the person or gave a field the value it ends up with.
 *
 * Per prospect, the batch's rows are merged in file order (later non-empty values win). The net
 * change is the difference between the prospect before the batch and after it; each changed field
 * is credited to the row that last changed it, and a new prospect to its first row.
 * Judging the net change, not each step, keeps a second import of the same file at zero imported
 * even when a file flips a field back and forth (A, then B, then A) within a batch. A flip that
 * spans two batches (1000 rows apart by default) is counted as the change it makes on disk.
 */
import { clock } from '../clock';
import type { Prospect } from '../model/prospect';
import type { ImportSession } from '../store/import-batch';
import { withStoragePressure } from '../store/pressure';
import { mergeProspect } from '../store/prospects';
import type { MappedRow } from './rows';

export interface BatchOutcome {
  /** One per row, in order. */
  imported: boolean[];
  /** Keys of the prospects created or changed. */
  prospectKeys: string[];
}

export async function writeBatch(session: ImportSession, rows: readonly MappedRow[]): Promise<BatchOutcome> {
  const keys = [...new Set(rows.map((r) => r.prospect.key))];
  const events = rows.flatMap((r) => r.events);
  let changedKeys: string[] = [];
  let credited = new Set<number>();
  /**
   * One attempt: one transaction, safe to run again. Each attempt asks the session afresh what it
   * remembers, because a retry (after freeing the cache) may find a new database ("Delete
   * everything" meanwhile), in which the prospects remembered from the old one do not exist.
   */
  const attempt = async () => {
    await session.connect();
    // A person the session remembers, whom this batch's rows leave as they are, needs no read: the
    // usual "one more event for someone already stored". Everyone else is read in the transaction.
    const unchanged = unchangedKnown(session, rows);
    const readKeys = keys.filter((key) => !unchanged.has(key));
    /**
     * Runs inside the batch's transaction, once the stored prospects are read. `after` holds each
     * stored prospect merged with the batch, so the changed ones are written as they are.
     */
    const merge = (read: ReadonlyMap<string, Prospect>) => {
      const stored = new Map([...read, ...unchanged]);
      const { after, credited: rowsCredited } = mergeInOrder(rows, stored);
      credited = rowsCredited;
      changedKeys = [...after.keys()].filter((key) => !stored.has(key) || !same(stored.get(key), after.get(key)));
      const updatedAt = clock.iso();
      return changedKeys.map((key) => ({ ...after.get(key)!, updatedAt }));
    };
    return session.writeBatch(readKeys, events, merge);
  };
  // A full disk stops the import with a clear message.
  const { addedIds } = await withStoragePressure(attempt);
  if (session.full) await withStoragePressure(() => session.flush(false));
  const added = new Set(addedIds);
  // A repeated event in one batch is new only for the first row that carries it.
  const claimed = new Set<string>();
  const imported = rows.map((row, i) => {
    let storedEvent = false;
    for (const event of row.events) {
      if (claimed.has(event.id)) continue;
      claimed.add(event.id);
      if (added.has(event.id)) storedEvent = true;
    }
    return storedEvent || credited.has(i);
  });
  return { imported, prospectKeys: changedKeys };
}

/** The remembered prospects that every row of the batch leaves exactly as they are. */
function unchangedKnown(session: ImportSession, rows: readonly MappedRow[]): Map<string, Prospect> {
  const unchanged = new Map<string, Prospect>();
  const changed = new Set<string>();
  for (const { prospect } of rows) {
    if (changed.has(prospect.key)) continue;
    const known = unchanged.get(prospect.key) ?? session.knownProspect(prospect.key);
    if (known && sameProspect(known, mergeProspect(known, prospect))) unchanged.set(prospect.key, known);
    else {
      changed.add(prospect.key);
      unchanged.delete(prospect.key);
    }
  }
  return unchanged;
}

function sameProspect(a: Prospect, b: Prospect): boolean {
  return FIELDS.every((field) => same(a[field], b[field]));
}

/** Fields compared one by one; `updatedAt` only says when a record was written. */
const FIELDS = ['emails', 'name', 'company', 'domain', 'title', 'linkedinUrl', 'lifecycleStage', 'leadScore', 'owner', 'refs', 'origin'] as const;

/**
 * Merges the batch's rows into the stored prospects in file order and returns the result with the
 * indexes of the rows credited with a net change (see the counting rule above).
 */
function mergeInOrder(rows: readonly MappedRow[], stored: ReadonlyMap<string, Prospect>) {
  const after = new Map<string, Prospect>();
  /** key → field → the row that set the value the field has now. */
  const setters = new Map<string, Map<string, number>>();
  const created = new Map<string, number>();
  rows.forEach(({ prospect }, i) => {
    const before = after.get(prospect.key) ?? stored.get(prospect.key);
    if (!before && !created.has(prospect.key)) created.set(prospect.key, i);
    const merged = mergeProspect(before, prospect);
    const setter = setters.get(prospect.key) ?? new Map<string, number>();
    for (const field of FIELDS) if (!same(before?.[field], merged[field])) setter.set(field, i);
    setters.set(prospect.key, setter);
    after.set(prospect.key, merged);
  });

  const credited = new Set<number>(created.values());
  for (const [key, setter] of setters) {
    const original = stored.get(key);
    for (const [field, row] of setter) {
      if (!same(original?.[field as keyof Prospect], after.get(key)![field as keyof Prospect])) credited.add(row);
    }
  }
  return { after, credited };
}

/** Same content, ignoring when a prospect was last written and the order of object keys. */
function same(a: unknown, b: unknown): boolean {
  // Most fields are strings or numbers: compare those directly (this runs ~20 times per row).
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return canonicalJson(strip(a)) === canonicalJson(strip(b));
}

function strip(value: unknown): unknown {
  return value && typeof value === 'object' && 'updatedAt' in value ? { ...value, updatedAt: undefined } : value;
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );
}
