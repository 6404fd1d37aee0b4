import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPersonCandidate } from '@/lib/identity/candidate';
import { Candidate } from '@/lib/model/prospect';

describe('isPersonCandidate (the schema key rules, without zod)', () => {
  it.each<[Candidate, boolean]>([
    [{ key: 'dana@northwind.example', email: 'dana@northwind.example' }, true],
    [{ key: '"john.doe"@example.com' }, true],
    [{ key: 'linkedin:dana-whitfield-8b2a1c' }, true],
    [{ key: 'linkedin-sales:ACwAAA123' }, true],
    [{ key: 'name:dana whitfield', name: 'Dana Whitfield' }, true],
    [{ key: '"john doe"@example.com' }, false],
    [{ key: '"a@b"@example.com' }, false],
    [{ key: 'john\u1680doe@example.com' }, false],
    [{ key: '@northwind.example' }, false],
    [{ key: 'dana' }, false],
    [{ key: 'linkedin:dana whitfield' }, false],
    [{ key: 'name:dana whitfield', name: 'Dana Whitfield', email: 'dana@northwind.example' }, false],
    [{ key: 'name:bait@evil.example', name: 'Bait' }, false],
    [{ key: 'name:dana' }, false],
    [{ key: `${'a'.repeat(320)}@x.example` }, false],
  ])('%j → %s', (candidate, person) => {
    expect(isPersonCandidate(candidate)).toBe(person);
    expect(Candidate.safeParse(candidate).success).toBe(person);
  });

  it('agrees with the schema on any key', () => {
    const part = fc.string({ unit: fc.constantFrom('a', '@', ' ', '\u1680', '\u3000', ':', 'name', 'linkedin', '-sales', '"'), maxLength: 8 });
    const candidate = fc.record({ key: part.filter((k) => k.length > 0), name: fc.option(fc.constant('Dana'), { nil: undefined }), email: fc.option(fc.constant('d@x.example'), { nil: undefined }) });
    fc.assert(
      fc.property(candidate, (raw) => {
        const c = JSON.parse(JSON.stringify(raw)) as Candidate;
        expect(isPersonCandidate(c)).toBe(Candidate.safeParse(c).success);
      }),
      { numRuns: 2000 },
    );
  });
});
