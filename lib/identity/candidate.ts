import { isCandidateConsistent, isNameKeyWellFormed, PERSON_KEY } from '@/lib/model/person-key';
import type { Candidate } from '@/lib/model/prospect';
import { normaliseEmail } from './email';
import { isNameKey, nameKey, normaliseName } from './name';

/** Field limits of the Candidate schema (lib/model/prospect.ts), kept here so no zod ships in the content script. */
const LIMITS = { key: 320, name: 300, title: 300, company: 300, linkedinUrl: 500 } as const;


/**
 * Whether the background takes this candidate's key (the Candidate schema's key rules): a person,
 * never a list entry, and a name key with a name and no address. detect() leaves out the others, so
 * one person a page shows oddly cannot make the background refuse everyone the page shows.
 */
export function isPersonCandidate(candidate: Candidate): boolean {
  return candidate.key.length <= LIMITS.key && PERSON_KEY.test(candidate.key) && isNameKeyWellFormed(candidate) && isCandidateConsistent(candidate);
}

export type Role = NonNullable<Candidate['role']>;

/**
 * Page text as a field value: trimmed, with runs of markup whitespace (indentation, line breaks)
 * turned into one space, and cut to the schema limit without splitting a surrogate pair.
 * Everything else — angle brackets, bidi controls, zero-width characters — is kept verbatim:
 * the UI renders it as text, and changing it would make the value differ from what the page shows.
 */
export function clip(text: string | null | undefined, max: number): string | undefined {
  if (!text) return undefined;
  let value = text.replace(/[ \t\n\r\f]+/g, ' ').trim();
  if (value.length > max) {
    value = value.slice(0, max);
    if (/[\uD800-\uDBFF]$/.test(value)) value = value.slice(0, -1);
    value = value.trimEnd();
  }
  return value || undefined;
}

export interface Details {
  /** This person sent the open thread's newest message (Candidate.newest). */
  newest?: boolean;
  name?: string | null;
  title?: string | null;
  company?: string | null;
  linkedinUrl?: string | null;
}

/** Builds a candidate, dropping empty fields and clipping the rest to the schema limits. */
function build(key: string, role: Role, details: Details, email?: string): Candidate {
  const candidate: Candidate = { key, role };
  if (details.newest) candidate.newest = true;
  if (email) candidate.email = email;
  const name = clip(details.name, LIMITS.name);
  // A "name" that is only the address again (or an address in brackets) adds nothing.
  if (name && normaliseEmail(name) !== email) candidate.name = name;
  const title = clip(details.title, LIMITS.title);
  if (title) candidate.title = title;
  const company = clip(details.company, LIMITS.company);
  if (company) candidate.company = company;
  if (details.linkedinUrl && details.linkedinUrl.length <= LIMITS.linkedinUrl) candidate.linkedinUrl = details.linkedinUrl;
  return candidate;
}

/** A candidate keyed by an address as the page shows it; null when it is not a usable address. */
export function emailCandidate(rawEmail: string | null | undefined, role: Role, details: Details = {}): Candidate | null {
  const email = rawEmail ? normaliseEmail(rawEmail) : null;
  return email ? build(email, role, details, email) : null;
}

/** A candidate keyed by a LinkedIn key (`linkedin:<slug>` or `linkedin-sales:<id>`). */
export function keyedCandidate(key: string, role: Role, details: Details = {}): Candidate | null {
  return key.length <= LIMITS.key ? build(key, role, details) : null;
}

/**
 * A person the page shows by name only (lib/identity/name.ts): keyed `name:<normalised name>`, no
 * address. Null when the name is empty or is itself an address (that is an email candidate).
 */
export function nameCandidate(rawName: string | null | undefined, role: Role, details: Details = {}): Candidate | null {
  const name = clip(rawName, LIMITS.name);
  const key = nameKey(name);
  return name && key ? build(key, role, { ...details, name }) : null;
}

/**
 * Drops a name-only person the same detection also shows with an address (the sender's persona is
 * name-only, but the reply's To well names them with their address): the address is the better key.
 * The addressed one takes the place, role and `newest` of the earlier name-only sighting, as a
 * first sighting does in mergeCandidates. Name-only people named like `selfNames` (the signed-in
 * user, whose own persona shows their name) are dropped too.
 */
export function foldNameOnly(candidates: Candidate[], selfNames: readonly string[] = []): Candidate[] {
  const self = new Set(selfNames.map(normaliseName).filter(Boolean));
  const byName = new Map<string, Candidate>();
  for (const candidate of candidates) {
    if (!candidate.email || !candidate.name) continue;
    const name = normaliseName(candidate.name);
    if (!byName.has(name)) byName.set(name, candidate);
  }
  const placed = new Set<Candidate>();
  const out: Candidate[] = [];
  for (const candidate of candidates) {
    if (!isNameKey(candidate.key)) {
      if (!placed.has(candidate)) out.push(candidate);
      placed.add(candidate);
      continue;
    }
    const name = normaliseName(candidate.name ?? '');
    if (self.has(name)) continue;
    const withAddress = byName.get(name);
    if (!withAddress) {
      out.push(candidate);
      continue;
    }
    if (candidate.newest) withAddress.newest = true;
    if (placed.has(withAddress)) continue;
    // Seen by name before its address: the address takes this earlier place and role.
    placed.add(withAddress);
    if (candidate.role) withAddress.role = candidate.role;
    out.push(withAddress);
  }
  return out;
}

const FIELDS = ['email', 'name', 'title', 'company', 'linkedinUrl'] as const;

/**
 * One candidate per key, in order of first appearance. The first sighting sets the role (a thread
 * lists senders before recipients); later sightings fill fields the first one lacked, so a person
 * seen with and without a display name keeps the name, and the newest message's sender keeps
 * `newest` whichever sighting carried it.
 */
export function mergeCandidates(candidates: Iterable<Candidate | null | undefined>): Candidate[] {
  const byKey = new Map<string, Candidate>();
  for (const candidate of candidates) {
    if (!candidate) continue;
    const seen = byKey.get(candidate.key);
    if (!seen) {
      byKey.set(candidate.key, { ...candidate });
      continue;
    }
    for (const field of FIELDS) {
      if (!seen[field] && candidate[field]) seen[field] = candidate[field];
    }
    seen.role ??= candidate.role;
    if (candidate.newest) seen.newest = true;
  }
  return [...byKey.values()];
}
