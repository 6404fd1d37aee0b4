import type { ProspectView, SourceStatus } from '@/lib/model/view';
import { t } from '../i18n';
import { relativeTime } from '../time';
import { sourceName } from './labels';

/** What each source state means to a rep, in plain words; only failures and offline offer Retry. */
function describe(status: SourceStatus): { text: string; retry: boolean } {
  switch (status.state) {
    case 'error':
      return { text: t('sourceError'), retry: true };
    case 'no-access':
      return { text: t('sourceNoAccess'), retry: true };
    case 'offline':
      return { text: t('sourceOffline'), retry: true };
    case 'stale':
      return { text: status.fetchedAt ? t('sourceStaleSince', relativeTime(status.fetchedAt)) : t('sourceStale'), retry: false };
    default:
      return { text: '', retry: false };
  }
}

/** One line per source that is not answering normally: its name, what failed, and Retry. */
export function SourceNotices({ sources, names, onRetry }: { sources: SourceStatus[]; names: ProspectView['sourceNames']; onRetry(status: SourceStatus): void }) {
  const troubled = sources.filter((status) => status.state !== 'ok');
  if (troubled.length === 0) return null;
  return (
    <div role="status">
      <ul class="pl-notices">
      {troubled.map((status) => {
        const { text, retry } = describe(status);
        return (
          <li key={status.source} class="pl-notice" data-testid="source-status" data-source={status.source} data-state={status.state}>
            <span>
              {/* The name is bold, so labelValue is worded without it: the colon is spaced the language's way. */}
              <strong>{sourceName(status.source, names)}</strong>
              {t('labelValue', '', text)}
              {status.message && <span class="pl-muted"> ({status.message})</span>}
            </span>
            {retry && (
              <button
                type="button"
                class="pl-btn pl-btn-small"
                aria-label={t('retrySource', sourceName(status.source, names))}
                onClick={() => onRetry(status)}
              >
                {t('retry')}
              </button>
            )}
          </li>
        );
      })}
      </ul>
    </div>
  );
}
