import type { SalesAction } from '@/lib/model/action';
import type { SalesActivity } from '@/lib/model/view';
import { t } from '../i18n';
import { relativeTime } from '../time';
import { ACTION_ICONS, actionLabel, deliveryLabel, reachesMarketingOnlyWhenSynced } from './labels';

/**
 * "Your team": sales actions logged on this prospect and whether each reached the CRM, then the
 * team's activity the CRM itself holds (Salesforce Tasks and Events) with who did it — until the card
 * has a sales lane of its own.
 */
export function TeamActions({ actions, activity = [], onRetryAction }: { actions: SalesAction[]; activity?: SalesActivity[]; onRetryAction(id: string): void }) {
  if (actions.length === 0 && activity.length === 0) return null;
  return (
    <section class="pl-section">
      <h4 class="pl-label">{t('yourTeam')}</h4>
      <ul class="pl-actions">
        {actions.map((action) => {
          const delivery = deliveryLabel(action);
          return (
            <li key={action.id} class="pl-action" data-testid="action-item" data-sync-state={action.sync.state} data-destination={action.sync.destination}>
              <span class="pl-icon" aria-hidden="true">
                {ACTION_ICONS[action.type]}
              </span>
              <span class="pl-event-text">
                {actionLabel(action.type)}
                {action.outcome && ` · ${action.outcome}`}
                {' · '}
                <span class="pl-sync" data-state={action.sync.state}>
                  {delivery.text}
                  {delivery.icon && <span aria-hidden="true"> {delivery.icon}</span>}
                </span>
                {reachesMarketingOnlyWhenSynced(action) && <span class="pl-hint-text"> — {t('feedbackLocalHint')}</span>}
                {action.sync.state === 'dead' && action.sync.lastError && (
                  <span class="pl-error-text"> — {action.sync.lastError}</span>
                )}
              </span>
              <time class="pl-when" dateTime={action.occurredAt}>
                {relativeTime(action.occurredAt)}
              </time>
              {action.sync.state === 'dead' && (
                <button type="button" class="pl-btn pl-btn-small" onClick={() => onRetryAction(action.id)}>
                  {t('retry')}
                </button>
              )}
            </li>
          );
        })}
        {activity.map((item) => (
          <li key={item.id} class="pl-action" data-testid="sales-activity" data-type={item.type} data-author={item.author ?? ''} data-at={item.at}>
            <span class="pl-icon" aria-hidden="true">
              {ACTION_ICONS[item.type]}
            </span>
            <span class="pl-event-text">
              {actionLabel(item.type)}
              {item.subject && ` · ${item.subject}`}
              {item.author && ` · ${item.author}`}
            </span>
            <time class="pl-when" dateTime={item.at}>
              {relativeTime(item.at)}
            </time>
          </li>
        ))}
      </ul>
    </section>
  );
}
