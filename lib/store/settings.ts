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
import type { IDBPObjectStore } from 'idb';
import { db, LEGACY_SETTINGS_PENDING, type ProspectLensDB } from './db';
import { readLegacySettings, removeLegacySettings } from './legacy-settings';

const SETTINGS_ID = 'settings';

type SecretsStore = IDBPObjectStore<ProspectLensDB, ('config' | 'secrets')[], 'secrets', 'readwrite'>;

/**
 * Parses a stored value leniently: each invalid top-level field is replaced by its default, and each
 * invalid connection is dropped on its own (one connection today's rules refuse must not take the
 * others, and with them their credentials, along).
 */
export function parseSettings(raw: unknown): Settings {
  const whole = Settings.safeParse(raw ?? {});
  if (whole.success) return whole.data;
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const repaired: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) {
    const kept = field === 'connections' ? validConnections(value) : value;
    if (Settings.safeParse({ [field]: kept }).success) repaired[field] = kept;
  }
  return Settings.safeParse(repaired).data ?? DEFAULT_SETTINGS;
}

function validConnections(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([kind, connection]) => Settings.safeParse({ connections: { [kind]: connection } }).success));
}

export async function getSettings(): Promise<Settings> {
  const record = await (await db()).get('config', SETTINGS_ID);
  if (record) return parseSettings(record.value);
  return firstSettings();
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
 * The first read of a database: defaults, or — the first read after an upgrade from before v3, which
 * left LEGACY_SETTINGS_PENDING (db.ts) — the settings that install kept in `storage.local` (migrated
 * to the current shape), with each saved secret bound to the address it was entered for; the old copy
 * is then removed. Without the marker nothing found in `storage.local` is taken: content scripts can
 * write it, and settings decide where data and credentials go. `add` makes two contexts racing here agree
 * on one result.
 */
async function firstSettings(): Promise<Settings> {
  // Read first (storage cannot be awaited inside the transaction), used only if the marker says so.
  const legacy = await readLegacySettings();
  const tx = (await db()).transaction(['config', 'secrets'], 'readwrite');
  const config = tx.objectStore('config');
  const existing = await config.get(SETTINGS_ID);
  if (existing) {
    await tx.done;
    return parseSettings(existing.value);
  }
  // Looked for in this transaction: a database made new since (Delete everything) has none.
  const upgraded = (await config.get(LEGACY_SETTINGS_PENDING)) !== undefined;
  const moving = upgraded && legacy !== undefined;
  const settings = parseSettings(moving ? legacy : {});
  await config.add({ id: SETTINGS_ID, value: settings, updatedAt: clock.iso() });
  if (upgraded) {
    await config.delete(LEGACY_SETTINGS_PENDING);
    await bindLegacySecrets(tx.objectStore('secrets'), settings);
  }
  await tx.done;
  if (moving) await removeLegacySettings();
  return settings;
}

/** Each connection's secret, and those its connector derives (a cached token), go to its address. */
async function bindLegacySecrets(secrets: SecretsStore, settings: Settings): Promise<void> {
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
}
