/*
 * LinkedIn profile URLs in every form a page or a selection gives them — country subdomains
 * (`de.linkedin.com`), `/in/<slug>/overlay/contact-info/`, query strings, percent-encoded or
 * mixed-case slugs — reduced to one key and one canonical URL.
 */
import { profileUrl } from '../model/person-key';

export interface ProfileRef {
  /** Lower-cased, percent-decoded vanity slug. */
  slug: string;
  /** `linkedin:<slug>`. */
  key: string;
  /** `https://www.linkedin.com/in/<slug>` with the slug percent-encoded. */
  url: string;
}

function linkedinUrl(href: string, base?: string): URL | null {
  let url: URL;
  try {
    url = new URL(href, base ?? 'https://www.linkedin.com/');
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return host === 'linkedin.com' || host.endsWith('.linkedin.com') ? url : null;
}

/** The profile a URL points to, or null when it is not a LinkedIn `/in/<slug>` URL. */
export function profileRef(href: string | null | undefined, base?: string): ProfileRef | null {
  if (!href) return null;
  const url = linkedinUrl(href, base);
  const raw = url && /^\/in\/([^/]+)/i.exec(url.pathname)?.[1];
  if (!raw) return null;
  let slug: string;
  try {
    slug = decodeURIComponent(raw).normalize('NFC').toLowerCase();
  } catch {
    return null;
  }
  if (slug.length > 100 || !/^[^\s/?#%]+$/u.test(slug)) return null;
  return { slug, key: `linkedin:${slug}`, url: profileUrl(slug) };
}

/** The lead id of a Sales Navigator lead URL (`/sales/lead/<id>,NAME_SEARCH,xyz`), or null. Ids are case-sensitive. */
export function salesLeadId(href: string | null | undefined): string | null {
  if (!href) return null;
  const url = linkedinUrl(href);
  const raw = url && /^\/sales\/(?:lead|people)\/([^/,]+)/i.exec(url.pathname)?.[1];
  if (!raw) return null;
  try {
    const id = decodeURIComponent(raw);
    return /^[\w-]{1,100}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** Every LinkedIn profile URL in a text (a selection), in order, without repeats. */
export function profileRefsInText(text: string): ProfileRef[] {
  const refs = new Map<string, ProfileRef>();
  for (const match of text.slice(0, 100_000).matchAll(/(?:https?:\/\/)?(?:[\w-]+\.)?linkedin\.com\/in\/[^\s"'<>()[\]{}]+/giu)) {
    const href = /^https?:/i.test(match[0]) ? match[0] : `https://${match[0]}`;
    const ref = profileRef(href.replace(/[.,;:!?]+$/u, ''));
    if (ref) refs.set(ref.key, ref);
  }
  return [...refs.values()];
}

/**
 * Whether a slug is a member id (`/in/ACoAA…`, recruiter `AEMAA…`) rather than a vanity name: the
 * address LinkedIn gives a profile it does not disclose (out of network, "LinkedIn Member").
 */
export function isMemberId(slug: string): boolean {
  return /^(?:aco|aem)aa[\w-]{20,}$/i.test(slug);
}
