/**
 * Whether a pending action waits for the rep rather than a time, as `settle` (state.ts) leaves it after
 * a refusal to send (host access not granted). The scheduler sets no timer for it; the drain that
 * granting access kicks, and the periodic one, try it — one such action per destination, the others only
 * once that one went (drain.ts). The popup and the card show its reason, as they
 * do a dead action's (`errorShown`). On its own, importing only a type, so the in-page card can use it.
 */
import type { SalesAction } from '../model/action';

export function waitsForRep(action: SalesAction): boolean {
  return action.sync.state === 'pending' && action.sync.lastError !== undefined && action.sync.nextAttemptAt === undefined;
}

/** The error the rep is shown: a dead action's, and that of one waiting for the rep; none while a timer will try again. */
export function errorShown(action: SalesAction): string | undefined {
  return action.sync.state === 'dead' || waitsForRep(action) ? action.sync.lastError : undefined;
}
