/**
 * The Sites form's model: the lists are edited as text, one entry per line, and validated by the
 * settings schema; an error quotes the entry it is about.
 */
import { Settings } from '@/lib/model/settings';
import { semicolonList } from '@/lib/i18n';
import { t as m } from '../i18n';

export interface SitesInput {
  sites: Settings['sites'];
  ownDomains: string;
  myAddresses: string;
}
export type SitesErrors = Partial<Record<'ownDomains' | 'myAddresses', string>>;

/** Non-empty lines, trimmed; commas also separate entries (people paste "a.com, b.com"). */
export function linesOf(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * A domain as people paste it, tidied to the bare name: "https://www.acme.com/about" → "acme.com",
 * "@acme.com" → "acme.com", "sam@acme.com" → "acme.com", "ACME.com." → "acme.com". What is still not
 * a domain afterwards is left for the schema to refuse, quoted as the rep typed it.
 */
export function tidyDomain(entry: string): string {
  let value = entry.trim();
  value = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''); // a URL's scheme
  value = value.replace(/[/?#].*$/, ''); // its path, query or fragment
  value = value.slice(value.lastIndexOf('@') + 1); // "@acme.com", or an address's domain
  value = value.replace(/:\d+$/, ''); // a port
  value = value.replace(/\.$/, ''); // the root's dot
  value = value.replace(/^www\./i, '');
  return value || entry.trim();
}

/** Validates and returns the next settings, or a message per list naming every bad entry. */
export function planSites(current: Settings, input: SitesInput): { settings: Settings } | { errors: SitesErrors } {
  const lists = {
    ownDomains: linesOf(input.ownDomains).map(tidyDomain),
    myAddresses: linesOf(input.myAddresses),
  };
  const typed = { ownDomains: linesOf(input.ownDomains), myAddresses: lists.myAddresses };
  const parsed = Settings.safeParse({ ...current, sites: input.sites, ...lists });
  if (parsed.success) {
    // Repeats (after the schema's lower-casing) are dropped rather than refused: pasted lists have them.
    const { ownDomains, myAddresses } = parsed.data;
    return { settings: { ...parsed.data, ownDomains: [...new Set(ownDomains)], myAddresses: [...new Set(myAddresses)] } };
  }
  // Every bad entry, each quoted as the rep typed it, so a pasted list is fixed in one go.
  const found: Record<'ownDomains' | 'myAddresses', string[]> = { ownDomains: [], myAddresses: [] };
  for (const issue of parsed.error.issues) {
    const [field, index] = issue.path;
    if (field !== 'ownDomains' && field !== 'myAddresses') continue;
    const entry = typeof index === 'number' ? typed[field][index] : undefined;
    // In the page's language, not the schema's English: an entry's problem, or the list's length.
    if (entry !== undefined) found[field].push(m('options_entryError', entry, m(field === 'ownDomains' ? 'options_notDomain' : 'options_notAddress')));
    else if (issue.code === 'too_big') found[field].push(m('options_tooManyEntries', String(issue.maximum)));
    else found[field].push(issue.message);
  }
  const errors: SitesErrors = {};
  for (const field of ['ownDomains', 'myAddresses'] as const) if (found[field].length > 0) errors[field] = semicolonList(found[field]);
  return { errors };
}
