/**
 * The extension's keyboard shortcuts as the browser has them, for the welcome page and Options →
 * About. The rep may have changed them, and Chrome gives a command its suggested keys only when nothing
 * else holds them, so a command may have none: it then reads "not set — choose one…", never keys that
 * do nothing. Where there is no commands API (Firefox for Android, unit tests) the manifest's suggested
 * keys are shown, as before.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { type MessageKey, semicolonList, t } from './i18n';

/** Each manifest command (wxt.config.ts), what it does in words, and its suggested keys. */
const COMMANDS: readonly (readonly [name: string, does: MessageKey, suggested: string])[] = [
  ['_execute_action', 'commandLog', 'Alt+Shift+L'],
  ['toggle-sidebar', 'commandToggleSidebar', 'Alt+Shift+P'],
  ['open-side-panel', 'commandSidePanel', 'Alt+Shift+K'],
  ['log-email', 'commandLogEmail', 'Alt+Shift+E'],
];

/** "Log a sales action: Alt+Shift+L; Show or hide the sidebar: …", from the keys by command name. */
function shortcutList(keys: ReadonlyMap<string, string>): string {
  return semicolonList(COMMANDS.map(([name, does, suggested]) => t('labelValue', t(does), keys.get(name) ?? suggested)));
}

/** The browser's keys by command name (an empty one worded as not set); undefined without the API. */
async function browserKeys(): Promise<Map<string, string> | undefined> {
  try {
    const commands = await browser.commands.getAll();
    return new Map(commands.map((command) => [command.name ?? '', command.shortcut || t('shortcutNotSet')]));
  } catch {
    return undefined;
  }
}

/** The shortcut list: the suggested keys at first, the browser's once it has answered. */
export function useShortcutList(): string {
  const [list, setList] = useState(() => shortcutList(new Map()));
  useEffect(() => {
    let current = true;
    void browserKeys().then((keys) => current && keys && setList(shortcutList(keys)));
    return () => {
      current = false;
    };
  }, []);
  return list;
}
