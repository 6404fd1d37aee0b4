import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { setClock } from '@/lib/clock';
import { closeDbForTests, db } from '@/lib/store/db';
import type { EngagementEvent } from '@/lib/model/engagement';
import type { Prospect } from '@/lib/model/prospect';
import { PENDING_IMPORT_PREFIX } from '@/lib/store/import-batch';
import { csvRecords } from '@/lib/import/csv-records';
import type { TextChunk } from '@/lib/import/text-chunks';
import { storedEvents } from '../support/events';
import { addToSummary, emptySummary, forgetKeptEvents, fromStored, type DailySummary } from '@/lib/store/summary';

// Vitest runs from the project root.
const FIXTURES = join(process.cwd(), 'tests/fixtures/import/');

/**
 * For a test file: lib/clock.ts answers `time.ms`, which each test starts at `start` and may move; the
 * database is closed after each test.
 */
export function testClock(start: number): { ms: number } {
  const time = { ms: start };
  let restore = () => {};
  beforeEach(() => {
    time.ms = start;
    restore = setClock(() => time.ms);
  });
  afterEach(async () => {
    restore();
    await closeDbForTests();
  });
  return time;
}

/** A fixture as the options page would get it: a File of raw bytes (BOM and line breaks untouched). */
export function fixtureFile(name: string): File {
  return new File([readFileSync(FIXTURES + name)], name);
}

export function fixtureExpectation(name: string): Record<string, unknown> {
  const { _about, ...expected } = JSON.parse(readFileSync(FIXTURES + name, 'utf8')) as Record<string, unknown>;
  return expected;
}

export async function allEvents(): Promise<EngagementEvent[]> {
  return storedEvents();
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

/** `text` as a file read in pieces cut at `cuts` (duplicates and out-of-range cuts ignored). */
export async function* pieces(text: string, cuts: number[]): AsyncGenerator<TextChunk> {
  let at = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (cut <= at || cut >= text.length) continue;
    yield { text: text.slice(at, cut), bytesRead: cut };
    at = cut;
  }
  yield { text: text.slice(at), bytesRead: text.length };
}

/** Every record the CSV reader gives for `text` read in pieces cut at `cuts`. */
export async function csvRecordsOf(text: string, cuts: number[] = []) {
  const out = [];
  for await (const piece of csvRecords(pieces(text, cuts))) out.push(...piece.records);
  return out;
}
