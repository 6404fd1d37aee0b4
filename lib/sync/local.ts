/**
 * The `local` destination: the outbox row is the record, so there is nothing to send. Actions for it
 * are created `done` already (see actions.ts); this exists so that any local row that does reach the
 * drain (a retried one, say) goes through the same code path as every other destination.
 */
import type { Destination } from './types';

export const localDestination: Destination = {
  kind: 'local',
  // Nothing goes over the network, so there is nothing to pace.
  ratePerSecond: 1000,
  async deliver() {
    return { kind: 'delivered' };
  },
};
