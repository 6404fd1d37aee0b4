import { t } from '../i18n';

/** The sidebar folded to a 28 px tab at the page edge; it still says how many people were found. */
export function CollapsedTab({ count, onExpand }: { count: number; onExpand(): void }) {
  return (
    <button type="button" class="pl-tab" aria-expanded="false" aria-label={t('expandSidebar', count)} onClick={onExpand}>
      <span aria-hidden="true">◂</span>
      <span class="pl-tab-count" aria-hidden="true">
        {count}
      </span>
    </button>
  );
}
