/**
 * Identity resolution: which stored prospect is the person a page shows?
 *
 * In order: the rep's remembered choice; the exact normalised email (a `+tag` address also matches its
 * base address); the canonical LinkedIn URL; then, only as a *suggestion*, other people at the same
 * email domain (never for free-mail or the user's own domains). Names alone never match.
 * Several matches give a deterministic default (sorted by key) and the others as alternatives.
 */
import type { Candidate, Prospect } from '../model/prospect';
import type { MatchCandidate, ProspectView } from '../model/view';
import { baseAddress, emailDomain } from '../identity/email';
import { FREE_MAIL_DOMAINS } from '../identity/free-mail';

export interface ProspectFinder {
  get(key: string): Promise<Prospect | undefined>;
  byEmail(email: string): Promise<Prospect[]>;
  byLinkedin(url: string): Promise<Prospect[]>;
  byDomain(domain: string, limit: number): Promise<Prospect[]>;
  chosen(detectedKey: string): Promise<string | undefined>;
}

export interface Resolution {
  prospect?: Prospect;
  match: ProspectView['match'];
  alternatives: MatchCandidate[];
}

export function domainOf(email: string | undefined): string | undefined {
  return email?.includes('@') ? emailDomain(email) : undefined;
}

function toAlternative(p: Prospect): MatchCandidate {
  return { key: p.key, name: p.name, company: p.company, email: p.emails[0] };
}

function pick(found: Prospect[], match: Resolution['match']): Resolution | undefined {
  const unique = [...new Map(found.map((p) => [p.key, p])).values()].sort((a, b) => a.key.localeCompare(b.key));
  const [first, ...rest] = unique;
  return first ? { prospect: first, match, alternatives: rest.map(toAlternative) } : undefined;
}

export async function resolve(candidate: Candidate, find: ProspectFinder, ownDomains: readonly string[] = []): Promise<Resolution> {
  const chosenKey = await find.chosen(candidate.key);
  if (chosenKey) {
    const chosen = await find.get(chosenKey);
    if (chosen) return { prospect: chosen, match: 'chosen', alternatives: [] };
  }

  const email = candidate.email;
  if (email) {
    const direct = await find.get(email);
    const base = baseAddress(email);
    const found = [...(await find.byEmail(email))];
    if (base !== email) {
      const baseRecord = await find.get(base);
      found.push(...(baseRecord ? [baseRecord] : []), ...(await find.byEmail(base)));
    }
    // An exact hit on the detected key is the default; other people sharing the address are alternatives.
    if (direct) {
      const others = pick(found.filter((p) => p.key !== direct.key), 'email');
      const alternatives = others?.prospect ? [toAlternative(others.prospect), ...others.alternatives] : [];
      return { prospect: direct, match: 'email', alternatives };
    }
    const byEmail = pick(found, 'email');
    if (byEmail) return byEmail;
  }

  if (candidate.linkedinUrl || candidate.key.startsWith('linkedin')) {
    const direct = await find.get(candidate.key);
    const byUrl = candidate.linkedinUrl ? await find.byLinkedin(candidate.linkedinUrl) : [];
    const found = pick([...(direct ? [direct] : []), ...byUrl], 'linkedin');
    if (found) return found;
  }

  const domain = domainOf(email);
  if (domain && !FREE_MAIL_DOMAINS.has(domain) && !ownDomains.includes(domain)) {
    const colleagues = await find.byDomain(domain, 10);
    if (colleagues.length > 0) {
      return { match: 'domain', alternatives: colleagues.sort((a, b) => a.key.localeCompare(b.key)).map(toAlternative) };
    }
  }
  return { match: 'none', alternatives: [] };
}
