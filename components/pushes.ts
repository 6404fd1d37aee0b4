/**
 * The background's pushes to extension pages (docs/architecture.md, "The push protocol"), for a page's
 * components. Only the background's word counts, as `watchSettings` checks: the extension's id and no
 * tab (a content script's message always has one).
 */
import { useEffect, useRef } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Push } from '@/lib/model/messages';

/** Calls `onPush` on each push of `types` from the background while the component is mounted. */
export function usePush(types: readonly Push['type'][], onPush: (type: Push['type']) => void): void {
  const latest = useRef(onPush);
  latest.current = onPush;
  useEffect(() => {
    const listener = (message: unknown, sender: { id?: string; tab?: unknown }) => {
      if (sender.id !== browser.runtime.id || sender.tab) return undefined;
      const type = (message as { type?: unknown } | null)?.type;
      if (types.includes(type as Push['type'])) latest.current(type as Push['type']);
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, [types.join()]);
}
