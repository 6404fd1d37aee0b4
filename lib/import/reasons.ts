/**
 * Why an import rejects a row (or a whole file), as data: a message key and what fills its
 * placeholders. The import runs in a dedicated worker, where there is no `browser.i18n`, so the worker
 * only names the problem; the page that shows it (Options) words it in the UI language with `t`
 * (docs/architecture.md, "Languages").
 */
import { formatCount, t } from '../i18n';

/** Every key a rejection can name; the worker protocol accepts these and no other. */
export const IMPORT_REASON_KEYS = [
  'importReason_unclosedQuote',
  'importReason_malformedQuote',
  'importReason_strayQuote',
  'importReason_unclosedQuoteRest',
  'importReason_notJson',
  'importReason_notJsonObject',
  'importReason_recordTooLong',
  'importReason_jsonNotArrayRest',
  'importReason_jsonExpectedCommaRest',
  'importReason_jsonTextAfterRest',
  'importReason_jsonEndsInside',
  'importReason_element',
  'importReason_notSingleValue',
  'importReason_valueCount',
  'importReason_tooLong',
  'importReason_tooLongPlain',
  'importReason_notNumber',
  'importReason_numberTooLarge',
  'importReason_notEmail',
  'importReason_notLinkedin',
  'importReason_missingIdentity',
  'importReason_notDate',
  'importReason_eventType',
  'importReason_eventTypeMeant',
  'importReason_needsDate',
  'importReason_unreadable',
  'importFormat_empty',
  'importFormat_unknown',
  'importFormat_header',
  'importFailed_report',
] as const;

export type ImportReasonKey = (typeof IMPORT_REASON_KEYS)[number];

/**
 * One problem: `args` fill the message's placeholders in order ($1, $2, …). Strings are the file's own
 * text (a column name, a value, clipped) and stay as they are; numbers are written in the UI language.
 */
export interface ImportProblem {
  key: ImportReasonKey;
  args?: (string | number)[];
}

/** The longest text a reason quotes. */
const CLIPPED_CHARS = 60;

/**
 * Every string is clipped here, where reasons are made: a column name or JSON key is the file's text
 * too, and the worker protocol refuses a long one (worker-protocol.ts), which would lose the summary.
 */
export function problem(key: ImportReasonKey, ...args: (string | number)[]): ImportProblem {
  return args.length ? { key, args: args.map((arg) => (typeof arg === 'string' ? clip(arg) : arg)) } : { key };
}

/** A value quoted in a reason: long ones are cut (the line number finds the rest). */
export function clip(value: string): string {
  return value.length > CLIPPED_CHARS ? `${value.slice(0, CLIPPED_CHARS - 3)}…` : value;
}

/** The problems in the UI language, every one of them: "occurred_at 'yesterday' is not a date; …". */
export function describeProblems(problems: readonly ImportProblem[]): string {
  const words = problems.map((p) => t(p.key, ...(p.args ?? []).map((arg) => (typeof arg === 'number' ? formatCount(arg) : arg))));
  return words.length ? words.reduce((list, next) => t('importReason_list', list, next)) : '';
}
