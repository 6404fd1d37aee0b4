/** Every feedback and stage change in the range, newest first, with where it is kept. */
import { connectionName } from '@/lib/connectors/catalog';
import type { FeedbackRow } from '@/lib/feedback';
import { fullDate } from '../time';
import { t } from '../i18n';
import { reasonLabel, touchLabel } from './labels';

function verdictText(row: FeedbackRow): string {
  if (row.verdict === 'accepted') return t('feedback_accepted');
  // The pattern is the language's: French writes a space before the colon.
  if (row.verdict === 'rejected') return row.reason ? t('feedback_rejectedBecause', reasonLabel(row.reason)) : t('feedback_rejected');
  return t('feedback_stageTo', row.stage ?? '?');
}

/** Say what is true: a feedback kept locally never reached marketing's tools. CRMs by their names ("in HubSpot"). */
function whereText(row: FeedbackRow): string {
  if (row.source !== 'local') return t('feedback_whereRemote', connectionName(row.source));
  if (row.destination === 'local') return t('feedback_whereLocal');
  if (row.syncState === 'done') return t('feedback_whereSynced', connectionName(row.destination));
  return row.syncState === 'dead' ? t('feedback_whereFailed') : t('feedback_whereWaiting');
}

export function FeedbackTable({ rows }: { rows: readonly FeedbackRow[] }) {
  return (
    <table class="feedback-table">
      <thead>
        <tr>
          <th scope="col">{t('feedback_colDate')}</th>
          <th scope="col">{t('feedback_colLead')}</th>
          <th scope="col">{t('feedback_colVerdict')}</th>
          <th scope="col">{t('feedback_colFirst')}</th>
          <th scope="col">{t('feedback_colLast')}</th>
          <th scope="col">{t('feedback_colDays')}</th>
          <th scope="col">{t('feedback_colNotes')}</th>
          <th scope="col">{t('feedback_colWhere')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} data-testid="feedback-row" data-prospect-key={r.prospectKey} data-verdict={r.verdict} data-campaign={r.firstTouch?.label ?? ''} data-source={r.source}>
            <td>{fullDate(r.occurredAt)}</td>
            <td>
              {r.name ?? r.prospectKey}
              {r.name && <div class="muted">{r.prospectKey}</div>}
            </td>
            <td>{verdictText(r)}</td>
            <td>{touchLabel(r.firstTouch?.label, r.firstTouch?.isCampaign)}</td>
            <td>{touchLabel(r.lastTouch?.label, r.lastTouch?.isCampaign)}</td>
            <td>{r.daysToAcceptance ?? '—'}</td>
            <td class="notes">{r.notes}</td>
            <td>{whereText(r)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
