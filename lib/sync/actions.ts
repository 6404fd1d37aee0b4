/**
 * What the rep does to logged actions: log, edit, delete, retry. Logging writes the outbox row first;
 * the caller says "saved" only after `logAction` resolves, so nothing the rep saw saved can be lost.
 * Each change that depends on the sync state checks it inside the same transaction as the write, so a
 * drain claiming the action at the same moment cannot be overwritten (or have its row pulled away).
 */
import { clock } from '../clock';
import { ActionTarget, type DestinationKind, isDeletable, isEditable, SalesAction, SalesActionInput } from '../model/action';
import { UserFacingError } from '../errors';
import { t } from '../i18n';
import { z } from '../model/zod';
import { getCached } from '../store/cache';
import { db } from '../store/db';
import { chosenFor } from '../store/matches';
import { putAction, updateAction } from '../store/outbox';
import { withStoragePressure } from '../store/pressure';
import { revive } from './state';

/** Why a change was refused. A UserFacingError, so the background's router hands the reason to the rep as it is. */
export class ActionRefused extends UserFacingError {
  constructor(code: 'not-found' | 'forbidden', message: string) {
    super(code, message);
    this.name = 'ActionRefused';
  }
}

/** A new action, validated, not yet stored. With the `local` destination it is done at once. */
export function createAction(input: SalesActionInput, destination: DestinationKind, now = clock.now()): SalesAction {
  const at = new Date(now).toISOString();
  const content = contentOf(SalesActionInput.parse(input));
  return SalesAction.parse({
    id: crypto.randomUUID(),
    ...content,
    occurredAt: content.occurredAt ?? at,
    createdAt: at,
    sync: { state: destination === 'local' ? 'done' : 'pending', attempts: 0, destination, updatedAt: at },
  });
}

/** Validates, stores and returns the row; resolves only once the row is durable. */
export async function logAction(input: SalesActionInput, destination: DestinationKind): Promise<SalesAction> {
  const created = createAction(input, destination);
  // The input schema has no target: which record the action is for is what the card showed, never a claim.
  const target = await targetFor(created.prospectKey, destination);
  const action = target ? { ...created, target } : created;
  // The outbox is never evicted; on a full disk the cache makes room, or the rep is told it was not saved.
  return withStoragePressure(() => putAction(action));
}

// The rules live with the model, so the popup can show Edit and Delete where the background allows them.
export { isDeletable, isEditable } from '../model/action';

export async function editAction(id: string, input: SalesActionInput): Promise<SalesAction> {
  const content = contentOf(SalesActionInput.parse(input));
  const now = clock.iso();
  let edited: SalesAction | undefined;
  const stored = await withStoragePressure(() => updateAction(id, (current) => {
    if (!isEditable(current)) return undefined;
    edited = {
      id: current.id,
      createdAt: current.createdAt,
      ...content,
      occurredAt: content.occurredAt ?? current.occurredAt,
      // A changed due date deserves its own reminder.
      ...(current.notifiedAt && content.dueAt === current.dueAt ? { notifiedAt: current.notifiedAt } : {}),
      // A logged email's message stays what it was: the rep edits notes and outcome, not the page's record.
      ...(current.email ? { email: current.email } : {}),
      // So does the record it was logged for.
      ...(current.target ? { target: current.target } : {}),
      sync: { ...current.sync, updatedAt: now },
    };
    return edited;
  }));
  if (!stored) throw new ActionRefused('not-found', t('syncError_gone'));
  if (!edited) throw new ActionRefused('forbidden', refusal(stored, 'edited'));
  return edited;
}

/** What the cache must hold of a source's answer for `targetFor`: only what it reads, checked, since the store keeps it as it came. */
const CachedAnswer = z.object({
  matchKey: z.string().optional(),
  matches: z.array(z.object({ key: z.string() })).optional(),
  prospect: z.object({ refs: z.array(z.object({ source: z.string(), externalId: z.string() })).optional() }),
});

/**
 * The record the person's card shows in the destination's CRM, if it shows one: the destination's own
 * cached answer for the person (the one views.ts draws), which is the record the rep picked in the
 * match picker once the source has answered for that choice (docs/architecture.md, "Several records in
 * a source for one person"). While a choice made since is still being asked for, the card shows none
 * of that CRM's records, and neither does this. Answers come only from the background's own lookups,
 * so the record is one the CRM found for this person; the destination checks it still is.
 */
export async function targetFor(prospectKey: string, destination: DestinationKind): Promise<ActionTarget | undefined> {
  if (destination === 'local') return undefined;
  const [cached, chosen] = await Promise.all([getCached(destination, prospectKey), chosenFor(prospectKey)]);
  const answer = CachedAnswer.safeParse(cached?.record);
  if (!answer.success) return undefined;
  const { matchKey, matches, prospect } = answer.data;
  const wanted = chosen?.startsWith(`${destination}:`) ? chosen : undefined;
  // The same test as views.ts: an answer about another record that lists the chosen one is not shown.
  if (wanted && matchKey !== wanted && matches?.some((m) => m.key === wanted)) return undefined;
  const ref = prospect.refs?.find((r) => r.source === destination);
  const target = ActionTarget.safeParse({ source: destination, externalId: ref?.externalId });
  return target.success ? target.data : undefined;
}

/** Deletes a pending or dead action; false when there was nothing to delete. */
export async function deleteAction(id: string): Promise<boolean> {
  const tx = (await db()).transaction('outbox', 'readwrite');
  const current = await tx.store.get(id);
  const allowed = current !== undefined && isDeletable(current);
  if (allowed) await tx.store.delete(id);
  await tx.done;
  if (current && !allowed) throw new ActionRefused('forbidden', refusal(current, 'deleted'));
  return allowed;
}

/** dead → pending with fresh attempts, due now. The caller kicks a drain afterwards. */
export async function retryAction(id: string): Promise<SalesAction> {
  let revived: SalesAction | undefined;
  const stored = await updateAction(id, (current) => (revived = revive(current, clock.now())));
  if (!stored) throw new ActionRefused('not-found', t('syncError_gone'));
  if (!revived) throw new ActionRefused('forbidden', t('syncError_retryOnlyFailed'));
  return revived;
}

function refusal(action: SalesAction, what: 'edited' | 'deleted'): string {
  switch (action.sync.state) {
    case 'inflight':
      return what === 'edited' ? t('syncError_inflightEdited') : t('syncError_inflightDeleted');
    case 'done':
      return what === 'edited' ? t('syncError_doneEdited') : t('syncError_doneDeleted');
    default:
      return what === 'edited' ? t('syncError_uncertainEdited') : t('syncError_uncertainDeleted');
  }
}

type Parsed = ReturnType<typeof SalesActionInput.parse>;

/** The rep's fields, without keys left undefined (a field cleared in an edit is gone from the row). */
function contentOf(input: Parsed): Parsed {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Parsed;
}
