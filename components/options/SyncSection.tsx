/** Sync: where logged actions go, how many wait or failed, and "Sync now". */
import { useEffect, useState } from 'preact/hooks';
import { send } from '@/lib/messaging';
import type { Settings } from '@/lib/model/settings';
import { destinationName } from './connection';
import { formatCount, plural } from '../i18n';
import { m } from './strings';
import { errorText } from '@/lib/errors';

export function SyncSection({ settings }: { settings: Settings }) {
  const [queue, setQueue] = useState<{ waiting: number; dead: number } | null>(null);
  const [status, setStatus] = useState('');

  const load = () =>
    send({ type: 'action/list', limit: 1 })
      .then(({ waiting, dead }) => setQueue({ waiting, dead }))
      .catch(() => setQueue(null));
  useEffect(() => void load(), []);

  async function syncNow() {
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
        <button type="button" onClick={() => void syncNow()} disabled={settings.destination === 'local'}>
          {m('options_syncNow')}
        </button>
        <p class="status" role="status" aria-live="polite">
          {status}
        </p>
      </div>
    </>
  );
}
