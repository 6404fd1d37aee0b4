/**
 * Restores an "Export everything" file (lib/data/export.ts): the copy the "Delete everything"
 * confirmation tells the rep to keep. Chosen like any import; import.ts hands it here when the file
 * starts as an export does (restore-reader.ts). Each element is checked with the schema it was stored
 * under; one that fails is rejected with the fields that failed, and the rest is restored.
 *
 * - **People** are merged into the stored ones as an import merges them (lib/store/prospects.ts,
 *   `mergeProspect`), or put as the file has them when absent. A value the file does not date is as
 *   of the person's `updatedAt` (else the file's `exportedAt`), so an older file never replaces a
 *   newer value; no date is later than now (`datedPerson`).
 * - **Events** are added when their person is stored (or restored just before); an id already stored
 *   is skipped, so restoring the same file twice adds nothing. They are written through
 *   `ImportSession`s (lib/store/import-batch.ts), so summaries are brought up to date as an import's
 *   are, and a restore that dies is repaired as one is
 *   (docs/architecture.md, "Import and storage"). Each event keeps the origin it was stored with
 *   ("Remove demo data" still finds the demo's), so there is one session per origin: a session's
 *   marker names the origin whose people a repair rebuilds. The sessions share one budget: once
 *   together they wait to write as much as one import's session may (`fullTogether`), all of them flush.
 * - **Logged actions** are added by id when absent, never replacing a stored one (docs/architecture.md,
 *   "What the rep may still change in an action"). Delivered stays done and one kept in this browser
 *   only stays as it was; every other one is held (`asRestored`): nothing is sent from a file
 *   until the rep says so. A delivered one retention would delete (`retentionDeletes`) is left out
 *   and counted, as an old event is.
 *
 * Counted as an import counts (summary.ts): each element is one record, imported (added, or a person
 * changed), skipped (stored as the file has it) or rejected, per list in `restored`.
 */
import { clock } from '../clock';
import { SalesAction } from '../model/action';
import { EngagementEvent } from '../model/engagement';
import { DATED_FIELDS, Prospect } from '../model/prospect';
import type { z } from '../model/zod';
import { assertSameDatabase, databaseMark, db } from '../store/db';
import { DEFAULT_SESSION_LIMITS, fullTogether, ImportSession, type SessionLimits } from '../store/import-batch';
import { repairStaleImports } from '../store/import-repair';
import { addActionsUnlessPresent, retentionDeletes } from '../store/outbox';
import { withStoragePressure } from '../store/pressure';
import { mergeProspect } from '../store/prospects';
import { recover } from '../sync/state';
import type { ImportOptions } from './import';
import { listedColumn, originalValues } from './records';
import { exportElements, type ExportElement, type Section } from './restore-reader';
import { heldReason, restoreProblem } from './restore-reasons';
import { keptSince } from '../model/retention';
import { type ImportSummary, MAX_REJECTED_KEPT_CHARS, MAX_REJECTED_LISTED, olderThanKept, type RestoredCounts, type RowProblem } from './summary';
import type { TextChunk } from './text-chunks';
import { sameContent } from './write-batch';

const SCHEMAS = { prospects: Prospect, events: EngagementEvent, actions: SalesAction } satisfies Record<Section, z.ZodObject>;

/** Where an element is, and as the file has it (a rejected one's values go into the rejected-rows file). */
interface Place {
  line: number;
  index: number;
  value?: Record<string, unknown>;
}

/** The element checked: what it is, or why it is rejected. */
type Checked =
  | ({ section: 'prospects'; record: Prospect } & Place)
  | ({ section: 'events'; record: EngagementEvent } & Place)
  | ({ section: 'actions'; record: SalesAction } & Place)
  | Rejected;

type Rejected = { section?: Section; line: number; problems: RowProblem[]; value?: Record<string, unknown> };

/** What became of a checked element: stored something new, skipped, or rejected after all. */
type Outcome = boolean | RowProblem[];

/** What every batch of one restore shares. */
interface RestoreContext {
  own: ImportSession;
  sessionFor: (origin: string) => ImportSession;
  /** `databaseMark()` at the restore's start (lib/store/db.ts). */
  startedIn: number;
  origin: string;
  changedPeople: Set<string>;
  /** The file's `exportedAt`, once read. */
  exportedAt?: string;
  /** Worded once per restore (restore-reasons.ts). */
  heldReason: string;
  /**
   * Events older than this (ms) are left out, as an import leaves them (lib/model/retention.ts,
   * `keptSince`), and so are the delivered actions retention would delete; counted in `tooOld`.
   */
  since?: number;
  tooOld: { events: number; actions: number };
}

/** Keys of a list's elements no schema reads, as `list.key`; the summary lists the first ones. */
const MAX_UNKNOWN_LISTED = 200;

/** `limits` are what the restore's sessions may hold in memory together (tests make them small). */
export async function restoreExport(
  chunks: AsyncIterable<TextChunk>,
  totalBytes: number,
  origin: string,
  opts: ImportOptions,
  limits: SessionLimits = DEFAULT_SESSION_LIMITS,
): Promise<ImportSummary> {
  const started = clock.now();
  const batchSize = Math.max(1, opts.batchSize ?? 250);
  const tally = { recordsRead: 0, imported: 0, skipped: 0, rejected: 0 };
  const restored: Record<Section, RestoredCounts> = { prospects: zero(), events: zero(), actions: zero() };
  const rejectedRows: ImportSummary['rejectedRows'] = [];
  const unknown = new Set<string>();
  const changedPeople = new Set<string>();
  let keptChars = 0;
  let bytesRead = 0;
  let cancelled = false;
  let pending: Checked[] = [];
  const report = () => opts.onProgress?.({ bytesRead, totalBytes, ...tally });

  // The file's own session writes the people, and the events that name no origin. It is the one the
  // page names (runId) should its worker die: a repair then takes every marker, the other sessions' too.
  // The sessions made later share the first one's mark: a database deleted since it started stops them all.
  const startedIn = opts.databaseMark ?? databaseMark();
  const own = new ImportSession(origin, opts.runId, limits, startedIn);
  const sessions = new Map<string, ImportSession>([[origin, own]]);
  const sessionFor = (eventOrigin: string) => sessions.get(eventOrigin) ?? sessions.set(eventOrigin, new ImportSession(eventOrigin, undefined, limits, startedIn)).get(eventOrigin)!;
  const context: RestoreContext = { own, sessionFor, startedIn, origin, changedPeople, heldReason: opts.heldReason ?? heldReason(), since: keptSince(opts.keepDays, started), tooOld: { events: 0, actions: 0 } };
  await repairStaleImports();
  // Its marker first, whichever session writes first: the page's repair by the run's id (in-worker.ts) needs it there.
  await withStoragePressure(() => own.writeBatch([], [], () => []));

  const count = (batch: Checked[], outcomes: readonly Outcome[]) => {
    batch.forEach((checked, i) => {
      tally.recordsRead++;
      const counts = checked.section ? restored[checked.section] : undefined;
      const outcome = outcomes[i];
      if ('problems' in checked || Array.isArray(outcome)) {
        tally.rejected++;
        if (counts) counts.rejected++;
        keep('problems' in checked ? checked : { ...checked, problems: outcome as RowProblem[] });
      } else if (outcome) {
        tally.imported++;
        counts!.imported++;
      } else {
        tally.skipped++;
        counts!.skipped++;
      }
    });
    report();
  };
  const keep = (rejected: Rejected) => {
    if (rejectedRows.length >= MAX_REJECTED_LISTED) return;
    const values = rejected.value && keptChars < MAX_REJECTED_KEPT_CHARS ? originalValues({ line: rejected.line, object: rejected.value }, { unknownColumns: new Set() }) : undefined;
    if (values) for (const value of Object.values(values)) keptChars += value.length;
    rejectedRows.push(values ? { line: rejected.line, problems: rejected.problems, values } : { line: rejected.line, problems: rejected.problems });
  };

  const write = async () => {
    const batch = pending;
    pending = [];
    const outcomes = await writeBatch(batch, context);
    // One budget for all of them: an export of 40 files has 40 sessions, none of them full by itself
    // while together they hold every event's summary (docs/architecture.md, "Import and storage").
    if (fullTogether(sessions.values(), limits)) for (const session of sessions.values()) await withStoragePressure(() => session.flush(false));
    count(batch, outcomes);
  };
  // Every session's last counts, the file's own last: its marker stays while any other holds counts.
  const flushAll = async () => {
    for (const session of sessions.values()) if (session !== own) await withStoragePressure(() => session.flush(true));
    await withStoragePressure(() => own.flush(true));
  };

  try {
    for await (const piece of exportElements(chunks)) {
      bytesRead = piece.bytesRead;
      for (const key of piece.unknownKeys) if (unknown.size < MAX_UNKNOWN_LISTED) unknown.add(listedColumn(key));
      context.exportedAt ??= piece.exportedAt;
      for (const element of piece.elements) {
        pending.push(check(element, unknown));
        if (pending.length < batchSize) continue;
        if (opts.signal?.aborted) break;
        await write();
      }
      if (opts.signal?.aborted) break;
    }
    if (opts.signal?.aborted) {
      // Whole batches only, as an import: what was read but not written is dropped, and not counted.
      cancelled = true;
      pending = [];
    } else if (pending.length > 0) {
      await write();
    }
  } catch (error) {
    // What was written is counted in its summaries, also when the restore fails (import.ts does the same).
    await flushAll().catch(() => undefined);
    throw own.explain(error);
  }
  await flushAll().catch((error: unknown) => {
    throw own.explain(error);
  });
  report();
  return {
    format: 'prospect-lens-export',
    ...tally,
    rejectedRows,
    unknownColumns: [...unknown],
    prospectsUpserted: changedPeople.size,
    cancelled,
    durationMs: Math.max(0, clock.now() - started),
    restored,
    ...olderThanKept(context.tooOld, opts.keepDays),
  };
}

function zero(): RestoredCounts {
  return { imported: 0, skipped: 0, rejected: 0 };
}

/** The element against the schema of its list; fields no schema reads are noted in `unknown`. */
function check(element: ExportElement, unknown: Set<string>): Checked {
  const { section, value, line } = element;
  if (!section || !value) return { section, line, problems: [element.problem ?? restoreProblem('restoreReason_notExportRest', line)] };
  const schema = SCHEMAS[section];
  // Own keys only: `constructor` or `toString` in a file is no field of the schema's.
  for (const key of Object.keys(value)) if (!Object.hasOwn(schema.shape, key) && unknown.size < MAX_UNKNOWN_LISTED) unknown.add(listedColumn(`${section}.${key}`));
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.map(String).join('.') || section))].join(', ');
    return { section, line, value, problems: [restoreProblem('restoreReason_invalid', `${section}[${element.index}]`, fields)] };
  }
  return { section, record: parsed.data, line, index: element.index, value } as Checked;
}

/**
 * Writes one batch, and says per element what became of it. People first, in the file session's
 * transaction; then each origin's events in its session's, those whose person is stored; then the
 * actions in one.
 */
async function writeBatch(batch: readonly Checked[], context: RestoreContext): Promise<Outcome[]> {
  const { own, sessionFor, origin, changedPeople } = context;
  const outcomes: Outcome[] = batch.map(() => false);
  const people: { i: number; record: Prospect }[] = [];
  const events: { i: number; record: EngagementEvent }[] = [];
  const actions: { i: number; record: SalesAction }[] = [];
  batch.forEach((checked, i) => {
    if (!('record' in checked)) return;
    if (checked.section === 'prospects') people.push({ i, record: checked.record });
    else if (checked.section === 'events') events.push({ i, record: checked.record });
    else actions.push({ i, record: checked.record });
  });
  const now = clock.now();

  if (people.length > 0) {
    const flags = await writePeople(own, people.map((p) => datedPerson(p.record, context.exportedAt, now)), changedPeople);
    people.forEach(({ i }, k) => (outcomes[i] = flags[k]!));
  }

  // An event whose person is neither stored nor restored (their element was rejected) would be a
  // history nobody's card shows, and a summary without a person: rejected, with the key it names.
  const stored = await storedKeys(events.map((e) => e.record.prospectKey));
  // An event with no origin gets the file's: a repair finds a session's people by the origin its marker names.
  const byOrigin = new Map<string, { i: number; record: EngagementEvent }[]>();
  for (const event of events) {
    // Retention would delete it at its next run: skipped, and counted apart (import.ts, `keepDays`).
    if (context.since !== undefined && Date.parse(event.record.occurredAt) < context.since) {
      context.tooOld.events++;
      continue;
    }
    if (!stored.has(event.record.prospectKey)) {
      const place = batch[event.i] as Place;
      outcomes[event.i] = [restoreProblem('restoreReason_noPerson', `events[${place.index}]`, event.record.prospectKey)];
      continue;
    }
    const eventOrigin = event.record.origin ?? origin;
    const group = byOrigin.get(eventOrigin) ?? byOrigin.set(eventOrigin, []).get(eventOrigin)!;
    group.push({ i: event.i, record: { ...event.record, origin: eventOrigin } });
  }
  for (const [eventOrigin, group] of byOrigin) {
    const session = sessionFor(eventOrigin);
    const { addedIds } = await withStoragePressure(() => session.writeBatch([], group.map((e) => e.record), () => []));
    const added = new Set(addedIds);
    // An id twice in the file is new only the first time.
    for (const { i, record } of group) if (added.delete(record.id)) outcomes[i] = true;
  }

  // Delivered, and old enough for retention to delete at its next run: skipped, and counted apart.
  const since = context.since;
  const kept = since === undefined ? actions : actions.filter(({ record }) => !retentionDeletes(record, since));
  context.tooOld.actions += actions.length - kept.length;
  if (kept.length > 0) {
    const reason = context.heldReason;
    const flags = await withStoragePressure(() => {
      // Written without a session: each attempt (a full disk retries) asks first whether the database
      // is still the one the restore began in.
      assertSameDatabase(context.startedIn);
      return addActionsUnlessPresent(kept.map((a) => asRestored(a.record, now, reason)));
    });
    kept.forEach(({ i }, k) => (outcomes[i] = flags[k]!));
  }
  return outcomes;
}

/** Which of `keys` name a stored person; one read-only transaction. */
async function storedKeys(keys: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return new Set();
  const store = (await db()).transaction('prospects').store;
  const found = await Promise.all(unique.map((key) => store.getKey(key)));
  return new Set(unique.filter((_, k) => found[k] !== undefined));
}

/** Merges the people into the stored ones in one transaction; true for each that created or changed someone. */
async function writePeople(session: ImportSession, people: readonly Prospect[], changedPeople: Set<string>): Promise<boolean[]> {
  const keys = [...new Set(people.map((p) => p.key))];
  let flags: boolean[] = [];
  // The merge may run again (a batch that guessed its people new is written again with reads): only
  // the run whose writes committed names who changed.
  let changedHere: string[] = [];
  await withStoragePressure(() =>
    session.writeBatch(keys, [], (stored: ReadonlyMap<string, Prospect>) => {
      const after = new Map<string, Prospect>();
      flags = people.map((person) => {
        const before = after.get(person.key) ?? stored.get(person.key);
        // Absent: as the file has it (its own updatedAt too).
        const merged = before ? mergeProspect(before, person) : person;
        after.set(person.key, merged);
        // Every field compared, `asOf` too (a restore that only dates a person changes them), not `updatedAt`.
        return !before || !sameContent(before, merged);
      });
      const updatedAt = clock.iso();
      const changed = [...after.keys()].filter((key) => !stored.has(key) || !sameContent(stored.get(key)!, after.get(key)!));
      changedHere = changed;
      return changed.map((key) => (stored.has(key) ? { ...after.get(key)!, updatedAt } : after.get(key)!));
    }),
  );
  changedHere.forEach((key) => changedPeople.add(key));
  return flags;
}


/**
 * The action as it is added. Delivered (`done`) stays done, and one kept in this browser only
 * (`local`) stays as it was: the file is its only copy, and nothing of it leaves the browser.
 *
 * Every other one is held: dead, with `heldReason`, until the rep chooses Retry. The file cannot say
 * what happened since it was written: a pending copy may have been delivered since (and its row
 * removed by retention or "Delete everything", so no stored id stops it), or the file may not be the
 * rep's at all, and would send with the rep's credentials. Held, it is also uncertain, since its
 * `uncertainSince`, else its last write (`sync.updatedAt`, which the schema requires), never later
 * than now: the Retry looks for it first where the destination can (`revive` keeps the mark; lib/sync/
 * attempt.ts looks when it is set), and the rep cannot edit what may already be there. A restored
 * `nextAttemptAt` is dropped: a dead action has no timer.
 */
function asRestored(action: SalesAction, now: number, reason: string): SalesAction {
  if (action.sync.state === 'done') return action;
  if (action.sync.destination === 'local') return action.sync.state === 'inflight' ? asLeftByDeadWorker(action, now) : action;
  const since = notAfter(action.sync.uncertainSince ?? action.sync.updatedAt, now);
  const sync: SalesAction['sync'] = { ...action.sync, state: 'dead', lastError: reason, uncertainSince: since, updatedAt: new Date(now).toISOString() };
  delete sync.nextAttemptAt;
  return { ...action, sync };
}

/**
 * A `local` action the export caught on its way, whose drain will never settle this row: what a
 * worker that died mid-request leaves (`recover`). Its error stays the one it had: `recover`'s
 * "interrupted" is worded with `browser.i18n`, which the import worker does not have.
 */
function asLeftByDeadWorker(action: SalesAction, now: number): SalesAction {
  const recovered = recover(action, now) ?? action;
  const sync = { ...recovered.sync, lastError: action.sync.lastError };
  if (sync.lastError === undefined) delete sync.lastError;
  return { ...recovered, sync };
}

/**
 * The person as the file has them, each value dated: a value the file dates keeps its date, one it
 * does not is as of the person's `updatedAt`, else the file's `exportedAt`. Without either, as of the
 * oldest time there is: any dated value stored wins, and any later import replaces it, as an undated
 * one. A date after now is now: a clock or a file from the future must not pin a value for ever.
 */
function datedPerson(person: Prospect, exportedAt: string | undefined, now: number): Prospect {
  const fallback = notAfter(person.updatedAt ?? exportedAt, now) ?? new Date(0).toISOString();
  let asOf: Prospect['asOf'];
  for (const field of DATED_FIELDS) {
    const value = person[field];
    if (value === undefined || value === '') continue;
    const given = person.asOf?.[field];
    (asOf ??= {})[field] = given ? notAfter(given, now)! : fallback;
  }
  const dated: Prospect = { ...person };
  if (asOf) dated.asOf = asOf;
  else delete dated.asOf;
  return dated;
}

/**
 * `at` in UTC (the merge compares dates as text, and the schema lets a file write `+05:00`), or now when
 * `at` is later; undefined when there is no `at`.
 */
function notAfter(at: string | undefined, now: number): string | undefined {
  if (at === undefined) return undefined;
  return new Date(Math.min(Date.parse(at), now)).toISOString();
}
