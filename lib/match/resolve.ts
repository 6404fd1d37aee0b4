/**
 * Identity resolution: which stored prospect is the person a page shows?
 *
 * In order: the rep's remembered choice; the exact normalised email (a `+tag` address also matches its
 * base address); the canonical LinkedIn URL; then, only as a *suggestion*, other people at the same
 * email domain (never for free-mail or the user's own domains). Names alone never match a person
 * the page shows with an address or a profile. A person the page shows by name only (`name:` key,
 * lib/identity/name.ts) is looked up by that name (matchByName): one person is a match marked
 * 'name'; several are offered, with no default, for the rep to pick; none is no match.
 * Several matches by address give a deterministic default (sorted by key) and the others as alternatives.
 */
import type { Candidate, Prospect } from '../model/prospect';
import type { MatchCandidate, ProspectView } from '../model/view';
import { baseAddress, emailDomain } from '../identity/email';
import { FREE_MAIL_DOMAINS } from '../identity/free-mail';
import { isNameKey, nameOfKey, normaliseName } from '../identity/name';

export interface ProspectFinder {
  get(key: string): Promise<Prospect | undefined>;
  byEmail(email: string): Promise<Prospect[]>;
  byLinkedin(url: string): Promise<Prospect[]>;
  byDomain(domain: string, limit: number): Promise<Prospect[]>;
  /** Prospects whose name normalises (normaliseName) to `name`; absent where nothing can search by name. */
  byName?(name: string, limit: number): Promise<Prospect[]>;
  chosen(detectedKey: string): Promise<string | undefined>;
}

/** What besides the person the detection knows: the domains of the thread's other addresses. */
export interface ResolveContext {
  ownDomains?: readonly string[];
  /** Domains of the addresses the same detection shows (the thread's company), to tell namesakes apart. */
  threadDomains?: readonly string[];
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

/** At most this many namesakes are offered; more means the name says too little. */
const MAX_NAMESAKES = 10;

/**
 * A name-only person: a record stored under the name key itself (added from such a card), else the
 * stored people of that name. Colleagues (own domains) are never a prospect. When some namesakes are
 * at a domain the thread shows, only they are kept: "Dana Whitfield" in a thread with
 * northwind.example addresses is the Dana at Northwind.
 */
export async function matchByName(candidate: Candidate, find: ProspectFinder, context: ResolveContext = {}): Promise<Resolution> {
  const direct = await find.get(candidate.key);
  if (direct) return { prospect: direct, match: 'name', alternatives: [] };
  const name = nameOfKey(candidate.key);
  if (!find.byName || !name) return { match: 'none', alternatives: [] };
  const own = new Set(context.ownDomains ?? []);
  const thread = new Set(context.threadDomains ?? []);
  const found = (await find.byName(name, MAX_NAMESAKES * 2)).filter(
    (p) => normaliseName(p.name ?? '') === name && !p.emails.some((e) => own.has(emailDomain(e))),
  );
  const inThread = found.filter((p) => p.emails.some((e) => thread.has(emailDomain(e))) || (!!p.domain && thread.has(p.domain)));
  const people = [...new Map((inThread.length > 0 ? inThread : found).map((p) => [p.key, p])).values()].sort((a, b) => a.key.localeCompare(b.key));
  if (people.length === 1) return { prospect: people[0], match: 'name', alternatives: [] };
  return { match: 'none', alternatives: people.slice(0, MAX_NAMESAKES).map(toAlternative) };
}

export async function resolve(candidate: Candidate, find: ProspectFinder, ownDomains: readonly string[] = [], threadDomains: readonly string[] = []): Promise<Resolution> {
  const chosenKey = await find.chosen(candidate.key);
  if (chosenKey) {
    const chosen = await find.get(chosenKey);
    if (chosen) return { prospect: chosen, match: 'chosen', alternatives: [] };
  }

  if (isNameKey(candidate.key) && !candidate.email) return matchByName(candidate, find, { ownDomains, threadDomains });

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
