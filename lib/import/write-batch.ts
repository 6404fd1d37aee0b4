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
 * Per prospect, the batch's rows are merged in file order; the newest non-empty value wins, by the
 * row's date (its event's time, never after the import's start; a row without one is as of the import's
 * start), so a later row gives way to a stored or earlier value that is newer (`dated`;
 * lib/store/prospects.ts, `mergeProspect`). The net
 * change is the difference between the prospect before the batch and after it; each changed field
 * is credited to the row that last changed it, and a new prospect to its first row. A date moved
 * forward without a value changing is no change: it counts for nothing.
 * Judging the net change, not each step, keeps a second import of the same file at zero imported
 * even when a file flips a field back and forth (A, then B, then A) within a batch. A flip that
 * spans two batches (1000 rows apart by default) is counted as the change it makes on disk.
 */
import { clock } from '../clock';
import type { EngagementEvent } from '../model/engagement';
import { DATED_FIELDS, type Prospect } from '../model/prospect';
import type { ImportSession, ProfileLookups } from '../store/import-batch';
import { withStoragePressure } from '../store/pressure';
import { mergeProspect } from '../store/prospects';
import { type MappedRow, profileOnly, type ProspectPatch } from './rows';

export interface BatchOutcome {
  /** One per row, in order. */
  imported: boolean[];
  /** Keys of the prospects created or changed. */
  prospectKeys: string[];
}

export async function writeBatch(session: ImportSession, rows: readonly MappedRow[]): Promise<BatchOutcome> {
  const patches = rows.map((row) => dated(row, session.startedAt));
  const keys = [...new Set(patches.map((p) => p.key))];
  const byProfile = rows.map((row) => profileOnly(row.prospect));
  const events = rows.flatMap((r, i) => (byProfile[i] ? [] : r.events));
  const urls = [...new Set(rows.flatMap((r, i) => (byProfile[i] ? [r.prospect.linkedinUrl!] : [])))];
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
    const unchanged = unchangedKnown(session, patches);
    const readKeys = keys.filter((key) => !unchanged.has(key));
    /** Whose rows the batch's rows are, once the people with their profiles are found. */
    let owners: readonly string[] = patches.map((p) => p.key);
    const profiles: ProfileLookups | undefined =
      urls.length === 0
        ? undefined
        : {
            urls,
            lateEvents: (found) => {
              owners = ownersOf(patches, byProfile, found);
              return rows.flatMap((row, i) => (byProfile[i] ? refiled(row.events, owners[i]!) : []));
            },
          };
    /**
     * Runs inside the batch's transaction, once the stored prospects are read. `after` holds each
     * stored prospect merged with the batch, so the changed ones are written as they are.
     */
    const merge = (read: ReadonlyMap<string, Prospect>, found?: ReadonlyMap<string, readonly Prospect[]>) => {
      // As stored: read now, found by profile now, or remembered.
      const stored = new Map([...unchanged, ...read]);
      for (const people of found?.values() ?? []) for (const person of people) stored.set(person.key, person);
      // Plus the dates the session moved forward and has not written yet.
      const before = new Map([...stored].map(([key, p]) => [key, session.withAhead(p)]));
      const filed = patches.map((patch, i) => (owners[i] === patch.key ? patch : { ...patch, key: owners[i]! }));
      const { after, credited: rowsCredited } = mergeInOrder(filed, before);
      credited = rowsCredited;
      changedKeys = [...after.keys()].filter((key) => !stored.has(key) || !sameProspect(stored.get(key)!, after.get(key)!));
      const changed = new Set(changedKeys);
      // Only dated further: a person read in this transaction is written now (no read more), one
      // remembered waits in the session (reading and writing them per batch is what `known` saves).
      const redated = [...after.keys()].filter((key) => !changed.has(key) && !sameDates(stored.get(key)!, after.get(key)!));
      const updatedAt = clock.iso();
      const put = [...changedKeys, ...redated.filter((key) => !unchanged.has(key))].map((key) => ({ ...after.get(key)!, updatedAt }));
      return { put, ahead: redated.filter((key) => unchanged.has(key)).map((key) => after.get(key)!) };
    };
    return session.writeBatch(readKeys, events, merge, profiles);
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

/**
 * The row's prospect patch with the date of each value it gives: the row's own (its event's), or the
 * import's start for a row without one. A row that describes a person without a date describes them as
 * the file has them now — a contacts export, a people list — so it wins over the values of older events
 * and, among rows of one import, the later row wins as before (docs/architecture.md, "Import and storage").
 *
 * A row dated after the import's start (a mistyped year, `2062`) is dated by the start: it cannot
 * describe the person later than now, and its date would otherwise beat every later import's rows.
 */
function dated(row: MappedRow, startedAt: string): ProspectPatch {
  const { prospect } = row;
  const at = row.asOf !== undefined && row.asOf < startedAt ? row.asOf : startedAt;
  let asOf: Prospect['asOf'];
  for (const field of DATED_FIELDS) {
    const value = prospect[field];
    if (value === undefined || value === '') continue;
    (asOf ??= {})[field] = at;
  }
  return asOf ? { ...prospect, asOf } : prospect;
}

/**
 * Whose each row is. A row with a LinkedIn profile only belongs to the person with an address who has
 * that profile — stored (found in the batch's transaction) or on any row of this batch, before or after
 * it (earlier batches are stored) — when exactly one does; else to the profile's own key, as before.
 * Without this, the person seen by profile only got a second record beside the one with their address,
 * and their history was split in two.
 */
function ownersOf(patches: readonly ProspectPatch[], byProfile: readonly boolean[], found: ReadonlyMap<string, readonly Prospect[]>): string[] {
  const seen = new Map<string, Set<string>>();
  patches.forEach((patch, i) => {
    const url = patch.linkedinUrl;
    if (url && !byProfile[i] && hasAddress(patch.key)) (seen.get(url) ?? seen.set(url, new Set()).get(url)!).add(patch.key);
  });
  return patches.map((patch, i) => {
    const url = patch.linkedinUrl;
    if (!url || !byProfile[i]) return patch.key;
    const owners = new Set(seen.get(url));
    for (const person of found.get(url) ?? []) if (hasAddress(person.key)) owners.add(person.key);
    return owners.size === 1 ? [...owners][0]! : patch.key;
  });
}

/** An email key (a LinkedIn key is `linkedin:` or `linkedin-sales:` and a slug). */
function hasAddress(key: string): boolean {
  return !key.startsWith('linkedin:') && !key.startsWith('linkedin-sales:');
}

/**
 * The row's events filed under `owner`. Their ids stay those of the row as the file has it (made with
 * the profile's key), so importing the file again finds them, whoever they were filed under then.
 */
function refiled(events: readonly EngagementEvent[], owner: string): EngagementEvent[] {
  return events.map((event) => (event.prospectKey === owner ? event : { ...event, prospectKey: owner }));
}

/**
 * The keys of the remembered prospects that every row of the batch leaves with the values they have
 * (their dates may move forward: the session keeps those, lib/store/import-batch.ts).
 */
function unchangedKnown(session: ImportSession, patches: readonly ProspectPatch[]): Map<string, Prospect> {
  const unchanged = new Map<string, Prospect>();
  const current = new Map<string, Prospect>();
  const changed = new Set<string>();
  for (const patch of patches) {
    if (changed.has(patch.key)) continue;
    const stored = unchanged.get(patch.key) ?? session.knownProspect(patch.key);
    const before = current.get(patch.key) ?? (stored && session.withAhead(stored));
    const merged = before && mergeProspect(before, patch);
    if (stored && merged && sameProspect(before!, merged)) {
      unchanged.set(patch.key, stored);
      current.set(patch.key, merged);
    } else {
      changed.add(patch.key);
      unchanged.delete(patch.key);
    }
  }
  return unchanged;
}

/** Same values; their dates may differ. */
function sameProspect(a: Prospect, b: Prospect): boolean {
  return FIELDS.every((field) => sameContent(a[field], b[field]));
}

function sameDates(a: Prospect, b: Prospect): boolean {
  return DATED_FIELDS.every((field) => a.asOf?.[field] === b.asOf?.[field]);
}

/** Fields compared one by one; `updatedAt` only says when a record was written, `asOf` when its values were true. */
const FIELDS = ['emails', 'name', 'company', 'domain', 'title', 'linkedinUrl', 'lifecycleStage', 'leadScore', 'owner', 'refs', 'origin'] as const;

/**
 * Merges the batch's rows into the stored prospects in file order and returns the result with the
 * indexes of the rows credited with a net change (see the counting rule above).
 */
function mergeInOrder(rows: readonly ProspectPatch[], stored: ReadonlyMap<string, Prospect>) {
  const after = new Map<string, Prospect>();
  /** key → field → the row that set the value the field has now. */
  const setters = new Map<string, Map<string, number>>();
  const created = new Map<string, number>();
  rows.forEach((prospect, i) => {
    const before = after.get(prospect.key) ?? stored.get(prospect.key);
    if (!before && !created.has(prospect.key)) created.set(prospect.key, i);
    const merged = mergeProspect(before, prospect);
    const setter = setters.get(prospect.key) ?? new Map<string, number>();
    for (const field of FIELDS) if (!sameContent(before?.[field], merged[field])) setter.set(field, i);
    setters.set(prospect.key, setter);
    after.set(prospect.key, merged);
  });

  const credited = new Set<number>(created.values());
  for (const [key, setter] of setters) {
    const original = stored.get(key);
    for (const [field, row] of setter) {
      if (!sameContent(original?.[field as keyof Prospect], after.get(key)![field as keyof Prospect])) credited.add(row);
    }
  }
  return { after, credited };
}

/** Same content, ignoring when a prospect was last written and the order of object keys. */
export function sameContent(a: unknown, b: unknown): boolean {
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
