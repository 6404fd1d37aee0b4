import type { Insights } from '@/lib/model/view';
import { t } from '../i18n';
import { journeyLabel, stageLabel } from './labels';

const UNKNOWN = '—';

/**
 * Lifecycle stage · lead score · journey stage. Each carries its canonical value in `data-value`
 * (the test contract); an unknown value is "" and shows a dash. For a person the store does not know,
 * heat and journey would only be defaults, so they show as unknown.
 */
export function Metrics({ insights, known }: { insights: Insights; known: boolean }) {
  const stage = insights.lifecycleStage?.toLowerCase();
  const score = insights.leadScore === undefined ? undefined : Math.round(insights.leadScore);
  const journey = known ? insights.journey : undefined;
  return (
    // For a person no one has data on the grid would be all dashes (issue 17): the contract elements stay, hidden.
    <dl class="pl-metrics" hidden={!known}>
      <div data-testid="lifecycle-stage" data-value={stage ?? ''}>
        <dt>{t('metricStage')}</dt>
        <dd>{stage ? stageLabel(stage) : UNKNOWN}</dd>
      </div>
      <div data-testid="lead-score" data-value={score === undefined ? '' : String(score)}>
        <dt>{t('metricScore')}</dt>
        <dd>{score ?? UNKNOWN}</dd>
      </div>
      <div data-testid="journey-stage" data-value={journey ?? ''}>
        <dt>{t('metricJourney')}</dt>
        <dd>{journey ? journeyLabel(journey) : UNKNOWN}</dd>
      </div>
    </dl>
  );
}
