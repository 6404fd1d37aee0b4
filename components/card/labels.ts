/**
 * Words and glyphs for the canonical values the background sends. Glyphs are decoration
 * (aria-hidden); the words next to them carry the meaning.
 */
import type { LeadRejectReason, SalesAction, StoredActionType, SyncStateName } from '@/lib/model/action';
import type { EngagementType, SourceKind } from '@/lib/model/engagement';
import type { Heat, JourneyStage, ProspectView } from '@/lib/model/view';
import { type MessageKey, t } from '../i18n';

export const EVENT_ICONS: Record<EngagementType, string> = {
  email_sent: '✉',
  email_open: '✉',
  email_click: '↗',
  email_reply: '↩',
  email_bounce: '↯',
  unsubscribe: '⊘',
  page_view: '◉',
  form_submit: '▤',
  content_download: '⤓',
  webinar_registered: '▷',
  webinar_attended: '▶',
  event_attended: '★',
  ad_click: '◆',
  social: '♯',
  score_change: '±',
  stage_change: '⇧',
  other: '•',
};

export const ACTION_ICONS: Record<StoredActionType, string> = {
  call: '☎',
  email: '✉',
  meeting: '◎',
  note: '✎',
  task: '☐',
  stage_change: '⇧',
  lead_feedback: '⇄',
  crm_create: '＋',
};

export const SYNC_ICONS: Record<SyncStateName, string> = { pending: '◷', inflight: '◷', done: '✓', dead: '⚠' };

/** What the person did, as a verb phrase: "Opened email". */
export const eventLabel = (type: EngagementType) => t(`event_${type}`);
/** A column label for counts: "Opens". */
export const countLabel = (type: EngagementType) => t(`count_${type}`);
export const actionLabel = (type: StoredActionType) => t(`action_${type}`);
export const syncLabel = (state: SyncStateName) => t(`sync_${state}`);

/**
 * Where a logged action stands, in words a rep can trust: with no CRM or webhook connected an action is
 * "done" the moment it is saved, but it never left this browser, so it is not called synced.
 */
export function deliveryLabel(action: Pick<SalesAction, 'sync'>): { text: string; icon: string } {
  if (action.sync.state === 'done' && action.sync.destination === 'local') return { text: t('sync_local'), icon: '' };
  return { text: syncLabel(action.sync.state), icon: SYNC_ICONS[action.sync.state] };
}

/** Marketing hears of feedback and stage changes only through a CRM or webhook. */
export const reachesMarketingOnlyWhenSynced = (action: Pick<SalesAction, 'type' | 'sync'>) =>
  action.sync.destination === 'local' && (action.type === 'lead_feedback' || action.type === 'stage_change');
/** A lead feedback in words: "Accepted", "Rejected: not a fit" (the card's header, the popup's rows). */
export function verdictLabel({ verdict, reason }: { verdict: 'accepted' | 'rejected'; reason?: LeadRejectReason }): string {
  if (verdict === 'accepted') return t('verdict_accepted');
  return reason ? t('verdict_rejected', t(`verdict_reason_${reason}`)) : t('verdict_rejectedNoReason');
}

/**
 * A logged outcome in words, as the log form offers it ("Left voicemail"): the card's lanes and the
 * popup's list say the same. An outcome the form does not know is shown as the rep wrote it.
 */
export function outcomeLabel(outcome: string): string {
  const key = `popup_outcome_${outcome}` as MessageKey;
  const label = t(key);
  return label === key ? outcome : label;
}

export const heatLabel = (heat: Heat) => t(`heat_${heat}`);
export const journeyLabel = (stage: JourneyStage) => t(`journey_${stage}`);

/**
 * A source's name: the local store's is translated; a CRM's is its product name, which the background
 * sends with the card (`view.sourceNames`).
 */
export function sourceName(source: SourceKind, names: ProspectView['sourceNames']): string {
  if (source === 'local') return t('sourceLocal');
  return names?.[source] ?? source;
}

/**
 * Lifecycle stages arrive lower-case as the CRM stores them (HubSpot's internal values included);
 * the common ones get their usual names, anything else is shown with a capital letter.
 */
const STAGE_NAMES: Record<string, string> = {
  marketingqualifiedlead: 'MQL',
  salesqualifiedlead: 'SQL',
};
export function stageLabel(stage: string): string {
  const known = STAGE_NAMES[stage.toLowerCase()];
  if (known) return known;
  return stage.charAt(0).toUpperCase() + stage.slice(1).replace(/_/g, ' ');
}

/** Every engagement type in display order (the order of EVENT_ICONS), without importing the zod enum. */
export const EVENT_TYPES = Object.keys(EVENT_ICONS) as EngagementType[];

/** Privacy proxies and link scanners open and click emails too, so these counts are labelled approximate. */
export const APPROXIMATE_TYPES: ReadonlySet<EngagementType> = new Set(['email_open', 'email_click']);
