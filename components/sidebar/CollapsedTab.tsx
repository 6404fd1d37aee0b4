import type { Heat } from '@/lib/model/view';
import { plural } from '../i18n';
import { heatLabel } from '../card/labels';

/**
 * The sidebar folded to a 28 px tab at the page edge: how many people were found and, as a coloured
 * dot, how hot the hottest of them is — so a folded sidebar still says whether this thread matters.
 * The colour is never the only sign (warm and hot dots are 1.1:1 apart, and forced colours drop the
 * fill): a bar beside the dot rises with the heat, and the heat is in the button's name and tooltip.
 */
export function CollapsedTab({ count, heat, onExpand }: { count: number; heat: Heat | null; onExpand(): void }) {
  const label = heat ? plural('expandSidebarHeat', count, heatLabel(heat).toLowerCase()) : plural('expandSidebar', count);
  return (
    <button type="button" class="pl-tab" aria-expanded="false" aria-label={label} title={label} onClick={onExpand}>
      <span aria-hidden="true">◂</span>
      <span class="pl-tab-count" aria-hidden="true">
        {count}
      </span>
      {heat && (
        <span class="pl-heat pl-tab-heat" data-testid="tab-heat" data-value={heat} aria-hidden="true">
          <span class="pl-dot" />
          {HEAT_MARK[heat]}
        </span>
      )}
    </button>
  );
}

/** Low, middle, high: read without colour, the same in every language. */
const HEAT_MARK: Record<Heat, string> = { cold: '▂', warm: '▄', hot: '▆' };
