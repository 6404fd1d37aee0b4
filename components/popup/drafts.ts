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

const KEY = 'popup-drafts';
export const DRAFT_TTL_MS = 60 * 60 * 1000;
/** Drafts kept at most, the most recent; with each field capped as the notes are, they stay small. */
const MAX_DRAFTS = 10;
/** The notes' own limit in the form (`maxLength`); no field of a draft is kept longer. */
const FIELD_MAX = 10_000;

interface Draft {
  values: FormValues;
  at: number;
}

type Drafts = Record<string, Draft>;

function isDraft(value: unknown): value is Draft {
  const draft = value as Draft | null;
  return (
    typeof draft?.at === 'number' &&
    typeof draft.values === 'object' &&
    draft.values !== null &&
    FIELD_NAMES.every((field) => typeof draft.values[field] === 'string')
  );
}

/** The drafts still fresh; anything else in the slot (older shapes, expired drafts) is left out. */
async function readAll(): Promise<Drafts> {
  const stored = (await sessionArea().get(KEY))[KEY];
  const now = clock.now();
  const fresh: Drafts = {};
  if (typeof stored !== 'object' || stored === null) return fresh;
  for (const [prospect, draft] of Object.entries(stored)) {
    if (isDraft(draft) && now - draft.at < DRAFT_TTL_MS) fresh[prospect] = draft;
  }
  return fresh;
}

/** Whether the form holds nothing the rep typed (the prospect and the type are chosen, not typed). */
export function isBlank(values: FormValues): boolean {
  return FIELD_NAMES.every((field) => field === 'prospect' || field === 'type' || values[field] === '');
}

export async function readDraft(prospect: string): Promise<FormValues | undefined> {
  return (await readAll())[prospect]?.values;
}

// One change at a time: each reads the slot and writes it back whole.
let queue: Promise<unknown> = Promise.resolve();
function change(edit: (drafts: Drafts) => void): Promise<void> {
  const next = queue.then(async () => {
    const drafts = await readAll();
    edit(drafts);
    const kept = Object.entries(drafts)
      .sort(([, a], [, b]) => b.at - a.at)
      .slice(0, MAX_DRAFTS);
    await sessionArea().set({ [KEY]: Object.fromEntries(kept) });
  });
  queue = next.catch(() => undefined);
  return next;
}

/**
 * Keeps `values` as the draft of their prospect (a blank form removes it); `moved` is the prospect the
 * draft was kept for before, when the rep switched the form to another person with the text in it.
 */
export function writeDraft(values: FormValues, moved?: string): Promise<void> {
  const at = clock.now();
  return change((drafts) => {
    if (moved !== undefined) delete drafts[moved];
    if (isBlank(values)) {
      delete drafts[values.prospect];
      return;
    }
    const capped = Object.fromEntries(FIELD_NAMES.map((field) => [field, values[field].slice(0, FIELD_MAX)])) as FormValues;
    drafts[values.prospect] = { values: capped, at };
  });
}

export function clearDraft(prospect: string): Promise<void> {
  return change((drafts) => {
    delete drafts[prospect];
  });
}
