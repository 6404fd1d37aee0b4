/**
 * Strings for the popup, options and welcome pages. `browser.i18n.getMessage` answers in the user's
 * language once the keys are in each locale's `messages.json`; until then (or in unit tests, where the
 * API does not exist) each page's own English table answers, so no label is ever blank.
 * Each table uses the messages.json format, so it can be merged into it unchanged.
 */
import { browser } from 'wxt/browser';

export interface MessageEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

type GetMessage = (name: string, substitutions?: string[]) => string;

export function localizer<K extends string>(english: Record<K, MessageEntry>) {
  return function m(key: K, ...substitutions: (string | number)[]): string {
    const subs = substitutions.map(String);
    try {
      const localized = (browser.i18n.getMessage as GetMessage)(key, subs);
      if (localized) return localized;
    } catch {
      // No i18n API here: English below.
    }
    return format(english[key], subs);
  };
}

/** The browser's substitution rules: named `$NAME$` placeholders whose content is `$1`…`$9`. */
function format(entry: MessageEntry, subs: string[]): string {
  const fill = (text: string) => text.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
  return entry.message.replace(/\$(\w+)\$/g, (whole, name: string) => {
    const placeholder = entry.placeholders?.[name.toLowerCase()];
    return placeholder ? fill(placeholder.content) : whole;
  });
}
