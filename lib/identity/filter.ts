import type { Candidate } from '@/lib/model/prospect';
import { mergeCandidates } from './candidate';
import { baseAddress, emailDomain, normaliseEmail } from './email';
import { domainToUnicode } from './punycode';

export interface FilterOptions {
  /** The signed-in user's addresses as the page shows them. */
  selfAddresses?: readonly string[];
  /** "My addresses" from the options. */
  myAddresses?: readonly string[];
  /** The user's own company domains; subdomains count as the same company. */
  ownDomains?: readonly string[];
  /** Muted keys (addresses, `linkedin:` keys) and whole domains written `@example.com`. */
  ignoreList?: readonly string[];
}

/**
 * Automated senders. The words must stand alone between separators, so `jira-noreply`, `no.reply`,
 * `bounce+1234` and `calendar-notification` are caught while `bouncer@` or `alertsmith@` (people,
 * or at least other words) are not.
 */
const AUTOMATED_LOCAL =
  /(?:^|[-+])(?:no-?reply|do-?not-?reply|mailer-?daemon|postmaster|bounces?|notifications?|notify|alerts?)(?:$|[-+])/;

export function isAutomatedAddress(email: string): boolean {
  const local = email.slice(0, email.lastIndexOf('@')).replace(/[_.]/g, '-');
  return AUTOMATED_LOCAL.test(local);
}

function normaliseDomain(domain: string): string {
  return domainToUnicode(domain.trim().toLowerCase().replace(/^@/, '')).normalize('NFC').toLowerCase();
}

function onDomain(domain: string, domains: ReadonlySet<string>): boolean {
  for (let d = domain; d.includes('.'); d = d.slice(d.indexOf('.') + 1)) {
    if (domains.has(d)) return true;
  }
  return false;
}

/**
 * The candidates worth showing: drops the user's own addresses (also with a plus-tag), own company
 * domains, automated senders and anything muted, then merges repeats of one key.
 */
export function filterCandidates(candidates: readonly Candidate[], options: FilterOptions = {}): Candidate[] {
  const own = new Set<string>();
  for (const raw of [...(options.selfAddresses ?? []), ...(options.myAddresses ?? [])]) {
    const email = normaliseEmail(raw);
    if (email) own.add(baseAddress(email));
  }
  const ownDomains = new Set((options.ownDomains ?? []).map(normaliseDomain));
  const ignoredKeys = new Set<string>();
  const ignoredDomains = new Set<string>();
  for (const raw of options.ignoreList ?? []) {
    const entry = raw.trim();
    if (entry.startsWith('@')) ignoredDomains.add(normaliseDomain(entry));
    else ignoredKeys.add(normaliseEmail(entry) ?? entry.toLowerCase());
  }

  return mergeCandidates(
    candidates.filter((candidate) => {
      // The settings schema lower-cases the ignore list, so compare keys case-insensitively
      // (Sales Navigator lead ids are the only keys with upper case).
      if (ignoredKeys.has(candidate.key.toLowerCase())) return false;
      const email = candidate.email;
      if (!email) return true;
      const domain = emailDomain(email);
      return !(
        own.has(baseAddress(email)) ||
        ignoredKeys.has(baseAddress(email)) ||
        onDomain(domain, ownDomains) ||
        onDomain(domain, ignoredDomains) ||
        isAutomatedAddress(email)
      );
    }),
  );
}
