/**
 * "Delete everything": every store of the extension's database is cleared in one transaction, so an
 * interrupted delete leaves all the data or none of it, never half; settings go back to their
 * defaults with it (they live in the database too). Then the emptied database is deleted, so its space
 * is given back at once. Then everything outside it the extension wrote:
 * `storage.local` and `storage.session`, and the host access granted for CRM and webhook addresses.
 * Open sidebars and side panels are emptied by the tab owner (the background calls both).
 * Before any of this, the background's `data/erase` asks the providers of signed-in connections
 * (Salesforce) to revoke their tokens, best effort and for at most a few seconds
 * (`revokeSignInsBeforeErase` in lib/background/connect.ts): the tokens are in what is deleted here.
 */
import { browser } from 'wxt/browser';
import { db, deleteDatabaseFiles } from '../store/db';

export async function deleteEverything(): Promise<void> {
  const database = await db();
  const stores = [...database.objectStoreNames];
  const tx = database.transaction(stores, 'readwrite');
  await Promise.all([...stores.map((name) => tx.objectStore(name).clear()), tx.done]);
  // The data is gone; this gives its space back (a clear alone leaves it allocated until compaction).
  await deleteDatabaseFiles();
  await browser.storage.local.clear();
  await (browser.storage as { session?: { clear(): Promise<void> } }).session?.clear();
  await revokeOptionalHosts();
}

/** Removes every granted host access beyond the supported sites the manifest asks for at install. */
async function revokeOptionalHosts(): Promise<void> {
  try {
    const required = new Set(browser.runtime.getManifest().host_permissions ?? []);
    const granted = (await browser.permissions.getAll()).origins ?? [];
    const optional = granted.filter((origin) => !required.has(origin));
    if (optional.length > 0) await browser.permissions.remove({ origins: optional });
  } catch {
    // No permissions API (tests) or nothing to remove.
  }
}
