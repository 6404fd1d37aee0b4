/**
 * Strings for the card, sidebar and side panel. The browser's `i18n.getMessage` picks the user's
 * language; when it has no answer (a missing key, or unit tests where the API does not exist) the
 * English text from messages.json is used, so the UI never shows a bare key or an empty label.
 */
import { browser } from 'wxt/browser';
import english from '@/public/_locales/en/messages.json';

export type MessageKey = keyof typeof english;

interface MessageEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const subs = substitutions.map(String);
  try {
    const localized = browser.i18n.getMessage(key, subs);
    if (localized) return localized;
  } catch {
    // No i18n API in this context: fall through to English.
  }
  return format(english[key] as MessageEntry, subs);
}

/** The same substitution rules as the browser: named `$NAME$` placeholders whose content is `$1`…`$9`. */
function format(entry: MessageEntry, subs: string[]): string {
  const fill = (text: string) => text.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
  return entry.message.replace(/\$(\w+)\$/g, (whole, name: string) => {
    const placeholder = entry.placeholders?.[name.toLowerCase()];
    return placeholder ? fill(placeholder.content) : whole;
  });
}
