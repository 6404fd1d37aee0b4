import { formatCount, plural } from '../i18n';

const HEIGHT = 20;

/** One bar per day, oldest on the left; described in words for screen readers. */
export function Sparkline({ series }: { series: number[] }) {
  const peak = Math.max(0, ...series);
  const total = series.reduce((sum, n) => sum + n, 0);
  return (
    <svg
      class="pl-spark"
      role="img"
      aria-label={plural('sparklineLabel', total, formatCount(peak))}
      viewBox={`0 0 ${Math.max(series.length, 1)} ${HEIGHT}`}
      preserveAspectRatio="none"
      width="120"
      height={HEIGHT}
    >
      <line x1="0" y1={HEIGHT - 0.5} x2={series.length} y2={HEIGHT - 0.5} class="pl-spark-base" />
      {peak > 0 &&
        series.map((n, day) => {
          if (n === 0) return null;
          // At least a sliver for any activity, so a single event stays visible beside a busy day.
          const h = Math.max(2, (n / peak) * HEIGHT);
          return <rect key={day} x={day + 0.1} y={HEIGHT - h} width="0.8" height={h} />;
        })}
    </svg>
  );
}
