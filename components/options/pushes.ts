/**
 * What the options page reads from the background besides the settings (the sync queue, the links,
 * detection health) is read again on each of the background's pushes that may have changed it:
 * `push/actions-changed` after a drain or the erase, `push/settings` after any settings change or the
 * erase (docs/architecture.md, "The push protocol").
 */
import { useEffect, useRef } from 'preact/hooks';
import type { Push } from '@/lib/model/messages';
import { usePush } from '../pushes';

/** Calls `reload` once when mounted and again on each push of `types` from the background. */
export function useReloadOnPush(types: readonly Push['type'][], reload: () => void): void {
  const latest = useRef(reload);
  latest.current = reload;
  useEffect(() => {
    latest.current();
  }, []);
  usePush(types, () => latest.current());
}
