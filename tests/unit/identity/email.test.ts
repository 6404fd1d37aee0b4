import fc from 'fast-check';
import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import { baseAddress, emailDomain, extractEmails, normaliseEmail, selfKey } from '@/lib/identity/email';
import { decodePunycode, domainToUnicode } from '@/lib/identity/punycode';

describe('normaliseEmail', () => {
  it.each([
    ['Dana@Example.COM', 'dana@example.com'],
    ['  dana@example.com  ', 'dana@example.com'],
    ['<dana@example.com>.', 'dana@example.com'],
    ['(dana@example.com),', 'dana@example.com'],
    ['"dana@example.com"', 'dana@example.com'],
    ['mailto:Dana@Example.com', 'dana@example.com'],
    ['"john..doe"@example.com', '"john..doe"@example.com'],
    ['"a\\"b"@example.com', '"a\\"b"@example.com'],
    ['dana+news@acme.example', 'dana+news@acme.example'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['!#$%&*+/=?^_`{|}~-@example.com', '!#$%&*+/=?^_`{|}~-@example.com'],
    ['dana@sub.domain.co.uk', 'dana@sub.domain.co.uk'],
    ['dana@xn--mnchen-3ya.de', 'dana@münchen.de'],
    ['dana@XN--MNCHEN-3YA.DE', 'dana@münchen.de'],
    ['dana@MÜNCHEN.de', 'dana@münchen.de'],
    ['dana@mu\u0308nchen.de', 'dana@münchen.de'],
    ['info@xn--bcher-kva.example', 'info@bücher.example'],
    ['δοκιμή@παράδειγμα.δοκιμή', 'δοκιμή@παράδειγμα.δοκιμή'],
    ['用户@例子.广告', '用户@例子.广告'],
  ])('%s → %s', (raw, expected) => expect(normaliseEmail(raw)).toBe(expected));

  it.each([
    '',
    'dana',
    'dana@localhost',
    'dana@example',
    '@example.com',
    'dana@',
    'dana@@example.com',
    'dana@.example.com',
    'dana@example..com',
    'dana.@example.com',
    '.dana@example.com',
    'dana..x@example.com',
    'dana@-example.com',
    'dana@example-.com',
    'dana@example.c',
    'dana@example.123',
    'dana@[127.0.0.1]',
    'logo@2x.png',
    'v1.2@3.4',
    'dana example@example.com',
    'dana@exa mple.com',
    `${'a'.repeat(65)}@example.com`,
    `dana@${'a'.repeat(64)}.com`,
    'two@example.com three@example.com',
    'dana@xn--bad-.example',
  ])('%j is not an address', (raw) => expect(normaliseEmail(raw)).toBeNull());

  // A key has no whitespace and one "@" (PERSON_KEY, lib/model/prospect.ts): a sender writing from such
  // an address would otherwise make the background refuse the whole thread's detection.
  it.each([
    '"John Doe"@example.com',
    '"a@b"@example.com',
    '"a\tb"@example.com',
    '"a\u00A0b"@example.com',
    'dana\u1680x@example.com',
    'dana@north\u1680wind.example',
    'dana@xn--ab-l13a.example', // Punycode for "a\u3000b"
  ])('%j is refused: no key may hold it', (raw) => expect(normaliseEmail(raw)).toBeNull());

  it('never gives a key with whitespace or a second "@"', () => {
    const part = fc.string({ unit: fc.constantFrom('a', '.', '@', ' ', '\t', '\u00A0', '\u1680', '\u3000', '\uFEFF', '"', '\\'), maxLength: 8 });
    fc.assert(
      fc.property(part, fc.constantFrom('%@example.com', '"%"@example.com', 'x%y@example.com', 'dana@x%y.example'), (text, template) => {
        const email = normaliseEmail(template.replace('%', () => text));
        if (email !== null) expect(email).toMatch(/^[^@\s]+@[^@\s]+$/u);
      }),
    );
  });
});

describe('extractEmails', () => {
  it.each([
    ['Write to <dana@acme.example>.', ['dana@acme.example']],
    ['Dana (dana@acme.example), Jonas <JONAS@Fabrikam.EXAMPLE>; "x y"@z.example.', ['dana@acme.example', 'jonas@fabrikam.example']],
    ['"x.y"@z.example and "x@y"@z.example', ['"x.y"@z.example']],
    ['dana\u1680jonas@acme.example', ['jonas@acme.example']],
    ["'dana@acme.example'", ['dana@acme.example']],
    ['“dana@acme.example”', ['dana@acme.example']],
    ['mailto:dana@acme.example?subject=Hi', ['dana@acme.example']],
    ['dana@acme.example... and more', ['dana@acme.example']],
    ['x.dana+tag@acme.example', ['x.dana+tag@acme.example']],
    ['dana@acme.example, DANA@ACME.EXAMPLE', ['dana@acme.example']],
    ['reach us at info@xn--bcher-kva.example!', ['info@bücher.example']],
    ['icon@2x.png and retina@3x.jpg', []],
    ['user@localhost or foo@bar', []],
    ['follow @dana, or email dana at acme dot example', []],
    ['version 1.2@3.4 and a@b.c', []],
    ['price: 10@5.00', []],
  ])('%j', (text, expected) => expect(extractEmails(text)).toEqual(expected));

  it('stops at the limit', () => {
    const text = Array.from({ length: 10 }, (_, i) => `p${i}@acme.example`).join(' ');
    expect(extractEmails(text, 3)).toEqual(['p0@acme.example', 'p1@acme.example', 'p2@acme.example']);
  });

  it('finds nothing, and returns, in long runs of address-like punctuation', () => {
    expect(extractEmails('a/'.repeat(50_000))).toEqual([]);
    expect(extractEmails(`${'a.'.repeat(50_000)}@`)).toEqual([]);
    expect(extractEmails("x/x.x'".repeat(20_000))).toEqual([]);
  });

  it('never throws and only returns addresses that are already normal', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        for (const email of extractEmails(text)) expect(normaliseEmail(email)).toBe(email);
      }),
    );
  });

  it('finds any ordinary address written in prose', () => {
    const address = fc.emailAddress().filter((e) => /^[a-z0-9_]/i.test(e) && normaliseEmail(e) !== null);
    fc.assert(
      fc.property(address, fc.constantFrom('Contact: <%>.', '%, please', '(%)', '"%"', 'mailto:%?cc=x'), (email, template) => {
        expect(extractEmails(template.replace('%', () => email))).toContain(normaliseEmail(email));
      }),
    );
  });
});

describe('properties of normalised addresses', () => {
  it('normalising twice changes nothing', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const once = normaliseEmail(email);
        if (once !== null) expect(normaliseEmail(once)).toBe(once);
      }),
    );
  });

  it('ignores case and Punycode in the domain', () => {
    const label = fc.stringMatching(/^[a-zäöüéñжд中文]{1,12}$/);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{1,10}$/), label, (local, name) => {
        const unicode = normaliseEmail(`${local}@${name}.example`);
        expect(normaliseEmail(`${local.toUpperCase()}@${domainToASCII(`${name}.example`).toUpperCase()}`)).toBe(unicode);
      }),
    );
  });
});

describe('baseAddress', () => {
  it.each([
    ['dana+news@acme.example', 'dana@acme.example'],
    ['dana+a+b@acme.example', 'dana@acme.example'],
    ['dana@acme.example', 'dana@acme.example'],
    ['+tag@acme.example', '+tag@acme.example'],
    ['"dana+x"@acme.example', '"dana+x"@acme.example'],
  ])('%s → %s', (email, expected) => expect(baseAddress(email)).toBe(expected));

  it('strips any tag and is idempotent', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9.]{0,5}[a-z0-9]$/), fc.stringMatching(/^[a-z0-9+-]{0,8}$/), (local, tag) => {
        const tagged = `${local}+${tag}@acme.example`;
        expect(baseAddress(tagged)).toBe(`${local}@acme.example`);
        expect(baseAddress(baseAddress(tagged))).toBe(baseAddress(tagged));
      }),
    );
  });

  it('gives the domain', () => expect(emailDomain('dana+x@mail.acme.example')).toBe('mail.acme.example'));

  it.each([
    ['dana.whitfield+crm@googlemail.com', 'danawhitfield@gmail.com'],
    ['d.ana@gmail.com', 'dana@gmail.com'],
    ['dana.w+x@acme.example', 'dana.w@acme.example'],
    ['dana.w@mail.gmail.com', 'dana.w@mail.gmail.com'],
  ])('compares the rep’s own %s as %s', (email, expected) => expect(selfKey(email)).toBe(expected));
});

describe('Punycode', () => {
  it.each([
    ['mnchen-3ya', 'münchen'],
    ['bcher-kva', 'bücher'],
    ['fiqs8s', '中国'],
    ['mller-bau-q9a', 'müller-bau'],
  ])('%s decodes to %s', (label, expected) => expect(decodePunycode(label)).toBe(expected));

  it.each(['!!!', 'abc-\u00e9', '-', 'a9999999999'])('%j is not Punycode', (label) => expect(decodePunycode(label)).toBeNull());

  it('decodes whatever the platform encodes', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9äöüßéñжд中文한국]{1,20}$/), (label) => {
        const ascii = domainToASCII(`${label}.example`);
        expect(domainToUnicode(ascii)).toBe(`${label}.example`.normalize('NFC'));
      }),
    );
  });
});
