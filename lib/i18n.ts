/**
 * Strings for every extension context (docs/architecture.md, "Languages"). `browser.i18n.getMessage`
 * picks the user's language and itself falls back to English for a key a locale lacks. Where the API
 * does not exist (unit tests) a table registered with `useFallbackMessages` answers. The table is not
 * bundled: it would add ~6 KB gzip to the content script for nothing a browser needs.
 *
 * The browser API has no plural forms, so this file adds one convention: a counted message is a set of
 * keys `name_<category>` (the CLDR categories `Intl.PluralRules` returns: `one`, `other`, and `many` in
 * French and Spanish), chosen by `plural` for the language the strings are in. In lib/ rather than
 * components/ because the background (the toolbar badge) translates too.
 */
import type english from '@/public/_locales/en/messages.json';

/** One entry in the messages.json format. */
export interface MessageEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}

type GetMessage = (name: string, substitutions?: string[]) => string;
type I18n = { getMessage: GetMessage; getUILanguage(): string };
type Namespace = { i18n?: I18n } | undefined;

/**
 * The browser's own `i18n` (Firefox's `browser`, Chrome's `chrome`), not webextension-polyfill's: its
 * calls are synchronous, so the polyfill only passes them through. Every other extension call still goes
 * through the polyfill; this keeps it out of the sidebar script, whose only other calls are the content
 * script's sender (docs/architecture.md, "What the content script carries").
 */
function i18n(): I18n | undefined {
  const scope = globalThis as { browser?: Namespace; chrome?: Namespace };
  return scope.browser?.i18n ?? scope.chrome?.i18n;
}

export type MessageKey = keyof typeof english;

type PluralBase<K> = K extends `${infer Base}_other` ? (`${Base}_one` extends MessageKey ? Base : never) : never;

/** The base names of counted messages: `people` for `people_one` / `people_other` (not `event` for `event_other`). */
export type PluralKey = PluralBase<MessageKey>;

let fallback: Record<string, MessageEntry> = {};
let locale: string | undefined;

/** Tests (and any context without `browser.i18n`): the table to answer from, English unless a test says. */
export function useFallbackMessages(table: Record<string, MessageEntry>): void {
  fallback = table;
  locale = undefined;
}

/** A translator; `table` answers before the registered fallback where the browser has no message. */
export function localizer<K extends string>(table?: Record<K, MessageEntry>) {
  return function translate(key: K, ...substitutions: (string | number)[]): string {
    return lookup(key, substitutions.map(String), table) ?? key;
  };
}

/** The message, or undefined when neither the browser nor a table has the key. */
function lookup(key: string, subs: string[], table?: Record<string, MessageEntry>): string | undefined {
  try {
    const localized = i18n()?.getMessage(key, subs);
    if (localized) return localized;
  } catch {
    // An extension context that was invalidated (the extension reloaded under the page): the table answers.
  }
  const entry = table?.[key] ?? fallback[key];
  return entry ? format(entry, subs) : undefined;
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

/**
 * The locale to format and pluralise in: the language the strings came from (each messages.json names
 * its own in `messagesLocale`), refined by the browser's UI language when that is a variant of it
 * (`de-AT`, `en-GB`). A browser in Portuguese gets English strings, so English numbers and plurals.
 */
export function uiLocale(): string {
  if (locale) return locale;
  const language = lookup('messagesLocale', []) ?? 'en';
  let ui = '';
  try {
    ui = i18n()?.getUILanguage() ?? '';
  } catch {
    // An invalidated extension context, as above.
  }
  const variant = ui.replace(/_/g, '-');
  locale = variant.toLowerCase().split('-')[0] === language ? variant : language;
  return locale;
}

/**
 * Intl objects per locale: building one costs tens of microseconds, and the background's lookup
 * builds a card's reasons (several counted messages) on every lookup (bench/, "lookup").
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

function memo<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (!value) cache.set(key, (value = make()));
  return value;
}

/** A whole number in the UI language ("1.234" in German). */
export function formatCount(count: number): string {
  const at = uiLocale();
  return memo(numberFormats, at, () => new Intl.NumberFormat(at)).format(count);
}

/**
 * A counted message: `key_<category>` for `count` in the UI language, with the formatted count as `$1`
 * and `more` as `$2`…; `key_other` when the language has no message for the category.
 */
export function plural(key: PluralKey, count: number, ...more: (string | number)[]): string {
  const subs = [formatCount(count), ...more.map(String)];
  const at = uiLocale();
  const category = memo(pluralRules, at, () => new Intl.PluralRules(at)).select(count);
  return lookup(`${key}_${category}`, subs) ?? lookup(`${key}_other`, subs) ?? key;
}

/** The card, sidebar, side panel and page strings (public/_locales/en/messages.json). */
export const t = localizer<MessageKey>();

/**
 * Items joined by semicolons the way the UI language writes them ("a; b; c", French "a ; b ; c" with
 * a no-break space): each pair goes through `heatReasons_pair`, the one place that spacing is written.
 */
export function semicolonList(items: readonly string[]): string {
  return items.length === 0 ? '' : items.reduce((joined, item) => t('heatReasons_pair', joined, item));
}
