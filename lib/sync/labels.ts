import { DESTINATION_KINDS, nameInSentence } from '../connectors/catalog';
import type { DestinationKind } from '../model/action';

/** How errors name a destination. Stored in `lastError`, so the rep reads them next to the action. */
export const DESTINATION_LABELS = Object.fromEntries([
  ['local', 'This browser'],
  ...DESTINATION_KINDS.map((kind) => [kind, nameInSentence(kind)]),
]) as Readonly<Record<DestinationKind, string>>;

export function notConnectedError(kind: DestinationKind): string {
  return `${DESTINATION_LABELS[kind]} is not connected. Connect it in Options and the action will be sent.`;
}
