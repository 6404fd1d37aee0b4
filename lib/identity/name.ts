/*
 * People a page shows by name only. Current Outlook on the web renders message-header people as
 * persona buttons ("Opens card for Dana Whitfield") with no address anywhere in the DOM, so the
 * content script can only say "someone called Dana Whitfield". Such a person is keyed
 * `name:<normalised name>`; the background resolves the name against the store and the sources
 * (lib/match/resolve.ts) and never invents an address for it.
 */

import { NAME_KEY_PREFIX } from '../model/person-key';

export { NAME_KEY_PREFIX };

/** Longest name a key is made of (the Candidate schema's `name` limit). */
const MAX_NAME = 300;

/** Zero-width and bidi controls: invisible, so two names that look the same compare the same. */
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/gu;

/**
 * A name as a comparison key: Unicode NFKC (full-width letters, ligatures), invisible controls
 * dropped, whitespace collapsed, lower-case. "Dana  Whitfield", "DANA WHITFIELD" and
 * "Dana\u200BWhitfield" are one person's name; "Whitfield, Dana" is kept apart (its order is the page's).
 */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim().toLowerCase();
}

/** The key of a name-only person, or null when the name has nothing to key on (empty, or an address). */
export function nameKey(name: string | null | undefined): string | null {
  if (!name) return null;
  const normal = normaliseName(name).slice(0, MAX_NAME).trim();
  if (!normal || normal.includes('@')) return null;
  return NAME_KEY_PREFIX + normal;
}

export function isNameKey(key: string): boolean {
  return key.startsWith(NAME_KEY_PREFIX);
}

/** The normalised name a name key holds. */
export function nameOfKey(key: string): string {
  return key.slice(NAME_KEY_PREFIX.length);
}

/**
 * The ways a display name splits into a CRM's first and last name (HubSpot, Mautic): "Whitfield, Dana"; otherwise
 * the first word and the rest, and all but the last word and the last ("Anna Maria Schmidt").
 * A one-word name says too little to search by.
 */
export function nameSplits(name: string): { firstname: string; lastname: string }[] {
  const comma = /^([^,]+),\s*([^,]+)$/u.exec(name.trim());
  if (comma) return [{ firstname: comma[2]!.trim(), lastname: comma[1]!.trim() }];
  const words = name.trim().split(/\s+/u);
  if (words.length < 2) return [];
  const splits = [
    { firstname: words[0]!, lastname: words.slice(1).join(' ') },
    { firstname: words.slice(0, -1).join(' '), lastname: words[words.length - 1]! },
  ];
  return splits[0]!.firstname === splits[1]!.firstname ? [splits[0]!] : splits;
}

/**
 * The one CRM contact whose first and last name together are `name` (normalised), preferring those
 * with an address at one of `domains` (the thread's); undefined when none or several fit, so a
 * namesake is never shown as the person.
 */
export function pickNamesake<T>(
  name: string,
  contacts: readonly T[],
  domains: readonly string[],
  fields: (contact: T) => { firstname?: string | null; lastname?: string | null; email?: string | null },
): T | undefined {
  const split = nameSplits(name)[0];
  const wanted = normaliseName(split && name.includes(',') ? `${split.firstname} ${split.lastname}` : name);
  const fits = contacts.filter((c) => {
    const { firstname, lastname } = fields(c);
    return normaliseName(`${firstname ?? ''} ${lastname ?? ''}`) === wanted;
  });
  const domainOf = (c: T) => fields(c).email?.trim().toLowerCase().split('@')[1] ?? '';
  const inThread = fits.filter((c) => domains.includes(domainOf(c)));
  const people = inThread.length > 0 ? inThread : fits;
  return people.length === 1 ? people[0] : undefined;
}
