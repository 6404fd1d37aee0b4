/**
 * Strings for every extension UI. `browser.i18n.getMessage` picks the user's language and itself falls
 * back to English for a key a locale lacks. Where the API does not exist (unit tests) an English table
 * registered with `useFallbackMessages` answers. The table is not bundled: it would add ~6 KB gzip to
 * the content script for nothing a browser needs.
 */
import type english from '@/public/_locales/en/messages.json';

/** One entry in the messages.json format. */
export interface MessageEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

type GetMessage = (name: string, substitutions?: string[]) => string;
type Namespace = { i18n?: { getMessage: GetMessage } } | undefined;

/**
 * The browser's own `i18n` (Firefox's `browser`, Chrome's `chrome`), not webextension-polyfill's:
 * getMessage is synchronous, so the polyfill only passes it through. Every other extension call still
 * goes through the polyfill; this keeps it out of the sidebar script, whose only other calls are the
 * content script's sender (docs/architecture.md, "What the content script carries").
 */
function getMessage(): GetMessage {
  const scope = globalThis as { browser?: Namespace; chrome?: Namespace };
  const i18n = scope.browser?.i18n ?? scope.chrome?.i18n;
  if (!i18n) throw new Error('No i18n API in this context');
  return i18n.getMessage.bind(i18n);
}

let fallback: Record<string, MessageEntry> = {};

/** Tests (and any context without `browser.i18n`): the English table to answer from. */
export function useFallbackMessages(table: Record<string, MessageEntry>): void {
  fallback = table;
}

/** A translator; `table` answers before the registered fallback where the browser has no message. */
export function localizer<K extends string>(table?: Record<K, MessageEntry>) {
  return function translate(key: K, ...substitutions: (string | number)[]): string {
    const subs = substitutions.map(String);
    try {
      const localized = getMessage()(key, subs);
      if (localized) return localized;
    } catch {
      // No i18n API in this context: fall through to English.
    }
    const entry = table?.[key] ?? fallback[key];
    return entry ? format(entry, subs) : key;
  };
}

/** The browser's substitution rules: named `$NAME$` placeholders whose content is `$1`…`$9`; `$$` is a `$`. */
function format(entry: MessageEntry, subs: string[]): string {
  const fill = (text: string) => text.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
  return entry.message.replace(/\$(\w+)\$|\$\$/g, (whole, name: string | undefined) => {
    if (name === undefined) return '$';
    const placeholder = entry.placeholders?.[name.toLowerCase()];
    return placeholder ? fill(placeholder.content) : whole;
  });
}

export type MessageKey = keyof typeof english;

/** The card, sidebar and side panel strings (public/_locales/en/messages.json). */
export const t = localizer<MessageKey>();
