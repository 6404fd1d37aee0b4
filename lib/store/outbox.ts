/**
 * The outbox: every logged sales action, durable before the rep sees "saved", with its sync state.
 * Rows are never deleted by sync; only the rep (a pending or dead action) or retention removes them.
 */
import { unwrap } from 'idb';
import type { SalesAction, SyncStateName } from '../model/action';
import { addUnlessPresent, db } from './db';

export async function putAction(action: SalesAction): Promise<SalesAction> {
  await (await db()).put('outbox', action);
  return action;
}

export async function getAction(id: string): Promise<SalesAction | undefined> {
  return (await db()).get('outbox', id);
}

export async function deleteAction(id: string): Promise<void> {
  await (await db()).delete('outbox', id);
}

export async function actionsInState(state: SyncStateName, limit?: number): Promise<SalesAction[]> {
  return (await db()).getAllFromIndex('outbox', 'byState', state, limit);
}

export async function countInState(state: SyncStateName): Promise<number> {
  return (await db()).countFromIndex('outbox', 'byState', state);
}

/**
 * The newest `limit`, optionally for one prospect, and with them up to `limit` older dead ones (a
 * failed or held action is where the rep retries or deletes it: the popup's list and the card show no
 * other), newest first. So a dead action never drops out of reach behind newer ones; a restore that
 * held many (lib/import/restore.ts) surfaces them `limit` at a time as the rep deals with them.
 */
export async function recentActions(limit: number, prospectKey?: string): Promise<SalesAction[]> {
  const database = await db();
  const newestFirst = (a: SalesAction, b: SalesAction) => b.createdAt.localeCompare(a.createdAt);
  const withDead = (newest: SalesAction[], dead: SalesAction[]) => {
    const shown = new Set(newest.map((a) => a.id));
    return [...newest, ...dead.filter((a) => !shown.has(a.id)).sort(newestFirst).slice(0, limit)].sort(newestFirst);
  };
  if (prospectKey) {
    const all = (await database.getAllFromIndex('outbox', 'byProspect', prospectKey)).sort(newestFirst);
    return withDead(all.slice(0, limit), all.filter((a) => a.sync.state === 'dead'));
  }
  const out: SalesAction[] = [];
  let cursor = await database.transaction('outbox').store.index('byCreated').openCursor(null, 'prev');
  while (cursor && out.length < limit) {
    out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return withDead(out, await database.getAllFromIndex('outbox', 'byState', 'dead'));
}

/** The person's newest lead feedback (by when it happened), which the card's header shows however many actions came after it. */
export async function newestFeedback(prospectKey: string): Promise<SalesAction | undefined> {
  const all = await (await db()).getAllFromIndex('outbox', 'byProspect', prospectKey);
  return all
    .filter((a) => a.type === 'lead_feedback' && a.feedback)
    .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))[0];
}

/**
 * Applies `change` to the stored action inside one transaction, so two drains (or a drain and the
 * rep's edit) cannot overwrite each other's update. Returns the new row, or undefined if it is gone.
 */
export async function updateAction(
  id: string,
  change: (current: SalesAction) => SalesAction | undefined,
): Promise<SalesAction | undefined> {
  const tx = (await db()).transaction('outbox', 'readwrite');
  const current = await tx.store.get(id);
  const next = current ? change(current) : undefined;
  if (next) await tx.store.put(next);
  await tx.done;
  return next ?? current;
}

/**
 * Adds the actions whose id is not stored yet, in one transaction, and says per action whether it was
 * added: restoring "Export everything" (lib/import/restore.ts). A stored row is never replaced: it is
 * this browser's own record of what was sent, and the sync may be moving it right now. An id that is
 * not stored says nothing about whether it was sent (retention or "Delete everything" removes
 * delivered rows): the restore holds what it adds here until the rep's Retry (`asRestored`).
 */
export async function addActionsUnlessPresent(actions: readonly SalesAction[]): Promise<boolean[]> {
  if (actions.length === 0) return [];
  const tx = (await db()).transaction('outbox', 'readwrite');
  const store = unwrap(tx.store);
  const added = await Promise.all(actions.map((action) => addUnlessPresent(store, action)));
  await tx.done;
  return added;
}

/**
 * Whether retention deletes `action` when it keeps what is newer than `before` (ms): delivered to a CRM
 * or webhook, created before then, and not a task due since. Restoring a file leaves such an action out
 * (lib/import/restore.ts), as the next daily run would delete it.
 */
export function retentionDeletes(action: SalesAction, before: number): boolean {
  if (action.sync.state !== 'done' || action.sync.destination === 'local') return false;
  // Parsed, not compared as text: a file's times may carry an offset (the index's range compares the
  // stored text, which the extension always writes in UTC).
  if (!(Date.parse(action.createdAt) < before)) return false;
  return !(action.type === 'task' && !!action.dueAt && Date.parse(action.dueAt) >= before);
}

export async function allActions(): Promise<SalesAction[]> {
  return (await db()).getAll('outbox');
}

/**
 * Retention: removes actions delivered to a CRM or webhook and created before `beforeIso`. Actions not
 * yet delivered are never removed, nor those kept in this browser only (destination `local`, created
 * `done`): their row is the only copy there is. Nor is a task due after `beforeIso`: its reminder
 * (lib/sync/reminders.ts) and the card's open task read it, whenever it was created. The index finds
 * the old `done` rows; the kept ones among them are left where they are.
 */
export async function deleteDoneBefore(beforeIso: string): Promise<number> {
  const tx = (await db()).transaction('outbox', 'readwrite');
  const range = IDBKeyRange.bound(['done', ''], ['done', beforeIso], false, true);
  const before = Date.parse(beforeIso);
  const old = (await tx.store.index('byStateCreated').getAll(range)).filter((a) => retentionDeletes(a, before));
  await Promise.all(old.map((a) => tx.store.delete(a.id)));
  await tx.done;
  return old.length;
}
