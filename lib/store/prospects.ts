/**
 * Stored prospects. A stored key never changes; other addresses of the same person go in `emails`.
 */
import { clock } from '../clock';
import { normaliseName } from '../identity/name';
import { DATED_FIELDS, type DatedField, type Prospect } from '../model/prospect';
import { db } from './db';
import { anyEventOf, eventStores } from './event-chunks';

export async function getProspect(key: string): Promise<Prospect | undefined> {
  return (await db()).get('prospects', key);
}

export async function findByEmail(email: string): Promise<Prospect[]> {
  return (await db()).getAllFromIndex('prospects', 'byEmail', email);
}

export async function findByLinkedin(url: string): Promise<Prospect[]> {
  return (await db()).getAllFromIndex('prospects', 'byLinkedin', url);
}

export async function findByDomain(domain: string, limit = 10): Promise<Prospect[]> {
  return (await db()).getAllFromIndex('prospects', 'byDomain', domain, limit);
}

/**
 * Merges `patch` into the stored prospect (or creates it). Non-empty incoming fields win; emails and
 * source references are unioned, so nothing a source or import said earlier is lost.
 *
 * Dated fields (`asOf`, set by imports): a dated value is replaced only by one at least as new, so the
 * newest value wins in whatever order rows and files come (docs/architecture.md, "Import and storage").
 * The same value, newer, moves its date forward. An undated value (typed by the rep, from a CRM, or
 * stored before dates were kept) replaces a value as before, and the replaced value's date goes with it.
 *
 * No value is true later than now. An incoming date in the future is taken as now. A stored one (a
 * mistyped year imported before rows were capped at the import's start) says nothing of when the value
 * was true, so it counts as undated and gives way to any row: as "now" it would beat every import after
 * it, whose rows are dated by their start, and the person would never heal.
 */
export function mergeProspect(existing: Prospect | undefined, patch: Partial<Prospect> & { key: string }): Prospect {
  const base: Prospect = existing ?? { key: patch.key, emails: [], refs: [] };
  const merged: Prospect = { ...base };
  let asOf = base.asOf;
  let now: string | undefined;
  for (const [field, value] of Object.entries(patch) as [keyof Prospect, unknown][]) {
    if (field === 'key' || field === 'emails' || field === 'refs' || field === 'asOf') continue;
    if (value === undefined || value === null || value === '') continue;
    if (isDated(field)) {
      let at = patch.asOf?.[field];
      const stored = asOf?.[field];
      if (at || stored) now ??= clock.iso();
      if (at && at > now!) at = now;
      const held = stored && stored > now! ? undefined : stored;
      if (at && held && at < held) continue;
      if (at !== stored && (at || value !== base[field] || held !== stored)) {
        asOf = { ...asOf };
        if (at) asOf[field] = at;
        else delete asOf[field];
      }
    }
    (merged as Record<string, unknown>)[field] = value;
  }
  if (asOf && Object.keys(asOf).length > 0) merged.asOf = asOf;
  else delete merged.asOf;
  merged.emails = [...new Set([...base.emails, ...(patch.emails ?? [])])];
  const refs = new Map(base.refs.map((r) => [`${r.source}:${r.externalId}`, r]));
  for (const ref of patch.refs ?? []) refs.set(`${ref.source}:${ref.externalId}`, ref);
  merged.refs = [...refs.values()];
  // The origin (import/demo) is the first one that created the record.
  merged.origin = base.origin ?? patch.origin;
  return merged;
}

const DATED = new Set<string>(DATED_FIELDS);

function isDated(field: string): field is DatedField {
  return DATED.has(field);
}

/**
 * The dated values of `prospect` with their dates, as a patch: what an import learnt about a person
 * and has not written yet (lib/store/import-batch.ts), merged later into the person as stored then.
 * A value stored with a date in the future is not one of them: it counts as undated (`mergeProspect`),
 * and carried as a patch its date would be taken as now.
 */
export function datedValues(prospect: Prospect): Prospect {
  const patch: Prospect = { key: prospect.key, emails: [], refs: [] };
  if (!prospect.asOf) return patch;
  const now = clock.iso();
  const asOf: NonNullable<Prospect['asOf']> = {};
  for (const field of DATED_FIELDS) {
    const at = prospect.asOf[field];
    if (!at || at > now) continue;
    asOf[field] = at;
    (patch as Record<string, unknown>)[field] = prospect[field];
  }
  patch.asOf = asOf;
  return patch;
}

/** Upserts many prospects in one transaction. */
export async function upsertProspects(patches: readonly (Partial<Prospect> & { key: string })[]): Promise<Prospect[]> {
  if (patches.length === 0) return [];
  const tx = (await db()).transaction('prospects', 'readwrite');
  const merged = new Map<string, Prospect>();
  const existing = await Promise.all(patches.map((p) => tx.store.get(p.key)));
  patches.forEach((patch, i) => {
    merged.set(patch.key, mergeProspect(merged.get(patch.key) ?? existing[i], patch));
  });
  for (const p of merged.values()) tx.store.put(p);
  await tx.done;
  return [...merged.values()];
}

/**
 * Writes prospects as they are, replacing stored ones: for a caller that has merged them with what
 * is stored already (the importer). Bulk data, so the write may be lazily flushed to disk.
 */
export async function putProspects(prospects: readonly Prospect[]): Promise<void> {
  if (prospects.length === 0) return;
  const tx = (await db()).transaction('prospects', 'readwrite', { durability: 'relaxed' });
  for (const p of prospects) void tx.store.put(p);
  await tx.done;
}

/** Name, email or company contains `query` (case-insensitive). A scan: fine for the popup's few thousand. */
export async function searchProspects(query: string, limit = 10): Promise<Prospect[]> {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  const out: Prospect[] = [];
  let cursor = await (await db()).transaction('prospects').store.openCursor();
  while (cursor && out.length < limit) {
    const p = cursor.value;
    const hay = [p.name, p.company, ...p.emails].filter(Boolean).join(' ').toLowerCase();
    if (hay.includes(needle)) out.push(p);
    cursor = await cursor.continue();
  }
  return out;
}

/**
 * Prospects whose name normalises to `name` (already normalised: lib/identity/name.ts), for people
 * a page shows by name only. A scan, like searchProspects: there is no name index, and a thread
 * shows few name-only people.
 */
export async function findByName(name: string, limit = 20): Promise<Prospect[]> {
  if (!name) return [];
  const out: Prospect[] = [];
  let cursor = await (await db()).transaction('prospects').store.openCursor();
  while (cursor && out.length < limit) {
    if (cursor.value.name && normaliseName(cursor.value.name) === name) out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}

/**
 * Deletes the people `origin` created, once its events are gone ("Remove demo data"). One that still
 * has an event was written to by another origin too (the rep's import of the same address merged into
 * it, keeping the first origin): it stays, and takes that event's origin (or none), so that removing the
 * demo again leaves it as well. Looked at and deleted in one transaction, so no event lands in between.
 * Returns how many were deleted.
 */
export async function deleteProspectsByOrigin(origin: string): Promise<number> {
  const tx = (await db()).transaction(['prospects', 'events', 'eventChunks'], 'readwrite');
  const prospects = tx.objectStore('prospects');
  const stores = eventStores(tx);
  const keys = await prospects.index('byOrigin').getAllKeys(origin);
  const left = await Promise.all(keys.map((key) => anyEventOf(stores, key)));
  let deleted = 0;
  await Promise.all(
    keys.map(async (key, i) => {
      const other = left[i];
      if (!other) {
        deleted++;
        return prospects.delete(key);
      }
      const { origin: _created, ...prospect } = (await prospects.get(key))!;
      await prospects.put(other.origin ? { ...prospect, origin: other.origin } : prospect);
    }),
  );
  await tx.done;
  return deleted;
}

export async function countProspects(): Promise<number> {
  return (await db()).count('prospects');
}
