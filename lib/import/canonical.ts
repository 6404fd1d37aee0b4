/**
 * The canonical import format (README, "Canonical import format"): one row per event, prospect columns repeated on any row.
 * A row without `event_type` only describes the person.
 */
import { ENGAGEMENT_TYPES, type EngagementType } from '../model/engagement';
import { parseImportDate } from './dates';
import { type Cells, cell, identify, importedEvent, lifecycleStage, type MappedRow, quote, RowRejected, score, text } from './rows';

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
] as const;

const TYPES = new Set<string>(ENGAGEMENT_TYPES);

export function mapCanonical(cells: Cells, origin: string): MappedRow {
  const person = identify(cell(cells, 'email'), cell(cells, 'linkedin_url'), { email: 'email', linkedin: 'linkedin_url' });
  const prospect = {
    ...person,
    name: text(cell(cells, 'name'), 'name', 300),
    company: text(cell(cells, 'company'), 'company', 300),
    title: text(cell(cells, 'title'), 'title', 300),
    lifecycleStage: lifecycleStage(cell(cells, 'lifecycle_stage'), 'lifecycle_stage'),
    leadScore: score(cell(cells, 'lead_score'), 'lead_score'),
    origin,
  };

  const rawType = cell(cells, 'event_type');
  if (!rawType) return { prospect, events: [] };
  const type = rawType.toLowerCase();
  if (!TYPES.has(type)) throw new RowRejected(`event_type ${quote(rawType)} is not one of ${ENGAGEMENT_TYPES.join(', ')}`);
  const rawDate = cell(cells, 'occurred_at');
  if (!rawDate) throw new RowRejected(`an event needs occurred_at`);
  const occurredAt = parseImportDate(rawDate);
  if (!occurredAt) throw new RowRejected(`occurred_at ${quote(rawDate)} is not a date`);
  const event = importedEvent(
    {
      prospectKey: person.key,
      type: type as EngagementType,
      occurredAt,
      title: text(cell(cells, 'event_title'), 'event_title', 500),
      url: text(cell(cells, 'event_url'), 'event_url', 2000),
      campaign: text(cell(cells, 'campaign'), 'campaign', 300),
      channel: text(cell(cells, 'channel'), 'channel', 100),
      source: text(cell(cells, 'source'), 'source', 100),
    },
    origin,
  );
  return { prospect, events: [event] };
}
