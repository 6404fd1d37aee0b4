/**
 * The last five logged actions: who (by name), what came of it (a lead feedback's verdict: "Rejected: not
 * a fit") and the start of the notes, and whether
 * each reached the destination. Edit and Delete are offered where the background allows them (a
 * waiting or failed action, and any action kept in this browser); a failed one shows its error and
 * can be retried.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { isDeletable, isEditable, type SalesAction } from '@/lib/model/action';
import { errorShown } from '@/lib/sync/waits';
import { outcomeLabel, verdictLabel } from '../card/labels';
import { focusIsLost } from '../focus';
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

/**
 * Where the focus goes once the list shows what a Delete or Retry did: the button pressed is gone with its
 * row (Delete) or with the failure (Retry), and a focus left on the popup's body makes a keyboard rep Tab
 * from the top again.
 */
type FocusAfter = { deleted: string; next?: string } | { retried: string };

export function RecentActions({ list, error, prospectLabel, editingId, onEdit, onDelete, onRetry }: RecentActionsProps) {
  const listRef = useRef<HTMLUListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusAfter = useRef<FocusAfter | null>(null);

  useLayoutEffect(() => {
    const wanted = focusAfter.current;
    if (!wanted || !list) return;
    const rows = [...(listRef.current?.children ?? [])] as HTMLElement[];
    const row = (id: string | undefined) => (id ? rows.find((li) => li.dataset.actionId === id) : undefined);
    const done = 'deleted' in wanted ? !row(wanted.deleted) : row(wanted.retried)?.dataset.syncState !== 'dead';
    // A refused Delete or Retry leaves the row and its button as they were, with the focus on it.
    if (!done) return;
    focusAfter.current = null;
    if (!focusIsLost()) return;
    // The row that took the deleted one's place, else (it was the last) the list's heading; a retried row itself.
    (row('deleted' in wanted ? wanted.next : wanted.retried) ?? headingRef.current)?.focus();
  }, [list]);

  const nameOf = (action: SalesAction) => list?.names?.[action.prospectKey] ?? prospectLabel(action.prospectKey);
  /** "Delete: Call, Dana Whitfield, 2h ago": five rows' buttons are told apart without reading the row. */
  const label = (key: 'popup_editLabel' | 'popup_deleteLabel' | 'popup_retryLabel', action: SalesAction) =>
    m(key, m(`popup_type_${action.type}`), nameOf(action), relativeTime(action.occurredAt));

  return (
    <section class="recent" aria-labelledby="recent-heading">
      <header class="recent-header">
        <h2 id="recent-heading" ref={headingRef} tabIndex={-1}>
          {m('popup_recent')}
        </h2>
        {list && list.waiting > 0 && <span class="badge">{plural('popup_waiting', list.waiting)}</span>}
        {list && list.dead > 0 && <span class="badge badge-error">{plural('popup_deadCount', list.dead)}</span>}
      </header>
      {error && (
        <p class="status status-failed" role="alert" data-testid="recent-error">
          {error}
        </p>
      )}
      {list && list.actions.length === 0 && <p class="muted">{m('popup_noRecent')}</p>}
      <ul class="rows" ref={listRef}>
        {list?.actions.map((action, index) => (
          <li key={action.id} class="row" tabIndex={-1} data-testid="action-row" data-sync-state={action.sync.state} data-action-id={action.id}>
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
              <span class="muted"> · {nameOf(action)}</span>
              <span class="muted"> · {relativeTime(action.occurredAt)}</span>
              {action.notes.trim() && <div class="row-notes muted">{excerpt(action.notes)}</div>}
            </div>
            <div class="row-state">
              <span class={`sync sync-${action.sync.state}`}>{stateLabel(action)}</span>
              {errorShown(action) && <span class="error-text"> — {errorShown(action)}</span>}
            </div>
            <div class="row-buttons">
              {isEditable(action) && (
                <button type="button" aria-label={label('popup_editLabel', action)} onClick={() => onEdit(action)} aria-pressed={editingId === action.id}>
                  {m('popup_edit')}
                </button>
              )}
              {isDeletable(action) && (
                <button
                  type="button"
                  aria-label={label('popup_deleteLabel', action)}
                  onClick={() => {
                    focusAfter.current = { deleted: action.id, next: list.actions[index + 1]?.id };
                    onDelete(action);
                  }}
                >
                  {m('popup_delete')}
                </button>
              )}
              {action.sync.state === 'dead' && (
                <button
                  type="button"
                  aria-label={label('popup_retryLabel', action)}
                  onClick={() => {
                    focusAfter.current = { retried: action.id };
                    onRetry(action);
                  }}
                >
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
