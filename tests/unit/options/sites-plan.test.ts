import { describe, expect, it } from 'vitest';
import { planSites, tidyDomain } from '@/components/forms/sites';
import { Settings } from '@/lib/model/settings';

describe('own domains as people paste them', () => {
  it.each([
    ['https://www.acme.com/about?x=1', 'acme.com'],
    ['http://acme.com:8080', 'acme.com'],
    ['www.Acme.de', 'Acme.de'],
    ['@acme.com', 'acme.com'],
    ['sam.carter@acme.com', 'acme.com'],
    ['acme.com.', 'acme.com'],
    ['  acme.co.uk ', 'acme.co.uk'],
    ['müller-bau.example', 'müller-bau.example'],
    ['not a domain', 'not a domain'],
  ])('%s → %s', (typed, tidy) => {
    expect(tidyDomain(typed)).toBe(tidy);
  });

  it('saves the tidied domains, once each', () => {
    const plan = planSites(Settings.parse({}), { sites: Settings.parse({}).sites, ownDomains: 'https://www.acme.com/\nacme.com\n@ACME.de, sam@acme.de', myAddresses: '' });
    expect(plan).toMatchObject({ settings: { ownDomains: ['acme.com', 'acme.de'] } });
  });

  it('names every bad entry, as typed, not only the first', () => {
    const plan = planSites(Settings.parse({}), { sites: Settings.parse({}).sites, ownDomains: 'acme.com\nacme\nhttps://bad domain/\nfine.org', myAddresses: 'me@acme.com\nnobody' });
    expect('errors' in plan && plan.errors).toEqual({
      ownDomains: '"acme": Not a domain name (example: acme.com); "https://bad domain/": Not a domain name (example: acme.com)',
      myAddresses: '"nobody": Not an email address',
    });
  });
});
