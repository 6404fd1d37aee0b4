/**
 * The last five logged actions and whether each reached the destination. A waiting action can be
 * edited or deleted; a failed one shows its error and can be retried.
 */
import type { SalesAction } from '@/lib/model/action';
import { relativeTime } from '../time';
import { m } from './strings';

export interface ActionList {
  actions: SalesAction[];
  waiting: number;
  dead: number;
}

interface RecentActionsProps {
  list: ActionList | null;
  prospectLabel(key: string): string;
  editingId?: string;
  onEdit(action: SalesAction): void;
  onDelete(action: SalesAction): void;
  onRetry(action: SalesAction): void;
}

export function RecentActions({ list, prospectLabel, editingId, onEdit, onDelete, onRetry }: RecentActionsProps) {
  return (
    <section class="recent" aria-labelledby="recent-heading">
      <header class="recent-header">
        <h2 id="recent-heading">{m('popup_recent')}</h2>
        {list && list.waiting > 0 && <span class="badge">{m('popup_waiting', list.waiting)}</span>}
        {list && list.dead > 0 && <span class="badge badge-error">{m('popup_deadCount', list.dead)}</span>}
      </header>
      {list && list.actions.length === 0 && <p class="muted">{m('popup_noRecent')}</p>}
      <ul class="rows">
        {list?.actions.map((action) => (
          <li key={action.id} class="row" data-testid="action-row" data-sync-state={action.sync.state} data-action-id={action.id}>
            <div class="row-main">
              <strong>{m(`popup_type_${action.type}`)}</strong>
              <span class="muted"> · {prospectLabel(action.prospectKey)}</span>
              <span class="muted"> · {relativeTime(action.occurredAt)}</span>
            </div>
            <div class="row-state">
              <span class={`sync sync-${action.sync.state}`}>{stateLabel(action)}</span>
              {action.sync.state === 'dead' && action.sync.lastError && <span class="error-text"> — {action.sync.lastError}</span>}
            </div>
            <div class="row-buttons">
              {action.sync.state === 'pending' && (
                <>
                  <button type="button" onClick={() => onEdit(action)} aria-pressed={editingId === action.id}>
                    {m('popup_edit')}
                  </button>
                  <button type="button" onClick={() => onDelete(action)}>
                    {m('popup_delete')}
                  </button>
                </>
              )}
              {action.sync.state === 'dead' && (
                <button type="button" onClick={() => onRetry(action)}>
                  {m('popup_retry')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function stateLabel(action: SalesAction): string {
  if (action.sync.state === 'done' && action.sync.destination === 'local') return m('popup_state_local');
  return m(`popup_state_${action.sync.state}`);
}
