import { parseImportDate } from '@/lib/import/dates';
import { fnv1a64 } from '@/lib/import/hash';
import { linkedinProfile, normaliseEmail } from '@/lib/import/keys';

describe('normaliseEmail', () => {
  it.each([
    ['Dana.Whitfield@Northwind.example', 'dana.whitfield@northwind.example'],
    ['  li.wei+news@contoso.example ', 'li.wei+news@contoso.example'],
    ['jose\u0301@example.com', 'jos\u00e9@example.com'], // NFD → NFC
    ['ÜBER@MÜNCHEN.example', 'über@münchen.example'],
    // The same rules as the page detectors: an address in angle brackets is that address.
    ['<a@example.com>', 'a@example.com'],
  ])('%s → %s', (raw, key) => expect(normaliseEmail(raw)).toBe(key));

  it.each(['', 'not-an-email', 'a@b', 'two@@example.com', 'a b@example.com', '@example.com'])('refuses %j', (raw) =>
    expect(normaliseEmail(raw)).toBeNull(),
  );
});

describe('linkedinProfile', () => {
  it.each([
    ['https://www.linkedin.com/in/marta-oliveira', 'marta-oliveira'],
    ['https://de.linkedin.com/in/Marta-Oliveira/?trk=public', 'marta-oliveira'],
    ['linkedin.com/in/marta-oliveira/', 'marta-oliveira'],
    ['http://www.linkedin.com/in/j%C3%B6rg-m%C3%BCller', 'jörg-müller'],
    // A profile's sub-pages (contact info, details) name the same person.
    ['https://www.linkedin.com/in/marta-oliveira/overlay/contact-info/', 'marta-oliveira'],
  ])('%s → linkedin:%s', (raw, slug) =>
    expect(linkedinProfile(raw)).toEqual({ key: `linkedin:${slug}`, url: `https://www.linkedin.com/in/${encodeURIComponent(slug)}` }),
  );

  it.each([
    'https://www.linkedin.com/company/tailspin',
    'https://www.linkedin.com/sales/lead/ACwAAA,NAME',
    'https://evil.example/in/marta',
    'https://linkedin.com.evil.example/in/marta',
    'https://www.linkedin.com/in/',
    'https://www.linkedin.com/in/%E0%A4%A',
    '',
  ])('refuses %j', (raw) => expect(linkedinProfile(raw)).toBeUndefined());
});

describe('parseImportDate', () => {
  it.each([
    ['2026-11-03T14:05:00Z', '2026-11-03T14:05:00.000Z'],
    ['2026-11-03T14:05:00.25+01:00', '2026-11-03T13:05:00.250Z'],
    ['2026-11-03T14:05:00-0530', '2026-11-03T19:35:00.000Z'],
    ['2026-11-03T14:05', '2026-11-03T14:05:00.000Z'],
    ['2026-11-03 14:05', '2026-11-03T14:05:00.000Z'],
    ['2026-11-03 14:05:09', '2026-11-03T14:05:09.000Z'],
    ['2026-11-03', '2026-11-03T00:00:00.000Z'],
    ['1793714700000', '2026-11-03T14:05:00.000Z'],
    [1793714700000, '2026-11-03T14:05:00.000Z'],
  ] as const)('%j → %s', (raw, iso) => expect(parseImportDate(raw)).toBe(iso));

  it.each(['yesterday', '', '13/11/2026', '11/03/2026', '2026-02-30', '2026-13-01', '2026-11-03T24:00', '2026-11-03T10:60', '1793714700', '2026-11-03T14:05Zjunk'])(
    'refuses %j',
    (raw) => expect(parseImportDate(raw)).toBeUndefined(),
  );
});

describe('fnv1a64', () => {
  // Published FNV-1a 64-bit test vectors.
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('%j → %s', (text, hash) => expect(fnv1a64(text)).toBe(hash));

  it('tells apart texts that differ in one character, including non-ASCII ones', () => {
    expect(fnv1a64('dana@northwind.example|email_open')).not.toBe(fnv1a64('dana@northwind.example|email_opem'));
    expect(fnv1a64('jörg')).not.toBe(fnv1a64('jorg'));
  });
});
