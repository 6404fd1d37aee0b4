/**
 * Whether the rep folded the sidebar, per site. Kept by the background in the extension's database
 * (the content script asks with `page/settings` and tells with `page/collapse`), so no content script
 * writes to storage, and "delete everything" clears it with the rest.
 */
import { clock } from '../clock';
import type { SiteId } from '../sites';
import { db } from '../store/db';

const FOLDED_ID = 'sidebar-folded';

async function folded(): Promise<Partial<Record<SiteId, boolean>>> {
  const value = (await (await db()).get('config', FOLDED_ID))?.value;
  return value && typeof value === 'object' ? (value as Partial<Record<SiteId, boolean>>) : {};
}

export async function readFolded(site: SiteId): Promise<boolean> {
  return (await folded())[site] === true;
}

export async function writeFolded(site: SiteId, collapsed: boolean): Promise<void> {
  const tx = (await db()).transaction('config', 'readwrite');
  const current = ((await tx.store.get(FOLDED_ID))?.value ?? {}) as Record<string, boolean>;
  await tx.store.put({ id: FOLDED_ID, value: { ...current, [site]: collapsed }, updatedAt: clock.iso() });
  await tx.done;
}
