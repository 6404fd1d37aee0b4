/**
 * Credentials, kept only in the extension's IndexedDB: content scripts cannot open it, unlike
 * `storage.local`. Nothing here is ever logged, sent to a content script, or shown back in full.
 */
import { clock } from '../clock';
import { db } from './db';

export async function setSecret(id: string, values: Record<string, string>): Promise<void> {
  await (await db()).put('secrets', { id, values, updatedAt: clock.iso() });
}

export async function getSecret(id: string): Promise<Record<string, string> | undefined> {
  return (await (await db()).get('secrets', id))?.values;
}

export async function deleteSecret(id: string): Promise<void> {
  await (await db()).delete('secrets', id);
}

/** "••••abcd" — enough for the rep to recognise a saved token, not enough to use it. */
export function maskSecret(value: string | undefined): string {
  if (!value) return '';
  return value.length <= 8 ? '••••' : `••••${value.slice(-4)}`;
}
