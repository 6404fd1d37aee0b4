/**
 * Imports and the demo data are written from the options and welcome pages (a File cannot cross
 * extension messaging, and the page shows the import's progress); the background is told at once
 * afterwards, so open sidebars and side panels show the new data without a reload.
 */
import { send } from '../messaging';

export async function thenTellBackground<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } finally {
    // Also after a cancelled or failed import: whole batches may have been written.
    await send({ type: 'data/changed' }).catch(() => undefined);
  }
}
