import type { ActionType, SalesAction, StoredActionType } from '@/lib/model/action';
import type { CrmStatus, SalesActivity } from '@/lib/model/view';
import { clock } from '@/lib/clock';
import { errorShown } from '@/lib/sync/waits';
import { t } from '../i18n';
import { relativeTime } from '../time';
import { useShowAll } from './ShowAll';
import { ACTION_ICONS, actionLabel, deliveryLabel, outcomeLabel, reachesMarketingOnlyWhenSynced } from './labels';

/** At most this many items in the lane; the CRM gives at most 20 of its own. */
const LANE_MAX = 25;
/** Activity that reached the person: what "last contacted" counts (a note or a task is not contact). */
const CONTACT_TYPES = new Set<string>(['call', 'email', 'meeting']);

type LaneItem = { at: string; by: string; type: string } & ({ own: SalesAction } | { crm: SalesActivity });

export interface SalesLaneProps {
  actions: SalesAction[];
  activity?: SalesActivity[];
  owner?: string;
  crm?: CrmStatus;
  now?: number;
  onRetryAction(id: string): void;
  /** The heading level of the lane's title: one below the card's. */
  level?: 3 | 4;
}

/**
 * The sales lane ("Your team"): who owns the person and who last contacted them, then every sales
 * item newest first — the rep's own logged actions (with whether each reached the CRM) and the team's
 * activity from the CRMs (HubSpot, Mautic, Salesforce), each with its author.
 */
export function TeamActions({ actions, activity = [], owner, crm, now = clock.now(), onRetryAction, level = 4 }: SalesLaneProps) {
  const you = t('authorYou');
  const colleague = t('authorColleague');
  const items: LaneItem[] = [
    ...actions.map((own) => ({ own, at: own.occurredAt, by: you, type: laneType(own.type) })),
    ...activity.map((crm) => ({ crm, at: crm.at, by: crm.author ?? '', type: crm.type })),
  ]
    .filter((item) => !Number.isNaN(Date.parse(item.at)))
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, LANE_MAX);
  const last = items.find((item) => CONTACT_TYPES.has(item.type) && Date.parse(item.at) <= now);
  const fold = useShowAll(items.length);
  if (items.length === 0 && !owner && !crm) return null;
  const Label = `h${level}` as const;
  return (
    <section class="pl-section pl-lane" data-lane="sales">
      <Label class="pl-label">{t('yourTeam')}</Label>
      {(
        [
          ['owner', 'ownerLabel', owner],
          ['lead-status', 'leadStatusLabel', crm?.leadStatus],
          ['rating', 'ratingLabel', crm?.rating],
        ] as const
      ).map(
        ([id, label, value]) =>
          value && (
            <p key={id} class="pl-muted" data-testid={id} data-value={value}>
              {t('labelValue', t(label), value)}
            </p>
          ),
      )}
      {last && (
        <p class="pl-muted" data-testid="last-contacted" data-at={last.at} data-by={last.by}>
          {t('lastContacted', relativeTime(last.at), last.by || colleague, laneTypeLabel(last.type))}
        </p>
      )}
      {items.length > 0 && (
        <ul class="pl-actions" id={fold.listId}>
          {items.map((item, index) => (
            <li
              key={'own' in item ? item.own.id : item.crm.id}
              data-testid="sales-activity"
              data-type={item.type}
              data-author={item.by}
              data-at={item.at}
              hidden={fold.hides(index)}
            >
              {'own' in item ? <OwnAction action={item.own} onRetryAction={onRetryAction} /> : <CrmActivity item={item.crm} colleague={colleague} />}
            </li>
          ))}
        </ul>
      )}
      {fold.button}
    </section>
  );
}

/** The contract's data-type for an action type: the same word, but `feedback` for lead feedback. */
function laneType(type: StoredActionType): string {
  return type === 'lead_feedback' ? 'feedback' : type;
}

function laneTypeLabel(type: string): string {
  return actionLabel((type === 'feedback' ? 'lead_feedback' : type) as ActionType);
}

function OwnAction({ action, onRetryAction }: { action: SalesAction; onRetryAction(id: string): void }) {
  const delivery = deliveryLabel(action);
  return (
    <div class="pl-action" data-testid="action-item" data-sync-state={action.sync.state} data-destination={action.sync.destination}>
      <span class="pl-icon" aria-hidden="true">
        {ACTION_ICONS[action.type]}
      </span>
      <span class="pl-event-text">
        {actionLabel(action.type)}
        {action.outcome && ` · ${outcomeLabel(action.outcome)}`}
        {' · '}
        <span class="pl-sync" data-state={action.sync.state}>
          {delivery.text}
          {delivery.icon && <span aria-hidden="true"> {delivery.icon}</span>}
        </span>
        {reachesMarketingOnlyWhenSynced(action) && <span class="pl-hint-text"> — {t('feedbackLocalHint')}</span>}
        {errorShown(action) && <span class="pl-error-text"> — {errorShown(action)}</span>}
      </span>
      <time class="pl-when" dateTime={action.occurredAt}>
        {relativeTime(action.occurredAt)}
      </time>
      {action.sync.state === 'dead' && (
        // Named after the action it retries: a card with two failed actions has two Retry buttons.
        <button type="button" class="pl-btn pl-btn-small" aria-label={t('retryActionLabel', actionLabel(action.type), relativeTime(action.occurredAt))} onClick={() => onRetryAction(action.id)}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

function CrmActivity({ item, colleague }: { item: SalesActivity; colleague: string }) {
  return (
    <div class="pl-action">
      <span class="pl-icon" aria-hidden="true">
        {ACTION_ICONS[item.type] ?? '•'}
      </span>
      <span class="pl-event-text">
        {actionLabel(item.type)}
        {item.subject && ` · ${item.subject}`}
        {` · ${item.author ?? colleague}`}
      </span>
      <time class="pl-when" dateTime={item.at}>
        {relativeTime(item.at)}
      </time>
    </div>
  );
}
