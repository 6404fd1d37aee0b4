/**
 * "Delete everything": every store of the extension's database is cleared in one transaction, so an
 * interrupted delete leaves all the data or none of it, never half; then settings go back to their
 * defaults. Credentials go too: nothing the user entered survives.
 */
import { DEFAULT_SETTINGS } from '../model/settings';
import { db } from '../store/db';
import { saveSettings } from '../store/settings';

export async function deleteEverything(): Promise<void> {
  const database = await db();
  const stores = [...database.objectStoreNames];
  const tx = database.transaction(stores, 'readwrite');
  await Promise.all([...stores.map((name) => tx.objectStore(name).clear()), tx.done]);
  await saveSettings(DEFAULT_SETTINGS);
}
