/**
 * Prospect keys for imported rows, by the same rules the page detectors use (DESIGN.md, "Keys"), so a
 * person imported from a file and seen in Gmail or on LinkedIn gets the same key.
 */
import { emailDomain, normaliseEmail as normaliseDetectedEmail } from '../detect/email';
import { profileRef } from '../detect/linkedin-url';

export { emailDomain };

/** Trimmed, lower-cased, Unicode NFC (IDN domains decoded); plus-tags kept. Undefined when it is not an address. */
export function normaliseEmail(raw: string): string | undefined {
  return normaliseDetectedEmail(raw) ?? undefined;
}

export interface LinkedinProfile {
  /** `linkedin:<slug>` */
  key: string;
  /** `https://www.linkedin.com/in/<slug>` */
  url: string;
}

/** A public profile URL (`/in/<slug>`, any locale subdomain, with or without scheme) → its key and canonical URL. */
export function linkedinProfile(raw: string): LinkedinProfile | undefined {
  const trimmed = raw.trim();
  if (!trimmed) return undefined;
  const ref = profileRef(/^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  return ref ? { key: ref.key, url: ref.url } : undefined;
}
