/** The rep's answers to "which of these people is it?", remembered per detected key. */
import { clock } from '../clock';
import { db } from './db';

export async function rememberChoice(detectedKey: string, chosenKey: string): Promise<void> {
  await (await db()).put('matches', { detectedKey, chosenKey, chosenAt: clock.iso() });
}

export async function chosenFor(detectedKey: string): Promise<string | undefined> {
  return (await (await db()).get('matches', detectedKey))?.chosenKey;
}
