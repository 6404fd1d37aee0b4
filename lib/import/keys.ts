/**
 * Prospect keys for imported rows, by the same rules the page detectors use (lib/identity), so a
 * person imported from a file and seen in Gmail or on LinkedIn gets the same key.
 */
import { profileRef } from '../identity/linkedin-url';

export { emailDomain, normaliseEmail } from '../identity/email';

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
