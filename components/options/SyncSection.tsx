/** Sync: where logged actions go, how many wait or failed, and "Sync now". */
import { useState } from 'preact/hooks';
import { send } from '@/lib/messaging';
import type { Settings } from '@/lib/model/settings';
import { destinationName } from './connection';
import { formatCount, plural } from '../i18n';
import { useReloadOnPush } from './pushes';
import { m } from './strings';
import { errorText } from '@/lib/errors';

const PUSHES = ['push/actions-changed', 'push/settings'] as const;

export function SyncSection({ settings }: { settings: Settings }) {
  const [queue, setQueue] = useState<{ waiting: number; dead: number } | null>(null);
  const [status, setStatus] = useState('');

  // Each action keeps the destination it was logged for: after switching to this browser only, those
  // still waiting go to their CRM while its connection is saved, so "Sync now" stays for them.
  const nothingToSend = settings.destination === 'local' && !queue?.waiting;

  const load = () =>
    send({ type: 'action/list', limit: 1 })
      .then(({ waiting, dead }) => setQueue({ waiting, dead }))
      .catch(() => setQueue(null));
  // A drain (the alarm, a card's Retry) or Delete everything changes the counts while the page is open.
  useReloadOnPush(PUSHES, () => void load());

  async function syncNow() {
    if (nothingToSend) return;
    setStatus(m('options_working'));
    try {
      const { attempted } = await send({ type: 'sync/now' });
      setStatus(plural('options_syncAttempted', attempted));
    } catch (failure) {
      setStatus(m('options_syncFailed', errorText(failure)));
    }
    await load();
  }

  return (
    <>
      <p>
        {m('options_actionsGoTo')} <strong>{destinationName(settings.destination)}</strong>
      </p>
      {queue && (
        <p data-testid="sync-queue">
          {m('options_queue', formatCount(queue.waiting), formatCount(queue.dead))}
        </p>
      )}
      <div class="form-actions">
        {/* aria-disabled, not disabled: a sync that empties the queue must not drop the focus off the button. */}
        <button type="button" onClick={() => void syncNow()} aria-disabled={nothingToSend}>
          {m('options_syncNow')}
        </button>
        <p class="status" role="status" aria-live="polite">
          {status}
        </p>
      </div>
    </>
  );
}
