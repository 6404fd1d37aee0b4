import type { Heat } from '@/lib/model/view';
import { t } from '../i18n';
import { heatLabel } from './labels';

/** The heat as a coloured dot and a word: the colour is never the only signal. */
export function HeatBadge({ heat }: { heat: Heat | null }) {
  return (
    <span class="pl-heat" data-testid="heat" data-value={heat ?? ''}>
      <span class="pl-dot" aria-hidden="true" />
      {heat ? heatLabel(heat) : t('heat_unknown')}
    </span>
  );
}
