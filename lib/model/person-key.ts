/**
 * The keys a detector may give a person (the Candidate schema, lib/model/prospect.ts), without zod, so
 * the content script checks the same rules before it sends (lib/identity/candidate.ts): an address,
 * `linkedin:`/`linkedin-sales:`, or `name:` with a name and no address — a person, never a list entry.
 */

/** The key prefix of a person a page shows by name only (lib/identity/name.ts; Outlook's persona buttons). */
export const NAME_KEY_PREFIX = 'name:';

export const PERSON_KEY = /^(?:[^@\s]+@[^@\s]+|linkedin:\S+|linkedin-sales:\S+|name:.+)$/s;

/** A name key carries a name and no address: code that tells addresses by their "@" never takes it for one. */
export function isNameKeyWellFormed(candidate: { key: string; email?: string; name?: string }): boolean {
  const { key } = candidate;
  return !key.startsWith(NAME_KEY_PREFIX) || (!candidate.email && !!candidate.name && key.length > NAME_KEY_PREFIX.length && !key.includes('@'));
}
