/**
 * "Delete everything": the extension's database is deleted, in one step, so an interrupted delete
 * leaves all the data or none of it, never half; settings go back to their defaults with it (they
 * live in the database too). Not cleared first, and kept closed for a moment after, so that Chromium
 * frees its files too (lib/store/db.ts, `deleteDatabaseFiles`; docs/architecture.md, "Delete everything").
 * Then everything outside it the extension wrote:
 * `storage.local` and `storage.session`, the host access granted for CRM and webhook addresses, and
 * the task reminders still shown (they name the person and carry the task's notes).
 * Open sidebars and side panels are emptied by the tab owner (the background calls both).
 * Before any of this, the background's `data/erase` asks the providers of signed-in connections
 * (Salesforce) to revoke their tokens, best effort and for at most a few seconds
 * (`revokeSignInsBeforeErase` in lib/background/connect.ts): the tokens are in what is deleted here.
 */
import { browser } from 'wxt/browser';
import { deleteDatabaseFiles } from '../store/db';
import { clearReminders } from '../sync/reminders';

export async function deleteEverything(): Promise<void> {
  // Every context closes its connection when asked (db.ts, `blocking`), so the deletion is not held up.
  await deleteDatabaseFiles();
  await browser.storage.local.clear();
  await (browser.storage as { session?: { clear(): Promise<void> } }).session?.clear();
  await revokeOptionalHosts();
  await clearReminders();
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
