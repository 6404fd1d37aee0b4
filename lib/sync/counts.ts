import { countInState } from '../store/outbox';

export interface SyncCounts {
  /** Not yet at the destination: pending or being sent. */
  waiting: number;
  /** Gave up; each shows its error and a retry button. */
  dead: number;
}

/** For the popup header and the toolbar badge. */
export async function syncCounts(): Promise<SyncCounts> {
  const [pending, inflight, dead] = await Promise.all([countInState('pending'), countInState('inflight'), countInState('dead')]);
  return { waiting: pending + inflight, dead };
}
