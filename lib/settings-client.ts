/**
 * Settings as extension pages (options, welcome) use them: read from the extension's database,
 * changed only by asking the background, which validates, writes in one transaction and tells every
 * open page and tab (docs/architecture.md, "Every write goes through the background").
 */
import { browser } from 'wxt/browser';
import { send } from './messaging';
import type { SettingsPatch } from './model/messages';
import type { Settings } from './model/settings';
import { getSettings } from './store/settings';

export { getSettings };

export function changeSettings(patch: SettingsPatch): Promise<Settings> {
  return send({ type: 'settings/update', patch });
}

/** Calls back with the settings each time the background says they changed. Returns the unsubscribe. */
export function watchSettings(callback: (settings: Settings) => void): () => void {
  const listener = (message: unknown, sender: { id?: string; tab?: unknown }) => {
    if (sender.id !== browser.runtime.id || sender.tab) return undefined; // the background only
    if ((message as { type?: unknown } | null)?.type === 'push/settings') void getSettings().then(callback);
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
