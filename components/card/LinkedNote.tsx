import type { ProspectView } from '@/lib/model/view';
import { t } from '../i18n';
import { readableKey } from '../readableKey';

/**
 * A card the rep linked (`match: 'chosen'`) says so, and offers the undo: the person the page showed
 * then gets their own card back (docs/architecture.md, "Links and mutes").
 */
export function LinkedNote({ view, onUnlink }: { view: ProspectView; onUnlink(detectedKey: string): void }) {
  if (view.match !== 'chosen') return null;
  return (
    <p class="pl-linked" data-testid="linked-note" data-detected-key={view.detectedKey}>
      <span class="pl-muted">{t('linkedNote', readableKey(view.detectedKey))}</span>{' '}
      <button type="button" class="pl-btn pl-btn-small" data-testid="unlink" onClick={() => onUnlink(view.detectedKey)}>
        {t('unlink')}
      </button>
    </p>
  );
}
