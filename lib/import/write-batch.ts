/**
 * Writes one batch of mapped rows and says, per row, whether it stored anything new.
 *
 * Order matters for a cancelled or crashed import: the batch's prospects are written first (one
 * transaction), then its events with their summaries (one more, atomic in `addEvents`), so an event
 * is never stored without its prospect and an interrupted import leaves whole batches behind.
 *
 * The counting rule: a row is *imported* when it stored something new — an event not stored before,
 * or a prospect it created or changed; otherwise it is *skipped* (a repeat in the same file or of an
 * earlier import). So a row without an event counts as imported only when it changed the person.
 * Within a batch the rows are judged in file order, each against the state the earlier ones left.
 */
import { clock } from '../clock';
import type { Prospect } from '../model/prospect';
import { db } from '../store/db';
import { addEvents } from '../store/events';
import { mergeProspect, upsertProspects } from '../store/prospects';
import type { MappedRow } from './rows';

export interface BatchOutcome {
  /** One per row, in order. */
  imported: boolean[];
  /** Keys of the prospects created or changed. */
  prospectKeys: string[];
}

export async function writeBatch(rows: readonly MappedRow[]): Promise<BatchOutcome> {
  const keys = [...new Set(rows.map((r) => r.prospect.key))];
  const stored = await readProspects(keys);

  const state = new Map(stored);
  const changedKeys = new Set<string>();
  const prospectChanged = rows.map(({ prospect }) => {
    const before = state.get(prospect.key);
    const after = mergeProspect(before, prospect);
    state.set(prospect.key, after);
    const changed = !before || !sameProspect(before, after);
    if (changed) changedKeys.add(prospect.key);
    return changed;
  });
  const updatedAt = clock.iso();
  await upsertProspects([...changedKeys].map((key) => ({ ...state.get(key)!, updatedAt })));

  const { addedIds } = await addEvents(rows.flatMap((r) => r.events));
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
    return storedEvent || prospectChanged[i]!;
  });
  return { imported, prospectKeys: [...changedKeys] };
}

async function readProspects(keys: readonly string[]): Promise<Map<string, Prospect>> {
  const store = (await db()).transaction('prospects').store;
  const found = await Promise.all(keys.map((key) => store.get(key)));
  const out = new Map<string, Prospect>();
  found.forEach((p, i) => p && out.set(keys[i]!, p));
  return out;
}

/** Same content, ignoring when it was last written and the order of object keys. */
function sameProspect(a: Prospect, b: Prospect): boolean {
  return canonicalJson({ ...a, updatedAt: undefined }) === canonicalJson({ ...b, updatedAt: undefined });
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );
}
