import { SOURCE_KINDS } from '../connectors/catalog';
import { z } from './zod';

export const ENGAGEMENT_TYPES = [
  'email_sent',
  'email_open',
  'email_click',
  'email_reply',
  'email_bounce',
  'unsubscribe',
  'page_view',
  'form_submit',
  'content_download',
  'webinar_registered',
  'webinar_attended',
  'event_attended',
  'ad_click',
  'social',
  'score_change',
  'stage_change',
  'other',
] as const;

export const EngagementType = z.enum(ENGAGEMENT_TYPES);
export type EngagementType = z.infer<typeof EngagementType>;

/** Where a record came from: the local store (imports, demo data) or a CRM connector that looks people up. */
export const SourceKind = z.enum(['local', ...SOURCE_KINDS]);
export type SourceKind = z.infer<typeof SourceKind>;

const isoDate = z.iso.datetime({ offset: true });

export const EngagementEvent = z.object({
  /** Stable: `<source>:<external id>`, or `local:<content hash>` for imports, so re-imports never duplicate. */
  id: z.string().min(1).max(200),
  prospectKey: z.string().min(1).max(320),
  source: SourceKind,
  type: EngagementType,
  occurredAt: isoDate,
  title: z.string().max(500).optional(),
  url: z.string().max(2000).optional(),
  campaign: z.string().max(300).optional(),
  channel: z.string().max(100).optional(),
  /** The import file or demo set that brought this event, so demo data can be removed in one click. */
  origin: z.string().max(100).optional(),
});
export type EngagementEvent = z.infer<typeof EngagementEvent>;
