/**
 * Credentials, kept only in the extension's IndexedDB: content scripts cannot open it, unlike
 * `storage.local`. Nothing here is ever logged, sent to a content script, or shown back in full.
 *
 * Each secret is bound to the origin it was entered for and is only handed out for that origin:
 * a connection whose address changes (however it changed) cannot carry the old token to the new
 * address; the rep enters it again.
 */
import { clock } from '../clock';
import { db } from './db';

export async function setSecret(id: string, values: Record<string, string>, origin: string): Promise<void> {
  await (await db()).put('secrets', { id, values, origin, updatedAt: clock.iso() });
}

/**
 * Replaces the secret `id` only while one is stored for `origin`; false when there is none. A
 * connector saving what it learned on its own (a refreshed token) uses this, not `setSecret`: a refresh
 * still under way when the rep pressed Disconnect or "Delete everything" must not bring the credential
 * back (into the new, empty database after an erase).
 */
export async function replaceSecret(id: string, values: Record<string, string>, origin: string): Promise<boolean> {
  return (await mergeSecret(id, origin, (saved) => (saved ? values : undefined))) !== undefined;
}

/**
 * Reads the secret `id` saved for `origin` (undefined when there is none, or it belongs to another
 * origin), lets `merge` say what to keep, and writes that in the same transaction; `merge` returning
 * undefined writes nothing. Options' Save uses it: a refresh that rotated the tokens between a separate
 * read and write would have its new refresh token overwritten by the spent one.
 */
export async function mergeSecret(
  id: string,
  origin: string,
  merge: (saved: Record<string, string> | undefined) => Record<string, string> | undefined,
): Promise<Record<string, string> | undefined> {
  const tx = (await db()).transaction('secrets', 'readwrite');
  const stored = await tx.store.get(id);
  const values = merge(stored?.origin === origin ? stored.values : undefined);
  if (values) await tx.store.put({ id, values, origin, updatedAt: clock.iso() });
  await tx.done;
  return values;
}

/** The secret `id` if it was entered for `origin`; undefined otherwise (or when there is none). */
export async function getSecret(id: string, origin: string | undefined): Promise<Record<string, string> | undefined> {
  if (!origin) return undefined;
  const record = await (await db()).get('secrets', id);
  return record && record.origin === origin ? record.values : undefined;
}

/** Which origin a saved secret belongs to (Options compares it with the address being saved). */
export async function secretOrigin(id: string): Promise<string | undefined> {
  return (await (await db()).get('secrets', id))?.origin;
}

export async function deleteSecret(id: string): Promise<void> {
  await (await db()).delete('secrets', id);
}

/** "••••abcd" — enough for the rep to recognise a saved token, not enough to use it. */
export function maskSecret(value: string | undefined): string {
  if (!value) return '';
  return value.length <= 8 ? '••••' : `••••${value.slice(-4)}`;
}
