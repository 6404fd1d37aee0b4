/**
 * How many looks in a row could not tell whether an uncertain action arrived, per action id, kept in
 * `storage.session`: `afterCheck` (state.ts) gives up only once a day has passed and several looks
 * could not tell, so one look made on waking from a weekend asleep (the network not up yet) does not
 * make the action dead. The count belongs to no row because only the sync engine reads it, and
 * losing it (a browser restart) only means a few more looks before giving up.
 */
import { sessionArea } from '../platform';

const SESSION_KEY = 'syncUnsureLooks';

type Looks = Record<string, number>;

async function read(): Promise<Looks> {
  const stored = (await sessionArea().get(SESSION_KEY))[SESSION_KEY];
  return stored && typeof stored === 'object' ? (stored as Looks) : {};
}

/** Counts one more look at `id` that could not tell, and returns the count, this look included. */
export async function countUnsureLook(id: string): Promise<number> {
  const looks = await read();
  looks[id] = (looks[id] ?? 0) + 1;
  await sessionArea().set({ [SESSION_KEY]: looks });
  return looks[id];
}

/** The action got a definite answer, went dead or is gone: its next uncertainty counts from zero. */
export async function forgetLooks(id: string): Promise<void> {
  const looks = await read();
  if (!(id in looks)) return;
  delete looks[id];
  await sessionArea().set({ [SESSION_KEY]: looks });
}
