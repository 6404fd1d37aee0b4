/**
 * The translator lives in lib/i18n.ts (the background translates too; docs/architecture.md,
 * "Languages"); this re-export keeps the components' imports as they were.
 */
export { formatCount, localizer, type MessageEntry, type MessageKey, plural, type PluralKey, semicolonList, t, uiLocale, useFallbackMessages } from '@/lib/i18n';
