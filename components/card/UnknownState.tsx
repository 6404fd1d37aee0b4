import type { ProspectView } from '@/lib/model/view';
import { t } from '../i18n';
import type { CardCallbacks } from './callbacks';

/**
 * A person with no stored history. A domain match is only a suggestion ("possibly at Northwind"),
 * never presented as the same person.
 */
export function UnknownState({ view, onAddToStore, onLog }: { view: ProspectView } & Pick<CardCallbacks, 'onAddToStore' | 'onLog'>) {
  return (
    <div class="pl-unknown">
      <p>{t('noHistory')}</p>
      {view.match === 'domain' && view.prospect.company && <p class="pl-muted">{t('domainSuggestion', view.prospect.company)}</p>}
      <p class="pl-buttons">
        <button type="button" class="pl-btn" onClick={() => onAddToStore(view)}>
          {t('addToStore')}
        </button>
        <button type="button" class="pl-btn" onClick={() => onLog(view, 'email')}>
          {t('logFirstTouch')}
        </button>
      </p>
    </div>
  );
}
