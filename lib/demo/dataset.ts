/**
 * The demo data set in the canonical import format, so it goes through the same import as a
 * user's file. Deterministic: the same `now` gives the same file, byte for byte.
 */
import { CANONICAL_COLUMNS } from '../import/canonical';
import { generateCrowd } from './crowd';
import { NAMED_PEOPLE, type DemoEvent, type ScriptedPerson } from './people';
import { seededRandom } from './random';

export const DEMO_ORIGIN = 'demo';
const SEED = 0x5eed_2026;
const CROWD_SIZE = 300;
const HOUR_MS = 3_600_000;

type Column = (typeof CANONICAL_COLUMNS)[number];
export type DemoRow = Record<Column, string>;

export interface DemoDataset {
  csv: string;
  rows: DemoRow[];
}

export function demoDataset(now: number): DemoDataset {
  const people = [...NAMED_PEOPLE, ...generateCrowd(seededRandom(SEED), { people: CROWD_SIZE })];
  const rows = people.flatMap((p) => p.events.map((e) => toRow(p, e, now)));
  const csv = [CANONICAL_COLUMNS.join(','), ...rows.map((row) => CANONICAL_COLUMNS.map((c) => csvCell(row[c])).join(','))].join('\n') + '\n';
  return { csv, rows };
}

function toRow({ person }: ScriptedPerson, event: DemoEvent, now: number): DemoRow {
  const at = now - (event.daysAgo * 24 + (event.hoursAgo ?? 0)) * HOUR_MS;
  return {
    email: person.email ?? '',
    name: person.name,
    company: person.company,
    title: person.title,
    linkedin_url: person.linkedinUrl ?? '',
    lifecycle_stage: person.lifecycleStage,
    lead_score: String(person.leadScore),
    event_type: event.type,
    // Whole minutes: the file reads like an export, and the ids do not depend on milliseconds of `now`.
    occurred_at: new Date(Math.floor(at / 60_000) * 60_000).toISOString(),
    event_title: event.title ?? '',
    event_url: event.url ?? '',
    campaign: event.campaign ?? '',
    channel: event.channel ?? '',
    source: 'demo',
    event_id: '',
  };
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
