import type { ActionType } from '@/lib/model/action';
import type { ProspectView } from '@/lib/model/view';
import { t, type MessageKey } from '../i18n';
import type { CardCallbacks } from './callbacks';

const QUICK: { type: ActionType; label: MessageKey }[] = [
  { type: 'call', label: 'quickCall' },
  { type: 'note', label: 'quickNote' },
  { type: 'task', label: 'quickTask' },
];

/** Log call / Note / Task open the log form for this prospect; Mute hides the person from now on. */
type QuickActionsProps = { view: ProspectView; name: string } & Pick<CardCallbacks, 'onLog' | 'onMute'>;

export function QuickActions({ view, name, onLog, onMute }: QuickActionsProps) {
  return (
    <p class="pl-buttons pl-quick">
      {QUICK.map(({ type, label }) => (
        <button key={type} type="button" class="pl-btn" onClick={() => onLog(view, type)}>
          {t(label)}
        </button>
      ))}
      <button type="button" class="pl-btn pl-btn-quiet" aria-label={t('muteLabel', name)} onClick={() => onMute(view.detectedKey)}>
        {t('mute')}
      </button>
    </p>
  );
}
