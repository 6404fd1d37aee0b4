import { clock } from '@/lib/clock';
import type { SalesAction } from '@/lib/model/action';
import { t } from '../i18n';
import { fullDate, relativeTime } from '../time';
import { actionLabel, outcomeLabel } from './labels';

/**
 * Near the top of the compact card (docs/architecture.md, "The compact card"): the rep's own last
 * touch and the open task they set, so "what did I do, what is next" needs no scrolling past the
 * timeline. An open task is a logged task whose due time has not passed; the soonest one shows.
 */
export function OwnTouch({ actions, now = clock.now() }: { actions: SalesAction[]; now?: number }) {
  const past = actions
    .filter((a) => a.type !== 'task' && Date.parse(a.occurredAt) <= now)
    .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  const last = past[0];
  const task = actions
    .filter((a) => a.type === 'task' && a.dueAt && Date.parse(a.dueAt) >= now)
    .sort((a, b) => a.dueAt!.localeCompare(b.dueAt!))[0];
  if (!last && !task) return null;
  return (
    <div class="pl-own">
      {last && (
        <p data-testid="own-last-touch" data-at={last.occurredAt} data-type={last.type}>
          <span class="pl-muted">{t('ownLastTouch')}</span> {actionLabel(last.type)}
          {last.outcome && ` · ${outcomeLabel(last.outcome)}`} · <time dateTime={last.occurredAt}>{relativeTime(last.occurredAt, now)}</time>
        </p>
      )}
      {task && (
        <p data-testid="own-open-task" data-due={task.dueAt}>
          <span class="pl-muted">{t('ownOpenTask')}</span> <time dateTime={task.dueAt}>{t('dueOn', fullDate(task.dueAt!))}</time>
        </p>
      )}
    </div>
  );
}
