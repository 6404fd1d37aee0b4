/**
 * What the rep was typing in the popup's log form, per prospect, so a popup the browser closed (the rep
 * clicked into the thread to copy a date) opens again with it. Kept in `storage.session`: extension pages
 * only (content scripts cannot read it at its default access level, unlike `storage.local`; see
 * docs/architecture.md, "Where state lives"), gone with the browser session and with "Delete everything"
 * (lib/data/erase.ts clears the area). A draft is dropped an hour after it was last typed in.
 */
import { clock } from '@/lib/clock';
import { sessionArea } from '@/lib/platform';
import { FIELD_NAMES, type FormValues } from './fields';

/** Each prospect's draft has a key of its own, so keeping one is a single write, with nothing read first. */
const PREFIX = 'popup-draft:';
export const DRAFT_TTL_MS = 60 * 60 * 1000;
/** Drafts kept at most, the most recent; with each field capped as the notes are, they stay small. */
const MAX_DRAFTS = 10;
/** The notes' own limit in the form (`maxLength`); no field of a draft is kept longer. */
const FIELD_MAX = 10_000;

interface Draft {
  values: FormValues;
  at: number;
}

const keyOf = (prospect: string) => `${PREFIX}${prospect}`;

function isDraft(value: unknown): value is Draft {
  const draft = value as Draft | null;
  return (
    typeof draft?.at === 'number' &&
    typeof draft.values === 'object' &&
    draft.values !== null &&
    FIELD_NAMES.every((field) => typeof draft.values[field] === 'string')
  );
}

const isFresh = (draft: Draft) => clock.now() - draft.at < DRAFT_TTL_MS;

/**
 * Removes the drafts past their hour, anything else under a draft's key, and all but the newest
 * MAX_DRAFTS. Run after a write was issued, never before it: if the popup closes meanwhile, only the
 * tidying is lost.
 */
async function prune(): Promise<void> {
  const area = sessionArea();
  const drafts: [string, Draft][] = [];
  const stale: string[] = [];
  for (const [key, value] of Object.entries(await area.get(null))) {
    if (!key.startsWith(PREFIX)) continue;
    if (isDraft(value) && isFresh(value)) drafts.push([key, value]);
    else stale.push(key);
  }
  drafts.sort(([, a], [, b]) => b.at - a.at);
  stale.push(...drafts.slice(MAX_DRAFTS).map(([key]) => key));
  if (stale.length > 0) await area.remove(stale);
}

/** Whether the form holds nothing the rep typed (the prospect and the type are chosen, not typed). */
export function isBlank(values: FormValues): boolean {
  return FIELD_NAMES.every((field) => field === 'prospect' || field === 'type' || values[field] === '');
}

export async function readDraft(prospect: string): Promise<FormValues | undefined> {
  const draft = (await sessionArea().get(keyOf(prospect)))[keyOf(prospect)];
  return isDraft(draft) && isFresh(draft) ? draft.values : undefined;
}

/**
 * Keeps `values` as the draft of their prospect (a blank form removes it); `moved` is the prospect the
 * draft was kept for before, when the rep switched the form to another person with the text in it.
 * The popup calls this as it loses the focus, which is also when the browser closes it: the write is
 * issued before the first await, so it has left the page by the time the page can be torn down.
 */
export function writeDraft(values: FormValues, moved?: string): Promise<void> {
  const area = sessionArea();
  const writes: Promise<void>[] = [];
  if (moved !== undefined && moved !== values.prospect) writes.push(area.remove(keyOf(moved)));
  if (isBlank(values)) {
    writes.push(area.remove(keyOf(values.prospect)));
  } else {
    const capped = Object.fromEntries(FIELD_NAMES.map((field) => [field, values[field].slice(0, FIELD_MAX)])) as FormValues;
    writes.push(area.set({ [keyOf(values.prospect)]: { values: capped, at: clock.now() } satisfies Draft }));
  }
  return Promise.all(writes).then(prune);
}

export function clearDraft(prospect: string): Promise<void> {
  return sessionArea().remove(keyOf(prospect));
}
