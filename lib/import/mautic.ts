/**
 * A Mautic contacts export (CSV, header of field aliases). Its columns become prospect fields
 * (`points` is the lead score, `position` the job title — Mautic's own `title` is a salutation and
 * is not imported); `last_active` is its one dated fact, stored as an `other` event so the person's
 * last touch is right.
 */
import { parseImportDate } from './dates';
import { type Cells, cell, identify, importedEvent, lifecycleStage, type MappedRow, quote, RowRejected, score, text } from './rows';

export const MAUTIC_COLUMNS = ['id', 'firstname', 'lastname', 'email', 'company', 'position', 'points', 'stage', 'owner', 'linkedin', 'last_active'];

/** Columns that only a Mautic export has. */
export const MAUTIC_MARKERS = ['firstname', 'lastname', 'points', 'date_identified', 'last_active'];

export function mapMautic(cells: Cells, origin: string): MappedRow {
  // Mautic's social field often holds just the profile name: read that as the profile it names.
  const linkedin = cell(cells, 'linkedin');
  const profile = /^[\p{L}\p{N}_%-]+$/u.test(linkedin) ? `linkedin.com/in/${linkedin}` : linkedin;
  const person = identify(cell(cells, 'email'), profile, { email: 'email', linkedin: 'linkedin' });
  const name = [cell(cells, 'firstname'), cell(cells, 'lastname')].filter(Boolean).join(' ');
  const id = cell(cells, 'id');
  const prospect = {
    ...person,
    name: text(name, 'firstname + lastname', 300),
    company: text(cell(cells, 'company'), 'company', 300),
    title: text(cell(cells, 'position'), 'position', 300),
    lifecycleStage: lifecycleStage(cell(cells, 'stage'), 'stage'),
    leadScore: score(cell(cells, 'points'), 'points'),
    owner: text(cell(cells, 'owner'), 'owner', 200),
    refs: id ? [{ source: 'mautic' as const, externalId: text(id, 'id', 200)! }] : [],
    origin,
  };
  const rawActive = cell(cells, 'last_active');
  if (!rawActive) return { prospect, events: [] };
  const occurredAt = parseImportDate(rawActive);
  if (!occurredAt) throw new RowRejected(`last_active ${quote(rawActive)} is not a date`);
  const event = importedEvent({ prospectKey: person.key, type: 'other', occurredAt, title: 'Active in Mautic', channel: 'Mautic export' }, origin);
  return { prospect, events: [event] };
}
