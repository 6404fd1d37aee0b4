/** The rep's answers to "which of these people is it?", remembered per detected key. */
import { clock } from '../clock';
import { db, type MatchChoice } from './db';

export async function rememberChoice(detectedKey: string, chosenKey: string): Promise<void> {
  await (await db()).put('matches', { detectedKey, chosenKey, chosenAt: clock.iso() });
}

export async function chosenFor(detectedKey: string): Promise<string | undefined> {
  return (await (await db()).get('matches', detectedKey))?.chosenKey;
}

/**
 * Undo a link. A link is only this record (no prospect, event or action is moved when the rep links),
 * so deleting it gives both people back exactly as they were (docs/architecture.md, "Links and mutes").
 * Returns whether there was one.
 */
export async function forgetChoice(detectedKey: string): Promise<boolean> {
  const store = await db();
  const tx = store.transaction('matches', 'readwrite');
  const found = (await tx.store.get(detectedKey)) !== undefined;
  if (found) await tx.store.delete(detectedKey);
  await tx.done;
  return found;
}

/** Every remembered link, newest first (Options → Links and mutes). */
export async function listChoices(): Promise<MatchChoice[]> {
  const all = await (await db()).getAll('matches');
  return all.sort((a, b) => b.chosenAt.localeCompare(a.chosenAt));
}
