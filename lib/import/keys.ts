/**
 * Prospect keys for imported rows. `lib/detect/email.ts` and `lib/detect/linkedin-url.ts` are being
 * written at the same time for the page detectors; these small normalisers follow the same rules
 * (DESIGN.md, "Keys") and are meant to be replaced by those once both exist.
 */

/** Trimmed, lower-cased, Unicode NFC; plus-tags kept. Undefined when it is not an address. */
export function normaliseEmail(raw: string): string | undefined {
  const email = raw.trim().normalize('NFC').toLowerCase();
  // One @, something on each side, a dot in the domain, no spaces or angle brackets.
  if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>.]+$/u.test(email)) return undefined;
  return email;
}

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

export interface LinkedinProfile {
  /** `linkedin:<slug>` */
  key: string;
  /** `https://www.linkedin.com/in/<slug>` */
  url: string;
}

/**
 * A public profile URL (`/in/<slug>`, any locale subdomain, with or without scheme, query or trailing
 * slash) → its key and canonical URL. Undefined for anything else (company pages, Sales Navigator…).
 */
export function linkedinProfile(raw: string): LinkedinProfile | undefined {
  const trimmed = raw.trim();
  if (!trimmed) return undefined;
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return undefined;
  }
  const host = url.hostname.toLowerCase();
  if (host !== 'linkedin.com' && !host.endsWith('.linkedin.com')) return undefined;
  const match = /^\/in\/([^/]+)\/?$/.exec(url.pathname);
  if (!match?.[1]) return undefined;
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]).normalize('NFC').toLowerCase();
  } catch {
    return undefined; // a broken percent-escape
  }
  if (!slug || /[\s/]/u.test(slug)) return undefined;
  return { key: `linkedin:${slug}`, url: `https://www.linkedin.com/in/${encodeURIComponent(slug)}` };
}
