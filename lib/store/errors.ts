/** The last errors, for "copy diagnostics". Messages only: never request bodies or headers. */
import { clock } from '../clock';
import { db } from './db';

const KEEP = 50;

export async function recordError(where: string, error: unknown): Promise<void> {
  const message = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 500);
  try {
    const database = await db();
    await database.add('errors', { at: clock.iso(), where, message });
    const count = await database.count('errors');
    if (count > KEEP) {
      const tx = database.transaction('errors', 'readwrite');
      let cursor = await tx.store.openCursor();
      for (let extra = count - KEEP; cursor && extra > 0; extra--) {
        await cursor.delete();
        cursor = await cursor.continue();
      }
      await tx.done;
    }
  } catch {
    // Recording an error must never raise another.
  }
}

export async function recentErrors(): Promise<{ at: string; where: string; message: string }[]> {
  return ((await (await db()).getAll('errors')) ?? []).map(({ at, where, message }) => ({ at, where, message }));
}
