/**
 * Settings live in the extension's IndexedDB (`config` store), which content scripts cannot open:
 * connections, base URLs and the destination decide where data and credentials go, and
 * `storage.local` — where they were kept until database v3 — is readable and writable by content
 * scripts. The background is their only writer (extension pages send it `settings/update`); see
 * docs/architecture.md, "Where state lives".
 *
 * Every read is parsed by the zod schema, so a damaged value falls back to defaults field by field
 * instead of breaking the extension. Every write is one read-modify-write inside a single IndexedDB
 * transaction, so two writers can never lose each other's change.
 */
import { clock } from '../clock';
import { connectionOrigin, definitions } from '../connectors/catalog';
import { DEFAULT_SETTINGS, Settings, type SettingsInput } from '../model/settings';
import { db } from './db';
import { readLegacySettings, removeLegacySettings } from './legacy-settings';

const SETTINGS_ID = 'settings';

/** Parses a stored value leniently: each invalid top-level field is replaced by its default. */
export function parseSettings(raw: unknown): Settings {
  const whole = Settings.safeParse(raw ?? {});
  if (whole.success) return whole.data;
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const repaired: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    const trial = Settings.safeParse({ [field]: value });
    if (trial.success) repaired[field] = value;
  }
  return Settings.safeParse(repaired).data ?? DEFAULT_SETTINGS;
}

export async function getSettings(): Promise<Settings> {
  const record = await (await db()).get('config', SETTINGS_ID);
  if (record) return parseSettings(record.value);
  return moveLegacySettings();
}

/**
 * Validates `change(current)` and saves it in the same transaction that read `current`, so a
 * concurrent writer's change is never lost. Throws the zod error (with paths, for inline messages)
 * when the result is invalid; nothing is written then.
 */
export async function updateSettings(change: (current: Settings) => SettingsInput): Promise<Settings> {
  await getSettings(); // the one-time move from storage.local, outside the transaction below
  const tx = (await db()).transaction('config', 'readwrite');
  const store = tx.objectStore('config');
  const current = parseSettings((await store.get(SETTINGS_ID))?.value);
  let next: Settings;
  try {
    next = Settings.parse(change(current));
  } catch (error) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw error;
  }
  await store.put({ id: SETTINGS_ID, value: next, updatedAt: clock.iso() });
  await tx.done;
  return next;
}

/** Replaces the settings as a whole (tests, "delete everything"). */
export function saveSettings(next: SettingsInput): Promise<Settings> {
  return updateSettings(() => next);
}

/**
 * The first read after the upgrade to v3: take the settings a v2 install kept in `storage.local`
 * (migrated to the current shape), write them here, bind each saved secret to the address it was
 * entered for, and remove the old copy. `add` makes two contexts racing here agree on one result.
 */
async function moveLegacySettings(): Promise<Settings> {
  const legacy = await readLegacySettings();
  const settings = parseSettings(legacy ?? {});
  const database = await db();
  const tx = database.transaction(['config', 'secrets'], 'readwrite');
  const existing = await tx.objectStore('config').get(SETTINGS_ID);
  if (existing) {
    await tx.done;
    return parseSettings(existing.value);
  }
  await tx.objectStore('config').add({ id: SETTINGS_ID, value: settings, updatedAt: clock.iso() });
  const secrets = tx.objectStore('secrets');
  // Each connection's secret, and those its connector derives (a cached token), go to its address.
  const origins: Record<string, string | undefined> = {};
  for (const connector of definitions()) {
    const origin = connectionOrigin(connector, (settings.connections as Record<string, Record<string, unknown> | undefined>)[connector.kind]);
    for (const id of [connector.kind, ...(connector.derivedSecrets ?? [])]) origins[id] = origin;
  }
  for (const record of await secrets.getAll()) {
    if (record.origin) continue;
    const origin = origins[record.id];
    // A secret with no connection to tie it to is of no use to anyone: drop it rather than guess.
    if (origin) await secrets.put({ ...record, origin });
    else await secrets.delete(record.id);
  }
  await tx.done;
  if (legacy !== undefined) await removeLegacySettings();
  return settings;
}
