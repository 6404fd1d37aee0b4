import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { db } from '@/lib/store/db';
import type { EngagementEvent } from '@/lib/model/engagement';
import type { Prospect } from '@/lib/model/prospect';
import { PENDING_IMPORT_PREFIX } from '@/lib/store/import-batch';
import { addToSummary, emptySummary, forgetKeptEvents, fromStored, type DailySummary } from '@/lib/store/summary';

// Vitest runs from the project root.
const FIXTURES = join(process.cwd(), 'tests/fixtures/import/');

/** A fixture as the options page would get it: a File of raw bytes (BOM and line breaks untouched). */
export function fixtureFile(name: string): File {
  return new File([readFileSync(FIXTURES + name)], name);
}

export function fixtureExpectation(name: string): Record<string, unknown> {
  const { _about, ...expected } = JSON.parse(readFileSync(FIXTURES + name, 'utf8')) as Record<string, unknown>;
  return expected;
}

export async function allEvents(): Promise<EngagementEvent[]> {
  return (await db()).getAll('events');
}

export async function allProspects(): Promise<Prospect[]> {
  return (await db()).getAll('prospects');
}

/** A canonical CSV from rows of cells, header first. */
export function csv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.join(',')).join('\n') + '\n';
}

/** Every stored summary, by prospect key. */
export async function allSummaries(): Promise<Map<string, DailySummary>> {
  return new Map((await (await db()).getAll('summaries')).map((s) => [s.prospectKey, fromStored(s)]));
}

/**
 * The summaries the stored events call for, computed from the events alone: the counts, and the newest
 * and oldest events for each stored summary that keeps them (one that keeps none is right to: its
 * person's first lookup stores them; lib/store/summary.ts).
 */
export async function summariesFromEvents(): Promise<Map<string, DailySummary>> {
  const stored = await allSummaries();
  const out = new Map<string, DailySummary>();
  for (const event of await allEvents()) {
    let summary = out.get(event.prospectKey);
    if (!summary) out.set(event.prospectKey, (summary = emptySummary(event.prospectKey)));
    addToSummary(summary, event, 1);
  }
  for (const [key, summary] of out) if (!stored.get(key)?.latest) forgetKeptEvents(summary);
  return out;
}

/** Markers of imports whose summaries are not all written (lib/store/import-batch.ts). */
export async function pendingImportMarkers(): Promise<string[]> {
  const keys = await (await db()).getAllKeys('config');
  return keys.filter((k) => k.startsWith(PENDING_IMPORT_PREFIX));
}
