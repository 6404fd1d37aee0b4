import type { DestinationKind } from '../model/action';

/** How errors name a destination. Stored in `lastError`, so the rep reads them next to the action. */
export const DESTINATION_LABELS: Record<DestinationKind, string> = {
  local: 'This browser',
  hubspot: 'HubSpot',
  mautic: 'Mautic',
  webhook: 'The webhook',
};

export function notConnectedError(kind: DestinationKind): string {
  return `${DESTINATION_LABELS[kind]} is not connected. Connect it in Options and the action will be sent.`;
}
