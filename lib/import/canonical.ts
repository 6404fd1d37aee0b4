/**
 * The canonical import format (README, "Canonical import format"): one row per event, prospect columns repeated on any row.
 * A row without `event_type` only describes the person.
 */
import { ENGAGEMENT_TYPES, type EngagementType } from '../model/engagement';
import { parseImportDate } from './dates';
import { type Cells, cell, exportedPersonKey, identify, importedEvent, lifecycleStage, type MappedRow, nearest, RowChecks, score, text } from './rows';
import { clip } from './reasons';

export const CANONICAL_COLUMNS = [
  'email',
  'name',
  'company',
  'title',
  'linkedin_url',
  'lifecycle_stage',
  'lead_score',
  'event_type',
  'occurred_at',
  'event_title',
  'event_url',
  'campaign',
  'channel',
  'source',
  // Written by the events export (lib/data/export.ts) so that importing it again adds nothing.
  'event_id',
] as const;

const TYPES = new Set<string>(ENGAGEMENT_TYPES);

export function mapCanonical(cells: Cells, origin: string): MappedRow {
  const checks = new RowChecks();
  const person = checks.take(() => identify(cell(cells, 'email'), cell(cells, 'linkedin_url'), { email: 'email', linkedin: 'linkedin_url' }));
  const prospect = {
    ...person!,
    name: checks.take(() => text(cell(cells, 'name'), 'name', 300)),
    company: checks.take(() => text(cell(cells, 'company'), 'company', 300)),
    title: checks.take(() => text(cell(cells, 'title'), 'title', 300)),
    lifecycleStage: checks.take(() => lifecycleStage(cell(cells, 'lifecycle_stage'), 'lifecycle_stage')),
    leadScore: checks.take(() => score(cell(cells, 'lead_score'), 'lead_score')),
    origin,
  };

  const rawType = cell(cells, 'event_type');
  if (!rawType) {
    checks.done();
    return { prospect, events: [] };
  }
  const type = rawType.toLowerCase();
  if (!TYPES.has(type)) {
    const meant = nearest(rawType, ENGAGEMENT_TYPES);
    if (meant) checks.refuse('importReason_eventTypeMeant', clip(rawType), meant);
    else checks.refuse('importReason_eventType', clip(rawType));
  }
  const rawDate = cell(cells, 'occurred_at');
  const occurredAt = rawDate ? parseImportDate(rawDate) : undefined;
  if (!rawDate) checks.refuse('importReason_needsDate');
  else if (!occurredAt) checks.refuse('importReason_notDate', 'occurred_at', clip(rawDate));
  const facts = {
    title: checks.take(() => text(cell(cells, 'event_title'), 'event_title', 500)),
    url: checks.take(() => text(cell(cells, 'event_url'), 'event_url', 2000)),
    campaign: checks.take(() => text(cell(cells, 'campaign'), 'campaign', 300)),
    channel: checks.take(() => text(cell(cells, 'channel'), 'channel', 100)),
    source: checks.take(() => text(cell(cells, 'source'), 'source', 100)),
    // Only an id the export wrote for this row's person, type and time counts (rows.ts, `exportedIdOf`).
    exportedId: cell(cells, 'event_id') || undefined,
  };
  checks.done();
  const row = { type: type as EngagementType, occurredAt: occurredAt!, ...facts };
  // A LinkedIn-keyed person's row in the events export, though it has an address (rows.ts).
  const key = exportedPersonKey(person!, row);
  // The person's columns on an event row are as of that event: the newest wins (write-batch.ts).
  return { prospect: { ...prospect, key }, events: [importedEvent({ prospectKey: key, ...row }, origin)], asOf: row.occurredAt };
}
