/**
 * Why a restore of "Export everything" (restore.ts) rejects an element or stops, as data, like
 * reasons.ts: the worker names the problem, the page words it (summary.ts, `rowReason`). And the one
 * thing a restore words itself: why a restored action waits for the rep (`heldReason`).
 */
import { localizer, t } from '../i18n';
import { syncError_restoredHeld as de } from '@/public/_locales/de/messages.json';
import { syncError_restoredHeld as en } from '@/public/_locales/en/messages.json';
import { syncError_restoredHeld as es } from '@/public/_locales/es/messages.json';
import { syncError_restoredHeld as fr } from '@/public/_locales/fr/messages.json';
import { clip } from './reasons';

/** Every key a restore can name beside reasons.ts's; the worker protocol accepts these too. */
export const RESTORE_REASON_KEYS = ['restoreReason_invalid', 'restoreReason_newerVersionRest', 'restoreReason_notExportRest', 'restoreReason_cutOff', 'restoreReason_noPerson'] as const;

export type RestoreReasonKey = (typeof RESTORE_REASON_KEYS)[number];

export interface RestoreProblem {
  key: RestoreReasonKey;
  args?: (string | number)[];
}

/** Strings are clipped where the reason is made, as reasons.ts's `problem` does. */
export function restoreProblem(key: RestoreReasonKey, ...args: (string | number)[]): RestoreProblem {
  return args.length ? { key, args: args.map((arg) => (typeof arg === 'string' ? clip(arg) : arg)) } : { key };
}

const HELD = { de, en, es, fr };

/**
 * The reason a restored action shows until the rep chooses Retry. It is stored in the action's
 * `lastError`, so it is worded here, in the rep's language. The page (and a test) has `browser.i18n`
 * or the registered table; the import worker has neither, so it takes this one message of each
 * language (only it is bundled) and picks by the worker's `navigator.language`, English otherwise.
 */
export function heldReason(): string {
  const worded = t('syncError_restoredHeld');
  if (worded !== 'syncError_restoredHeld') return worded;
  const language = (globalThis.navigator?.language ?? 'en').toLowerCase().split('-')[0] as keyof typeof HELD;
  return localizer({ syncError_restoredHeld: HELD[language] ?? en })('syncError_restoredHeld');
}
