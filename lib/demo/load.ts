/**
 * Loads the demo data set through the ordinary import (origin `demo`), and removes it in one go.
 */
import { importText, type ImportOptions, type ImportSummary } from '../import';
import { deleteEventsByOrigin } from '../store/events';
import { deleteProspectsByOrigin } from '../store/prospects';
import { DEMO_ORIGIN, demoDataset } from './dataset';
import { addDemoActions, deleteDemoActions } from './feedback';

export interface LoadDemoOptions extends Pick<ImportOptions, 'signal' | 'onProgress'> {
  /** Dates in the set are relative to this instant (the caller passes `clock.now()`). */
  now: number;
}

/** The events (and people) through the import, then the demo's lead feedback once they are in. */
export async function loadDemoData({ now, signal, onProgress }: LoadDemoOptions): Promise<ImportSummary> {
  const summary = await importText(demoDataset(now).csv, 'demo.csv', { origin: DEMO_ORIGIN, signal, onProgress });
  if (!signal?.aborted) await addDemoActions(now);
  return summary;
}

/** Events first: were it interrupted between the two, no event would be left without its prospect. */
export async function removeDemoData(): Promise<{ events: number; prospects: number; actions: number }> {
  const events = await deleteEventsByOrigin(DEMO_ORIGIN);
  const prospects = await deleteProspectsByOrigin(DEMO_ORIGIN);
  const actions = await deleteDemoActions();
  return { events, prospects, actions };
}
