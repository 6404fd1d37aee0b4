/**
 * The keys a detector may give a person (the Candidate schema, lib/model/prospect.ts), without zod, so
 * the content script checks the same rules before it sends (lib/identity/candidate.ts): an address,
 * `linkedin:`/`linkedin-sales:`, or `name:` with a name and no address — a person, never a list entry.
 */

/** The canonical address of the LinkedIn profile with this (lower-cased, decoded) slug: the URL a `linkedin:` key's person has. */
export function profileUrl(slug: string): string {
  return `https://www.linkedin.com/in/${encodeURIComponent(slug)}`;
}

/** The key prefix of a person a page shows by name only (lib/identity/name.ts; Outlook's persona buttons). */
export const NAME_KEY_PREFIX = 'name:';

export const PERSON_KEY = /^(?:[^@\s]+@[^@\s]+|linkedin:\S+|linkedin-sales:\S+|name:.+)$/s;

/** A name key carries a name and no address: code that tells addresses by their "@" never takes it for one. */
export function isNameKeyWellFormed(candidate: { key: string; email?: string; name?: string }): boolean {
  const { key } = candidate;
  return !key.startsWith(NAME_KEY_PREFIX) || (!candidate.email && !!candidate.name && key.length > NAME_KEY_PREFIX.length && !key.includes('@'));
}

/**
 * Whether a candidate's address and profile are those its key names: an address key carries that
 * address or none; a LinkedIn key no address, and only its own profile's URL (as detection writes it,
 * lib/identity/linkedin-url.ts); a Sales Navigator or name key neither. The background asks CRMs with the
 * address and the URL and keeps their answer under the key, so a page that paired one person's key with
 * another's address would otherwise show the second person's record on the first one's cards.
 */
export function isCandidateConsistent(candidate: { key: string; email?: string; linkedinUrl?: string }): boolean {
  const { key, email, linkedinUrl } = candidate;
  if (key.startsWith('linkedin:')) {
    return email === undefined && (linkedinUrl === undefined || linkedinUrl === profileUrl(key.slice('linkedin:'.length)));
  }
  if (key.startsWith('linkedin-sales:') || key.startsWith(NAME_KEY_PREFIX)) return email === undefined && linkedinUrl === undefined;
  return (email === undefined || email === key) && linkedinUrl === undefined;
}
