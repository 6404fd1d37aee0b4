/**
 * A Mautic contacts export (CSV, header of field aliases). Its columns become prospect fields
 * (`points` is the lead score, `position` the job title — Mautic's own `title` is a salutation and
 * is not imported); `last_active` is its one dated fact, stored as an `other` event so the person's
 * last touch is right.
 */
import { parseImportDate } from './dates';
import { type Cells, cell, identify, importedEvent, lifecycleStage, type MappedRow, RowChecks, score, text } from './rows';
import { clip } from './reasons';

export const MAUTIC_COLUMNS = ['id', 'firstname', 'lastname', 'email', 'company', 'position', 'points', 'stage', 'owner', 'linkedin', 'last_active'];

/** Columns that only a Mautic export has. */
export const MAUTIC_MARKERS = ['firstname', 'lastname', 'points', 'date_identified', 'last_active'];

export function mapMautic(cells: Cells, origin: string): MappedRow {
  const checks = new RowChecks();
  // Mautic's social field often holds just the profile name: read that as the profile it names.
  const linkedin = cell(cells, 'linkedin');
  const profile = /^[\p{L}\p{N}_%-]+$/u.test(linkedin) ? `linkedin.com/in/${linkedin}` : linkedin;
  const person = checks.take(() => identify(cell(cells, 'email'), profile, { email: 'email', linkedin: 'linkedin' }));
  const name = [cell(cells, 'firstname'), cell(cells, 'lastname')].filter(Boolean).join(' ');
  const id = checks.take(() => text(cell(cells, 'id'), 'id', 200));
  const prospect = {
    ...person!,
    name: checks.take(() => text(name, 'firstname + lastname', 300)),
    company: checks.take(() => text(cell(cells, 'company'), 'company', 300)),
    title: checks.take(() => text(cell(cells, 'position'), 'position', 300)),
    lifecycleStage: checks.take(() => lifecycleStage(cell(cells, 'stage'), 'stage')),
    leadScore: checks.take(() => score(cell(cells, 'points'), 'points')),
    owner: checks.take(() => text(cell(cells, 'owner'), 'owner', 200)),
    refs: id ? [{ source: 'mautic' as const, externalId: id }] : [],
    origin,
  };
  const rawActive = cell(cells, 'last_active');
  const occurredAt = rawActive ? parseImportDate(rawActive) : undefined;
  if (rawActive && !occurredAt) checks.refuse('importReason_notDate', 'last_active', clip(rawActive));
  checks.done();
  if (!occurredAt) return { prospect, events: [] };
  const event = importedEvent({ prospectKey: person!.key, type: 'other', occurredAt, title: 'Active in Mautic', channel: 'Mautic export' }, origin);
  return { prospect, events: [event] };
}
