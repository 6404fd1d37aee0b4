/**
 * The few settings a content script needs, asked of the background: the content script reads no
 * storage at all (settings live in the extension's database, which it cannot open) and writes none.
 */
import { send } from '../messaging';
import type { PageSettings } from '../model/view';

export type { PageSettings };

/** What the page needs to start; off when the background cannot be reached (updating, reloading). */
export function readPageSettings(): Promise<PageSettings> {
  return send({ type: 'page/settings' }).catch(() => ({ enabled: false, overlay: false, collapsed: false }));
}

export async function writeCollapsed(collapsed: boolean): Promise<void> {
  await send({ type: 'page/collapse', collapsed }).catch(() => undefined);
}
