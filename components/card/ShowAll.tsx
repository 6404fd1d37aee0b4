import { useId, useState } from 'preact/hooks';
import { t } from '../i18n';

/**
 * The compact card (docs/architecture.md, "The compact card"): a long list shows its first
 * `PREVIEW` items and a "Show all N" button. The rest stay in the DOM, hidden, like a compact card's
 * details, so the test contract's items (`engagement-event`, `sales-activity`) are all there.
 */
export const PREVIEW = 5;

export function useShowAll(total: number) {
  const [all, setAll] = useState(false);
  const listId = useId();
  const folded = total > PREVIEW && !all;
  return {
    listId,
    /** Whether the item at `index` is folded away. */
    hides: (index: number) => folded && index >= PREVIEW,
    button:
      total > PREVIEW ? (
        <button type="button" class="pl-linkish pl-show-all" data-testid="show-all" aria-expanded={all} aria-controls={listId} onClick={() => setAll(!all)}>
          {all ? t('showFewer') : t('showAll', total)}
        </button>
      ) : null,
  };
}
