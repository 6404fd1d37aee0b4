/**
 * A HubSpot contacts export (CSV, header of property labels). One row per contact: its columns
 * become prospect fields, and the dated facts it holds become events — the most HubSpot's export
 * says about single events. Count columns ("Marketing emails opened") are all-time totals with no
 * date; they have no place in the local store and are reported as columns not imported.
 * Labels are matched lower-cased.
 */
import type { EngagementType } from '../model/engagement';
import { parseImportDate } from './dates';
import { type Cells, cell, identify, importedEvent, lifecycleStage, type MappedRow, RowChecks, score, text } from './rows';
import { clip } from './reasons';

/** Date column → the event it records, and the column that names it (if any). */
const DATED_FACTS: { date: string; type: EngagementType; titleFrom?: string; title?: string }[] = [
  { date: 'recent conversion date', type: 'form_submit', titleFrom: 'recent conversion' },
  { date: 'first conversion date', type: 'form_submit', titleFrom: 'first conversion' },
  { date: 'last marketing email send date', type: 'email_sent', titleFrom: 'last marketing email name' },
  { date: 'last marketing email open date', type: 'email_open', title: 'Marketing email opened' },
  { date: 'last marketing email click date', type: 'email_click', title: 'Marketing email clicked' },
];

export const HUBSPOT_COLUMNS = [
  'record id',
  'first name',
  'last name',
  'email',
  'company name',
  'job title',
  'lifecycle stage',
  'hubspot score',
  'contact owner',
  'linkedin url',
  ...DATED_FACTS.flatMap((f) => (f.titleFrom ? [f.date, f.titleFrom] : [f.date])),
];

/** Columns that only a HubSpot export has (a canonical file never does). */
export const HUBSPOT_MARKERS = ['record id', 'first name', 'company name', 'job title', 'lifecycle stage', 'hubspot score', 'contact owner'];

export function mapHubspot(cells: Cells, origin: string): MappedRow {
  const checks = new RowChecks();
  const person = checks.take(() => identify(cell(cells, 'email'), cell(cells, 'linkedin url'), { email: 'Email', linkedin: 'LinkedIn URL' }));
  const name = [cell(cells, 'first name'), cell(cells, 'last name')].filter(Boolean).join(' ');
  const recordId = checks.take(() => text(cell(cells, 'record id'), 'Record ID', 200));
  const prospect = {
    ...person!,
    name: checks.take(() => text(name, 'First Name + Last Name', 300)),
    company: checks.take(() => text(cell(cells, 'company name'), 'Company Name', 300)),
    title: checks.take(() => text(cell(cells, 'job title'), 'Job Title', 300)),
    lifecycleStage: checks.take(() => lifecycleStage(cell(cells, 'lifecycle stage'), 'Lifecycle Stage')),
    leadScore: checks.take(() => score(cell(cells, 'hubspot score'), 'HubSpot Score')),
    owner: checks.take(() => text(cell(cells, 'contact owner'), 'Contact owner', 200)),
    refs: recordId ? [{ source: 'hubspot' as const, externalId: recordId }] : [],
    origin,
  };
  const facts = DATED_FACTS.flatMap((fact) => {
    const raw = cell(cells, fact.date);
    if (!raw) return [];
    const occurredAt = parseImportDate(raw);
    if (!occurredAt) checks.refuse('importReason_notDate', label(fact.date), clip(raw));
    const title = fact.titleFrom ? checks.take(() => text(cell(cells, fact.titleFrom!), label(fact.titleFrom!), 500)) : fact.title;
    return occurredAt ? [{ type: fact.type, occurredAt, title }] : [];
  });
  checks.done();
  const events = facts.map((fact) => importedEvent({ prospectKey: person!.key, ...fact, channel: 'HubSpot export' }, origin));
  return { prospect, events };
}

/** "recent conversion date" → "Recent Conversion Date", as the export's header spells it. */
function label(column: string): string {
  return column.replace(/\b\w/g, (c) => c.toUpperCase());
}
