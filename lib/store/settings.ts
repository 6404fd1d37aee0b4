/**
 * Settings live in `storage.local` through a versioned WXT storage item (content scripts may read
 * them; they hold no credentials). Every read is parsed by the zod schema, so a damaged or
 * hand-edited value falls back to defaults field by field instead of breaking the extension.
 */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, SETTINGS_VERSION, Settings, type SettingsInput } from '../model/settings';

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

export const settingsItem = storage.defineItem<Record<string, unknown>>('local:settings', {
  fallback: {},
  version: SETTINGS_VERSION,
  migrations: SETTINGS_MIGRATIONS,
});

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
  return parseSettings(await settingsItem.getValue());
}

/** Validates and saves; throws the zod error (with paths for inline messages) when invalid. */
export async function saveSettings(next: SettingsInput): Promise<Settings> {
  const parsed = Settings.parse(next);
  await settingsItem.setValue(parsed as unknown as Record<string, unknown>);
  return parsed;
}

export async function updateSettings(change: (current: Settings) => SettingsInput): Promise<Settings> {
  return saveSettings(change(await getSettings()));
}

export function watchSettings(callback: (settings: Settings) => void): () => void {
  return settingsItem.watch((value) => callback(parseSettings(value)));
}
