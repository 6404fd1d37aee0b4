/**
 * Loads the demo data set through the ordinary import (origin `demo`), and removes it in one go.
 */
import { importText, type ImportOptions, type ImportSummary } from '../import';
import { deleteEventsByOrigin, ImportRunningError } from '../store/events';
import { importRunning, repairStaleImports } from '../store/import-repair';
import { deleteProspectsByOrigin, upsertProspects } from '../store/prospects';
import { DEMO_ORIGIN, demoDataset } from './dataset';
import { addDemoActions, deleteDemoActions } from './feedback';
import { NAMED_PEOPLE } from './people';

export interface LoadDemoOptions extends Pick<ImportOptions, 'signal' | 'onProgress'> {
  /** Dates in the set are relative to this instant (the caller passes `clock.now()`). */
  now: number;
}

/** The events (and people) through the import, then what the format cannot carry, then the demo's lead feedback. */
export async function loadDemoData({ now, signal, onProgress }: LoadDemoOptions): Promise<ImportSummary> {
  const summary = await importText(demoDataset(now).csv, 'demo.csv', { origin: DEMO_ORIGIN, signal, onProgress });
  // A CRM-shaped person's owner, which the import format has no column for, and its stage as the CRM
  // words it (the import normalises stages to HubSpot's words: "Working - Contacted" would lose its dash).
  const owned = NAMED_PEOPLE.flatMap(({ person }) =>
    person.email && (person.owner || person.crmStage)
      ? [{ key: person.email, origin: DEMO_ORIGIN, ...(person.owner ? { owner: person.owner } : {}), ...(person.crmStage ? { lifecycleStage: person.crmStage } : {}) }]
      : [],
  );
  if (owned.length > 0) await upsertProspects(owned);
  if (!signal?.aborted) await addDemoActions(now);
  return summary;
}

/**
 * Events first: were it interrupted between the two, no event would be left without its prospect.
 * Refused while the demo may still be loading (ImportRunningError from deleteEventsByOrigin, nothing
 * removed). A load that died first has its people's counts put right, so that the deletion takes out
 * only events its summaries count.
 */
export async function removeDemoData(): Promise<{ events: number; prospects: number; actions: number }> {
  // Asked before the repair too: a repair takes every marker, the running load's as well.
  if (await importRunning(DEMO_ORIGIN)) throw new ImportRunningError(DEMO_ORIGIN);
  await repairStaleImports();
  const events = await deleteEventsByOrigin(DEMO_ORIGIN);
  const prospects = await deleteProspectsByOrigin(DEMO_ORIGIN);
  const actions = await deleteDemoActions();
  return { events, prospects, actions };
}
