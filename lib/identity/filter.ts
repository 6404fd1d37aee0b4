import type { Candidate } from '@/lib/model/prospect';
import { mergeCandidates } from './candidate';
import { baseAddress, emailDomain, normaliseEmail, selfKey } from './email';
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

/**
 * Hosts that only send automated mail: `widgets@noreply.github.com`, `1+octocat@users.noreply.github.com`.
 * Only a whole label in front of the registrable domain counts (the last two labels, three under a
 * country's short second level such as `co.uk`), so `dana@notificationsoft.example` and a company
 * called `bounce.co.uk` keep their people.
 */
const AUTOMATED_LABEL = /^(?:no-?reply|do-?not-?reply|bounces?|notifications)$/;

export function isAutomatedAddress(email: string): boolean {
  const at = email.lastIndexOf('@');
  const labels = email.slice(at + 1).split('.');
  const n = labels.length;
  const registrable = n > 2 && labels[n - 1]!.length === 2 && labels[n - 2]!.length <= 3 ? 3 : 2;
  return AUTOMATED_LOCAL.test(email.slice(0, at).replace(/[_.]/g, '-')) || labels.slice(0, -registrable).some((label) => AUTOMATED_LABEL.test(label));
}

/**
 * Mailing lists and group addresses (issue 14, "Mailing lists"): a message to or through a list is
 * not a person, so such addresses get no card at all — not a folded one: a list has no engagement of
 * its own, and its members show up under their own addresses when they write. The rules are kept
 * conservative so no real person is dropped:
 *
 * - hosts that only carry lists or groups: Google Groups (`googlegroups.com`, which Gmail also shows
 *   as the sender of a message relayed "via" a group), consumer Outlook groups (`groups.outlook.com`),
 *   groups.io, Yahoo Groups; and list servers on a `lists.` subdomain (`dev@lists.example.org`);
 * - list-manager local parts (`listserv`, `majordomo`, `mailman`, `list`, `lists`, `mailing-list`);
 * - list suffixes after a hyphen (`-announce`, `-list`, `-digest`, `-request`, `-subscribe`…). Only a
 *   hyphen counts: `anna.list@` may be Anna List, a person.
 *
 * Gmail's own list markers (the "via" line, "mailing list" in the details) are not read: they are
 * not in the documented markup (shared/facts/dom.md), and the address already tells.
 */
const LIST_DOMAINS: ReadonlySet<string> = new Set(['googlegroups.com', 'groups.outlook.com', 'groups.io', 'yahoogroups.com']);
const LIST_LOCAL = /^(?:listserv|majordomo|mailman|lists?|mailing-?lists?)$|-(?:announce|list|lists|digest|request|subscribe|unsubscribe)$/;

export function isListAddress(email: string): boolean {
  const at = email.lastIndexOf('@');
  if (at <= 0) return false;
  const local = email.slice(0, at).toLowerCase().replace(/\+.*$/, '');
  const domain = email.slice(at + 1).toLowerCase();
  if (onDomain(domain, LIST_DOMAINS)) return true;
  if (domain.startsWith('lists.') && domain.indexOf('.', 6) > 6) return true;
  return LIST_LOCAL.test(local);
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
 * The candidates worth showing: drops the user's own addresses (in any form that reaches their mailbox:
 * a plus-tag, Gmail's dots and googlemail.com; email.ts, selfKey), own company
 * domains, automated senders, mailing lists and group addresses, and anything muted, then merges
 * repeats of one key.
 */
export function filterCandidates(candidates: readonly Candidate[], options: FilterOptions = {}): Candidate[] {
  const own = new Set<string>();
  for (const raw of [...(options.selfAddresses ?? []), ...(options.myAddresses ?? [])]) {
    const email = normaliseEmail(raw);
    if (email) own.add(selfKey(email));
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
        own.has(selfKey(email)) ||
        ignoredKeys.has(baseAddress(email)) ||
        onDomain(domain, ownDomains) ||
        onDomain(domain, ignoredDomains) ||
        isAutomatedAddress(email) ||
        isListAddress(email)
      );
    }),
  );
}
