/**
 * Loads the demo data set through the ordinary import (origin `demo`), and removes it in one go.
 */
import { importText, type ImportOptions, type ImportSummary } from '../import';
import { assertSameDatabase, databaseMark, db } from '../store/db';
import { deleteEventsByOrigin, ImportRunningError } from '../store/events';
import { importRunning, repairStaleImports } from '../store/import-repair';
import { deleteProspectsByOrigin, upsertProspects } from '../store/prospects';
import { DEMO_ORIGIN, demoDataset } from './dataset';
import { addDemoActions, deleteDemoActions } from './feedback';
import { NAMED_PEOPLE } from './people';

export interface LoadDemoOptions extends Pick<ImportOptions, 'signal' | 'onProgress'> {
  /** Dates in the set are relative to this instant (the caller passes `clock.now()`); loaded again, to the first load's. */
  now: number;
}

/** The instant the loaded demo's times count back from (a `config` record, kept until Remove demo). */
const LOADED_AT_ID = 'demoLoadedAt';

export interface DemoSummary extends ImportSummary {
  /**
   * The demo's people stored once the load is done. Not `prospectsUpserted`: loaded a second time the
   * import writes no one, and the welcome page said "Demo data loaded: 0 people."
   */
  demoPeople: number;
}

/** The events (and people) through the import, then what the format cannot carry, then the demo's lead feedback. */
export async function loadDemoData({ now: asked, signal, onProgress }: LoadDemoOptions): Promise<DemoSummary> {
  // "Delete everything" meanwhile stops the load (DatabaseErasedError), the import's batches and the
  // steps around them alike: none of it goes into the new database.
  const mark = databaseMark();
  const now = await loadedAt(asked, mark);
  const summary = await importText(demoDataset(now).csv, 'demo.csv', { origin: DEMO_ORIGIN, signal, onProgress, databaseMark: mark });
  assertSameDatabase(mark);
  // A CRM-shaped person's owner, which the import format has no column for, and its stage as the CRM
  // words it (the import normalises stages to HubSpot's words: "Working - Contacted" would lose its dash).
  const owned = NAMED_PEOPLE.flatMap(({ person }) =>
    person.email && (person.owner || person.crmStage)
      ? [{ key: person.email, origin: DEMO_ORIGIN, ...(person.owner ? { owner: person.owner } : {}), ...(person.crmStage ? { lifecycleStage: person.crmStage } : {}) }]
      : [],
  );
  if (owned.length > 0) await upsertProspects(owned);
  assertSameDatabase(mark);
  if (!signal?.aborted) await addDemoActions(now);
  return { ...summary, demoPeople: await (await db()).countFromIndex('prospects', 'byOrigin', DEMO_ORIGIN) };
}

/**
 * Events first: were it interrupted between the two, no event would be left without its prospect.
 * Refused while the demo may still be loading (ImportRunningError from deleteEventsByOrigin, nothing
 * removed). A load that died first has its people's counts put right, so that the deletion takes out
 * only events its summaries count.
 */
export async function removeDemoData(): Promise<{ events: number; prospects: number; actions: number }> {
  const events = await deleteDemoEvents();
  const prospects = await deleteProspectsByOrigin(DEMO_ORIGIN);
  const actions = await deleteDemoActions();
  await (await db()).delete('config', LOADED_AT_ID);
  return { events, prospects, actions };
}

/**
 * The set's times, and so its events' ids, follow `now`: loaded again later (Welcome, then Options)
 * it would add every event a second time. So every load after the first uses the first one's instant,
 * and finds its events there. Demo events with no instant kept are from a version that kept none:
 * their times are unknown, so they are removed first (refused, like Remove demo, while a demo load may
 * still be running). Only events of origin `demo` are removed; people and actions stay.
 */
async function loadedAt(now: number, mark: number): Promise<number> {
  const kept = (await (await db()).get('config', LOADED_AT_ID))?.value;
  if (typeof kept === 'number') return kept;
  await deleteDemoEvents();
  assertSameDatabase(mark);
  await (await db()).put('config', { id: LOADED_AT_ID, value: now, updatedAt: new Date(now).toISOString() });
  return now;
}

/** The demo's events, unless a demo load may still be running (ImportRunningError, nothing removed). */
async function deleteDemoEvents(): Promise<number> {
  // Asked before the repair too: a repair takes every marker, the running load's as well.
  if (await importRunning(DEMO_ORIGIN)) throw new ImportRunningError(DEMO_ORIGIN);
  await repairStaleImports();
  return deleteEventsByOrigin(DEMO_ORIGIN);
}
