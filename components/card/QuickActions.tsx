import type { ActionType } from '@/lib/model/action';
import type { ProspectView } from '@/lib/model/view';
import { t, type MessageKey } from '../i18n';
import type { CardCallbacks } from './callbacks';

/** The quick actions, each with the key that does it from anywhere in the sidebar (Sidebar.tsx). */
export const QUICK_ACTIONS: { type: ActionType; label: MessageKey; key: string }[] = [
  { type: 'call', label: 'quickCall', key: 'c' },
  { type: 'note', label: 'quickNote', key: 'n' },
  { type: 'task', label: 'quickTask', key: 't' },
];

/** Log call / Note / Task open the log form for this prospect; Mute hides the person from now on. */
type QuickActionsProps = { view: ProspectView; name: string } & Pick<CardCallbacks, 'onLog' | 'onMute'>;

export function QuickActions({ view, name, onLog, onMute }: QuickActionsProps) {
  return (
    <p class="pl-buttons pl-quick">
      {QUICK_ACTIONS.map(({ type, label, key }) => (
        <button key={type} type="button" class="pl-btn" aria-keyshortcuts={key.toUpperCase()} onClick={() => onLog(view, type)}>
          {t(label)}
        </button>
      ))}
      <button type="button" class="pl-btn pl-btn-quiet" aria-label={t('muteLabel', name)} onClick={() => onMute(view.detectedKey)}>
        {t('mute')}
      </button>
    </p>
  );
}
