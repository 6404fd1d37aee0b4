/**
 * The last five logged actions: who (by name), what came of it (a lead feedback's verdict: "Rejected: not
 * a fit") and the start of the notes, and whether
 * each reached the destination. Edit and Delete are offered where the background allows them (a
 * waiting or failed action, and any action kept in this browser); a failed one shows its error and
 * can be retried.
 */
import { isDeletable, isEditable, type SalesAction } from '@/lib/model/action';
import { errorShown } from '@/lib/sync/waits';
import { outcomeLabel, verdictLabel } from '../card/labels';
import { relativeTime } from '../time';
import { plural } from '../i18n';
import { m } from './strings';

export interface ActionList {
  actions: SalesAction[];
  /** Names of the people the actions are about, by prospect key (when the store knows them). */
  names?: Record<string, string>;
  waiting: number;
  dead: number;
}

/** Enough of the notes to recognise the action in a list. */
const NOTES_SHOWN = 80;

function excerpt(notes: string): string {
  const line = notes.replace(/\s+/g, ' ').trim();
  return line.length > NOTES_SHOWN ? `${line.slice(0, NOTES_SHOWN - 1)}…` : line;
}

interface RecentActionsProps {
  list: ActionList | null;
  /** Why the list could not be read the last time it was asked for (it is not "nothing logged"). */
  error?: string;
  prospectLabel(key: string): string;
  editingId?: string;
  onEdit(action: SalesAction): void;
  onDelete(action: SalesAction): void;
  onRetry(action: SalesAction): void;
}

export function RecentActions({ list, error, prospectLabel, editingId, onEdit, onDelete, onRetry }: RecentActionsProps) {
  return (
    <section class="recent" aria-labelledby="recent-heading">
      <header class="recent-header">
        <h2 id="recent-heading">{m('popup_recent')}</h2>
        {list && list.waiting > 0 && <span class="badge">{plural('popup_waiting', list.waiting)}</span>}
        {list && list.dead > 0 && <span class="badge badge-error">{plural('popup_deadCount', list.dead)}</span>}
      </header>
      {error && (
        <p class="status status-failed" role="alert" data-testid="recent-error">
          {error}
        </p>
      )}
      {list && list.actions.length === 0 && <p class="muted">{m('popup_noRecent')}</p>}
      <ul class="rows">
        {list?.actions.map((action) => (
          <li key={action.id} class="row" data-testid="action-row" data-sync-state={action.sync.state} data-action-id={action.id}>
            <div class="row-main">
              <strong>{m(`popup_type_${action.type}`)}</strong>
              {action.type === 'lead_feedback' && action.feedback ? (
                <span data-testid="action-verdict" data-verdict={action.feedback}>
                  {' · '}
                  {verdictLabel({ verdict: action.feedback, reason: action.rejectReason })}
                </span>
              ) : (
                action.outcome && <span> · {outcomeLabel(action.outcome)}</span>
              )}
              <span class="muted"> · {list.names?.[action.prospectKey] ?? prospectLabel(action.prospectKey)}</span>
              <span class="muted"> · {relativeTime(action.occurredAt)}</span>
              {action.notes.trim() && <div class="row-notes muted">{excerpt(action.notes)}</div>}
            </div>
            <div class="row-state">
              <span class={`sync sync-${action.sync.state}`}>{stateLabel(action)}</span>
              {errorShown(action) && <span class="error-text"> — {errorShown(action)}</span>}
            </div>
            <div class="row-buttons">
              {isEditable(action) && (
                <button type="button" onClick={() => onEdit(action)} aria-pressed={editingId === action.id}>
                  {m('popup_edit')}
                </button>
              )}
              {isDeletable(action) && (
                <button type="button" onClick={() => onDelete(action)}>
                  {m('popup_delete')}
                </button>
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
