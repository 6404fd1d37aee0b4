/**
 * Why a restore of "Export everything" (restore.ts) rejects an element or stops, as data, like
 * reasons.ts: the worker names the problem, the page words it (summary.ts, `rowReason`). And the one
 * thing a restore words itself: why a restored action waits for the rep (`heldReason`).
 */
import { t } from '../i18n';
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

/**
 * The reason a restored action shows until the rep chooses Retry. It is stored in the action's
 * `lastError`, so it is worded where the words are: by the page that starts the import (it has
 * `browser.i18n`), which hands it to the import worker (lib/import/in-worker.ts); the worker has no
 * message table of its own.
 */
export function heldReason(): string {
  return t('syncError_restoredHeld');
}
