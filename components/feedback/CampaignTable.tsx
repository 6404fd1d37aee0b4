/** Per campaign: accepted, rejected, stage changes, the reasons and the median days to acceptance. */
import type { CampaignSummary } from '@/lib/feedback';
import { t } from '../i18n';
import { reasonLabel, touchLabel } from './labels';

export function CampaignTable({ campaigns }: { campaigns: readonly CampaignSummary[] }) {
  return (
    <table class="feedback-table">
      <thead>
        <tr>
          <th scope="col">{t('feedback_groupBy')}</th>
          <th scope="col">{t('feedback_accepted')}</th>
          <th scope="col">{t('feedback_rejected')}</th>
          <th scope="col">{t('feedback_stageChanges')}</th>
          <th scope="col">{t('feedback_reasons')}</th>
          <th scope="col">{t('feedback_medianDays')}</th>
        </tr>
      </thead>
      <tbody>
        {campaigns.map((c) => (
          <tr
            key={c.campaign}
            data-testid="campaign-summary"
            data-campaign={c.campaign}
            data-accepted={c.accepted}
            data-rejected={c.rejected}
          >
            <th scope="row">{touchLabel(c.campaign, c.isCampaign)}</th>
            <td>{c.accepted}</td>
            <td>{c.rejected}</td>
            <td>{c.stageChanges}</td>
            <td>
              {Object.entries(c.reasons)
                .sort(([, a], [, b]) => b - a)
                .map(([reason, n]) => `${reasonLabel(reason)} ×${n}`)
                .join(', ')}
            </td>
            <td data-testid="median-days">{c.medianDaysToAcceptance ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
