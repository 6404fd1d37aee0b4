/**
 * Loads the demo data set through the ordinary import (origin `demo`), and removes it in one go.
 */
import { importText, type ImportOptions, type ImportSummary } from '../import';
import { deleteEventsByOrigin } from '../store/events';
import { deleteProspectsByOrigin } from '../store/prospects';
import { DEMO_ORIGIN, demoDataset } from './dataset';

export interface LoadDemoOptions extends Pick<ImportOptions, 'signal' | 'onProgress'> {
  /** Dates in the set are relative to this instant (the caller passes `clock.now()`). */
  now: number;
}

export function loadDemoData({ now, signal, onProgress }: LoadDemoOptions): Promise<ImportSummary> {
  return importText(demoDataset(now).csv, 'demo.csv', { origin: DEMO_ORIGIN, signal, onProgress });
}

/** Events first: were it interrupted between the two, no event would be left without its prospect. */
export async function removeDemoData(): Promise<{ events: number; prospects: number }> {
  const events = await deleteEventsByOrigin(DEMO_ORIGIN);
  const prospects = await deleteProspectsByOrigin(DEMO_ORIGIN);
  return { events, prospects };
}
