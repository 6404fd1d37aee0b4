/**
 * The rep's "never log" list (Options → Privacy; docs/architecture.md, "Log this email"): addresses
 * and domains about which nothing is ever logged — no email, call, note, feedback or stage change.
 * The background enforces it where actions are accepted; the Options page uses the same parser so
 * what it shows is what is enforced.
 */
import { baseAddress, emailDomain, normaliseEmail } from './email';

const DOMAIN = /^(?=.{1,255}$)[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+$/u;

/**
 * One entry as it is stored: an address (`dana@acme.com`, plus-tag dropped) or a domain written as
 * `@acme.com` (a pasted `acme.com`, `https://www.acme.com/` is tidied to it). Null when it is neither.
 */
export function normaliseNeverLogEntry(raw: string): string | null {
  const text = raw.trim().toLowerCase();
  if (!text) return null;
  if (/^[^@\s]+@[^@\s]+$/.test(text)) {
    const email = normaliseEmail(text);
    return email ? baseAddress(email) : null;
  }
  const domain = text
    .replace(/^@/, '')
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/?#].*$/, '')
    .replace(/\.$/, '');
  return DOMAIN.test(domain) ? `@${domain}` : null;
}

/** The first entry that covers one of the addresses: the address itself, or its domain or a parent domain. */
export function neverLogMatch(list: readonly string[], addresses: readonly string[]): { entry: string; address: string } | undefined {
  if (list.length === 0) return undefined;
  const entries = new Set(list);
  for (const raw of addresses) {
    const address = raw.toLowerCase();
    if (!address.includes('@')) continue;
    if (entries.has(address) || entries.has(baseAddress(address))) return { entry: baseAddress(address), address };
    const labels = emailDomain(address).split('.');
    for (let i = 0; i < labels.length - 1; i++) {
      const entry = `@${labels.slice(i).join('.')}`;
      if (entries.has(entry)) return { entry, address };
    }
  }
  return undefined;
}
