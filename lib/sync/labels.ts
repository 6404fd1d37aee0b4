import { nameInSentence } from '../connectors/catalog';
import { t } from '../i18n';
import type { DestinationKind } from '../model/action';

/**
 * How errors name a destination, in the UI language ("This browser"; a CRM by its name). Stored in
 * `lastError`, so the rep reads them next to the action.
 */
export function destinationLabel(kind: DestinationKind): string {
  return kind === 'local' ? t('syncLabel_local') : nameInSentence(kind);
}

export function notConnectedError(kind: DestinationKind): string {
  return t('syncError_notConnected', destinationLabel(kind));
}
