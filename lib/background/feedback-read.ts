/**
 * `feedback/remote`: the lead feedback page's CRM half. The page holds no credentials, so the
 * background asks the destination CRM for the feedback it stores (Destination.readFeedback) and
 * hands back the records, or why they could not be read, so the page can still show local rows and
 * say so. Extension pages only: a content script is refused in guard.ts (not in CONTENT_SCRIPT_REQUESTS).
 */
import { nameInSentence } from '../connectors/catalog';
import { t } from '../i18n';
import { type FeedbackRange, MAX_REMOTE_FEEDBACK, type RemoteFeedbackResult } from '../model/feedback';
import type { Settings } from '../model/settings';
import { SourceError } from '../sources/types';
import type { Destination } from '../sync/types';
import { destinationFor } from './connections';

/** The page waits for the CRM at most this long; then it shows local rows and says why. */
const READ_TIMEOUT_MS = 30_000;

export async function readCrmFeedback(
  settings: Settings,
  range: FeedbackRange,
  destinationOf: (kind: Settings['destination'], settings: Settings) => Promise<Destination | undefined> = destinationFor,
): Promise<RemoteFeedbackResult[]> {
  const kind = settings.destination;
  // Feedback kept in this browser only: nothing is in a CRM to read.
  if (kind === 'local') return [];
  const source = kind;
  const name = nameInSentence(kind);
  const destination = await destinationOf(kind, settings);
  if (!destination) return [{ source, records: [], capped: false, error: t('srcError_notConnected', name) }];
  if (!destination.readFeedback) return [{ source, records: [], capped: false, error: t('srcError_feedbackNotSupported', name) }];
  try {
    const { records, capped } = await destination.readFeedback(range, MAX_REMOTE_FEEDBACK, AbortSignal.timeout(READ_TIMEOUT_MS));
    return [{ source, records, capped }];
  } catch (error) {
    const words = error instanceof SourceError ? error.message : t('srcError_notRead', name);
    return [{ source, records: [], capped: false, error: words }];
  }
}
