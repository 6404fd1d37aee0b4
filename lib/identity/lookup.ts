import type { Candidate } from '@/lib/model/prospect';
import { emailCandidate, keyedCandidate, mergeCandidates } from './candidate';
import { extractEmails } from './email';
import { profileRefsInText } from './linkedin-url';

/*
 * The context menu's "Look up in Prospect Lens": the background hands over a selection or a link
 * and gets candidates back. No DOM is involved, so these run in the service worker too.
 */

/** The most a single lookup asks for (the `lookup` request takes at most 50 keys). */
const MAX_LOOKUP = 50;

/** Every address and LinkedIn profile URL in a selected text. */
export function candidatesFromText(text: string): Candidate[] {
  const emails = extractEmails(text, MAX_LOOKUP).map((email) => emailCandidate(email, 'lookup'));
  const profiles = profileRefsInText(text).map((ref) => keyedCandidate(ref.key, 'lookup', { linkedinUrl: ref.url }));
  return mergeCandidates([...emails, ...profiles]).slice(0, MAX_LOOKUP);
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * Every recipient of a `mailto:` link: the path (comma-separated, RFC 6068) and the `to`, `cc` and
 * `bcc` fields of the query. `+` stays a plus (mailto uses percent-encoding only, unlike forms),
 * so `dana+news@acme.com` survives. An address inside a display name (`Dana <dana@acme.com>`) is found too.
 */
export function candidatesFromMailto(href: string): Candidate[] {
  const match = /^\s*mailto:([^?#]*)(?:\?([^#]*))?/i.exec(href);
  if (!match) return [];
  const parts = [decode(match[1] ?? '')];
  for (const field of (match[2] ?? '').split('&')) {
    const eq = field.indexOf('=');
    const name = decode(eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    if (name === 'to' || name === 'cc' || name === 'bcc') parts.push(decode(field.slice(eq + 1)));
  }
  return candidatesFromText(parts.join(', ')).filter((c) => c.email);
}

/** The first recipient of a `mailto:` link, or null. */
export function candidateFromMailto(href: string): Candidate | null {
  return candidatesFromMailto(href)[0] ?? null;
}

/**
 * Who a context-menu click names: a `mailto:` link's first recipient, another link as text (a LinkedIn
 * profile link in search results or a signature), else the selection. Empty when it names no one.
 */
export function contextMenuCandidates(linkUrl: string | undefined, selectionText: string | undefined): Candidate[] {
  const mailto = linkUrl ? candidateFromMailto(linkUrl) : null;
  if (mailto) return [mailto];
  const fromLink = linkUrl && !/^\s*mailto:/i.test(linkUrl) ? candidatesFromText(linkUrl) : [];
  return fromLink.length > 0 ? fromLink : candidatesFromText(selectionText ?? '');
}
