/**
 * An error whose message is meant for the rep, with the code a reply carries. Any layer may throw it
 * (the store when the disk is full, the outbox when an action cannot change); the background's router
 * hands its code and words to the caller as they are, and reports anything else as `internal`.
 */
export const ERROR_CODES = ['invalid', 'too-large', 'forbidden', 'not-found', 'unavailable', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class UserFacingError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** What a caught value says, for a line the rep reads: an Error's message, anything else as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The background refused the request itself (`invalid`, `forbidden`), not its delivery: sent again as
 * it was, it would be refused again. Read off any thrown value's `code`, as a reply's error carries it.
 */
export function refusedAsSent(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'invalid' || code === 'forbidden';
}

/** The name `DatabaseErasedError` (lib/store/db.ts) goes by, here so pages need not load the store to tell it. */
export const DATABASE_ERASED = 'DatabaseErasedError';

/** The work (an import, the demo load) stopped because "Delete everything" deleted its database meanwhile. */
export function erasedMidway(error: unknown): boolean {
  return error instanceof Error && error.name === DATABASE_ERASED;
}
