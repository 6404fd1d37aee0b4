import type { Insights } from '@/lib/model/view';
import { formatCount, t } from '../i18n';
import { relativeTime } from '../time';
import { APPROXIMATE_TYPES, EVENT_TYPES, countLabel, heatLabel } from './labels';
import { Sparkline } from './Sparkline';

type AllTimeKey = keyof NonNullable<Insights['allTime']>;
const ALL_TIME_KEYS: AllTimeKey[] = ['emailOpens', 'emailClicks', 'pageViews', 'visits', 'conversions'];
const APPROXIMATE_ALL_TIME: ReadonlySet<AllTimeKey> = new Set(['emailOpens', 'emailClicks']);

/** The first two heat reasons, one after the other as the language writes it (French: a no-break space before `;`). */
function reasonsInWords([first, second]: readonly string[]): string {
  return second === undefined ? (first ?? '') : t('heatReasons_pair', first!, second);
}

/** How warm, why, and how much: heat reasons, the 90-day sparkline, counts per type, all-time totals. */
/** The counts table is folded by default (the compact card); `<details>` opens with Enter or Space from its summary. */
export function Activity({ insights }: { insights: Insights }) {
  const types = EVENT_TYPES.filter((type) => (insights.counts90[type] ?? 0) > 0 || (insights.counts30[type] ?? 0) > 0);
  const allTime = ALL_TIME_KEYS.filter((key) => insights.allTime?.[key] !== undefined);
  const approximate = types.some((type) => APPROXIMATE_TYPES.has(type)) || allTime.some((key) => APPROXIMATE_ALL_TIME.has(key));
  return (
    <div class="pl-activity">
      {insights.heatReasons.length > 0 && (
        <p class="pl-reasons">
          <strong>{heatLabel(insights.heat)}</strong> — {reasonsInWords(insights.heatReasons)}
        </p>
      )}
      <p class="pl-trend">
        <Sparkline series={insights.series90} />
        <span>
          {t('last90Days')}
          {insights.lastTouch && ` · ${t('lastTouch', relativeTime(insights.lastTouch))}`}
        </span>
      </p>
      {types.length > 0 && (
        <details class="pl-fold" data-testid="counts-fold">
          <summary>{t('countsSummary')}</summary>
        <table class="pl-counts">
          <caption class="pl-sr">{t('countsCaption')}</caption>
          <thead>
            <tr>
              <td />
              <th scope="col">{t('days30')}</th>
              <th scope="col">{t('days90')}</th>
            </tr>
          </thead>
          <tbody>
            {types.map((type) => (
              <tr key={type} data-type={type}>
                <th scope="row">
                  {countLabel(type)}
                  {APPROXIMATE_TYPES.has(type) && <Approx />}
                </th>
                <td>{formatCount(insights.counts30[type] ?? 0)}</td>
                <td>{formatCount(insights.counts90[type] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </details>
      )}
      {allTime.length > 0 && (
        <p class="pl-alltime" data-testid="all-time">
          <span class="pl-label">{t('allTime')}</span>{' '}
          {allTime.map((key, i) => (
            <span key={key}>
              {i > 0 && ' · '}
              {t(`allTime_${key}`)}
              {APPROXIMATE_ALL_TIME.has(key) && <Approx />} {formatCount(insights.allTime![key]!)}
            </span>
          ))}
        </p>
      )}
      {approximate && (
        <p class="pl-note">
          <span aria-hidden="true">≈ </span>
          {t('approximateNote')}
        </p>
      )}
    </div>
  );
}

function Approx() {
  return (
    <abbr class="pl-approx" title={t('approximate')}>
      {' ≈'}
    </abbr>
  );
}
