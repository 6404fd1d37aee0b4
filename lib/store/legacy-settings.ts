/**
 * Settings as versions before database v3 kept them: a versioned WXT storage item in
 * `storage.local`. Read once, by the move in settings.ts, and then removed. The item is defined only
 * when that move runs, so loading the settings module never writes to `storage.local`.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';

/** The last version of the storage.local settings item. */
export const LEGACY_SETTINGS_VERSION = 2;

/**
 * Numbered migrations: `n` takes a value written by version n-1 to version n.
 * v2: connection settings moved under `connections` (v1 kept `hubspot`, `mautic`, `webhook` at the top).
 */
export const SETTINGS_MIGRATIONS: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
  2(old) {
    const { hubspot, mautic, webhook, ...rest } = old;
    const connections = { ...(old.connections as object | undefined), hubspot, mautic, webhook };
    return { ...rest, connections: Object.fromEntries(Object.entries(connections).filter(([, v]) => v != null)) };
  },
};

const KEY = 'settings';
/** Where WXT keeps the item's version. */
const META_KEY = 'settings$';

/** The old settings migrated to the last storage.local shape, or undefined when there are none. */
export async function readLegacySettings(): Promise<Record<string, unknown> | undefined> {
  const stored = await browser.storage.local.get([KEY, META_KEY]);
  if (stored[KEY] === undefined) return undefined;
  const item = storage.defineItem<Record<string, unknown>>(`local:${KEY}`, {
    fallback: {},
    version: LEGACY_SETTINGS_VERSION,
    migrations: SETTINGS_MIGRATIONS,
  });
  await item.migrate();
  return item.getValue();
}

export async function removeLegacySettings(): Promise<void> {
  await browser.storage.local.remove([KEY, META_KEY]);
}
