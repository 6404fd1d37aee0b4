import type { LeadVerdict } from '@/lib/model/view';
import { t } from '../i18n';
import { fullDate } from '../time';
import { verdictLabel } from './labels';

/**
 * Sales' newest verdict on the lead, in the card's header: "Accepted" or "Rejected: not a fit"
 * (issue 17). Where the rep's own feedback went (kept in this browser, synced) is said by its line in
 * the sales lane; a colleague's verdict names them.
 */
export function Verdict({ verdict }: { verdict?: LeadVerdict }) {
  if (!verdict) return null;
  const by = verdict.by === 'you' ? t('authorYou') : (verdict.author ?? t('authorColleague'));
  return (
    <p class="pl-verdict" data-testid="card-verdict" data-verdict={verdict.verdict} title={`${by} · ${fullDate(verdict.at)}`}>
      {verdictLabel(verdict)}
    </p>
  );
}
