/**
 * What the options page reads from the background besides the settings (the sync queue, the links,
 * detection health) is read again on each of the background's pushes that may have changed it:
 * `push/actions-changed` after a drain or the erase, `push/settings` after any settings change or the
 * erase (docs/architecture.md, "The push protocol"). Only the background's word counts, as
 * `watchSettings` checks: the extension's id and no tab (a content script's message always has one).
 */
import { useEffect, useRef } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Push } from '@/lib/model/messages';

/** Calls `reload` once when mounted and again on each push of `types` from the background. */
export function useReloadOnPush(types: readonly Push['type'][], reload: () => void): void {
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => {
    latest.current();
    const listener = (message: unknown, sender: { id?: string; tab?: unknown }) => {
      if (sender.id !== browser.runtime.id || sender.tab) return undefined;
      const type = (message as { type?: unknown } | null)?.type;
      if (types.includes(type as Push['type'])) latest.current();
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, [types.join()]);
}
