/**
 * What happens when the browser's storage quota runs out. Writers of data that can be fetched again
 * (source answers in the cache, imports) and of data that cannot (the outbox) both call
 * `withStoragePressure`: on a quota error it evicts the lookup cache — cached answers come back with
 * the next lookup — and tries the write once more. If there is still no room it throws
 * `StorageFullError`, a UserFacingError, so the popup or options page shows its words as they are.
 * The outbox is never evicted: an action the rep saw saved is never given up to make room.
 */
import { UserFacingError } from '../errors';
import { evictCache } from './cache';

export const STORAGE_FULL_MESSAGE =
  'Storage is full: Prospect Lens could not save this. Free space in the browser, or remove imported or demo data in Options.';

export class StorageFullError extends UserFacingError {
  constructor(readonly evicted: number) {
    super('unavailable', STORAGE_FULL_MESSAGE);
    this.name = 'StorageFullError';
  }
}

/**
 * A quota failure as browsers report it: the request's or the aborted transaction's error is a
 * `QuotaExceededError` DOMException (Firefox also used the legacy code 22 / NS_ERROR_DOM_QUOTA_REACHED).
 */
export function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, inner } = error as { name?: unknown; code?: unknown; inner?: unknown };
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22) return true;
  // An aborted transaction rejects `tx.done` with an AbortError whose cause is the quota error.
  const cause = (error as { cause?: unknown }).cause ?? inner;
  return cause !== undefined && cause !== error && isQuotaError(cause);
}

export interface PressureOptions {
  /** What to free before the retry; the lookup cache by default. Never the outbox. */
  evict?: () => Promise<number>;
}

/**
 * Runs `write`; on a quota error frees the cache and runs it once more. `write` must be safe to run
 * twice (a put by key is; a batch that half-committed must be written as one transaction).
 */
export async function withStoragePressure<T>(write: () => Promise<T>, options: PressureOptions = {}): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isQuotaError(error)) throw error;
  }
  const evicted = await (options.evict ?? (() => evictCache()))().catch(() => 0);
  try {
    return await write();
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError(evicted);
    throw error;
  }
}
