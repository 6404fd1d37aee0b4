import { afterEach, describe, expect, it } from 'vitest';
import { useFallbackMessages } from '@/components/i18n';
import german from '@/public/_locales/de/messages.json';
import english from '@/public/_locales/en/messages.json';
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

  it('says what is wrong in the page’s language, and how many lines a list keeps', () => {
    useFallbackMessages(german);
    const tooMany = Array.from({ length: 101 }, (_, i) => `d${i}.example`).join('\n');
    const plan = planSites(Settings.parse({}), { sites: Settings.parse({}).sites, ownDomains: 'acme', myAddresses: 'nobody' });
    const long = planSites(Settings.parse({}), { sites: Settings.parse({}).sites, ownDomains: tooMany, myAddresses: '' });
    expect('errors' in plan && plan.errors).toEqual({ ownDomains: '„acme“: Kein Domainname (Beispiel: acme.com)', myAddresses: '„nobody“: Keine E-Mail-Adresse' });
    expect('errors' in long && long.errors).toEqual({ ownDomains: 'Höchstens 100 Zeilen' });
  });
});

afterEach(() => useFallbackMessages(english));
