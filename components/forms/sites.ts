/**
 * The Sites form's model: the lists are edited as text, one entry per line, and validated by the
 * settings schema; an error quotes the entry it is about.
 */
import { Settings } from '@/lib/model/settings';
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

/** Validates and returns the next settings, or a message per list quoting the first bad entry. */
export function planSites(current: Settings, input: SitesInput): { settings: Settings } | { errors: SitesErrors } {
  const lists = {
    ownDomains: linesOf(input.ownDomains).map((d) => d.replace(/^@/, '')),
    myAddresses: linesOf(input.myAddresses),
  };
  const parsed = Settings.safeParse({ ...current, sites: input.sites, ...lists });
  if (parsed.success) {
    // Repeats (after the schema's lower-casing) are dropped rather than refused: pasted lists have them.
    const { ownDomains, myAddresses } = parsed.data;
    return { settings: { ...parsed.data, ownDomains: [...new Set(ownDomains)], myAddresses: [...new Set(myAddresses)] } };
  }
  const errors: SitesErrors = {};
  for (const issue of parsed.error.issues) {
    const [field, index] = issue.path;
    if (field !== 'ownDomains' && field !== 'myAddresses') continue;
    const entry = typeof index === 'number' ? lists[field][index] : undefined;
    errors[field] ??= entry === undefined ? issue.message : m('options_entryError', entry, issue.message);
  }
  return { errors };
}
