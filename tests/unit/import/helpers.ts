import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { db } from '@/lib/store/db';
import type { EngagementEvent } from '@/lib/model/engagement';
import type { Prospect } from '@/lib/model/prospect';

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
