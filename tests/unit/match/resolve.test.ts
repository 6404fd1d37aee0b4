import { describe, expect, it } from 'vitest';
import { type ProspectFinder, resolve } from '@/lib/match/resolve';
import type { Prospect } from '@/lib/model/prospect';

function finder(people: Prospect[], chosen: Record<string, string> = {}): ProspectFinder {
  return {
    get: async (key) => people.find((p) => p.key === key),
    byEmail: async (email) => people.filter((p) => p.emails.includes(email)),
    byLinkedin: async (url) => people.filter((p) => p.linkedinUrl === url),
    byDomain: async (domain, limit) => people.filter((p) => p.domain === domain).slice(0, limit),
    chosen: async (key) => chosen[key],
  };
}

const person = (key: string, extra: Partial<Prospect> = {}): Prospect => ({
  key,
  emails: key.includes('@') ? [key] : [],
  domain: key.includes('@') ? key.split('@')[1] : undefined,
  refs: [],
  ...extra,
});

const dana = person('dana@northwind.example', { name: 'Dana Whitfield', emails: ['dana@northwind.example', 'd.whitfield@northwind.example'] });
const marta = person('linkedin:marta-oliveira', { name: 'Marta Oliveira', linkedinUrl: 'https://www.linkedin.com/in/marta-oliveira' });
const jonas = person('jonas@fabrikam.example', { name: 'Jonas Berg', company: 'Fabrikam' });
const priya = person('priya@fabrikam.example', { name: 'Priya Raman', company: 'Fabrikam' });

describe('resolve', () => {
  it('matches the exact address, and another address the stored person also uses', async () => {
    expect(await resolve({ key: 'dana@northwind.example', email: 'dana@northwind.example' }, finder([dana]))).toMatchObject({
      prospect: { key: 'dana@northwind.example' },
      match: 'email',
      alternatives: [],
    });
    const other = await resolve({ key: 'd.whitfield@northwind.example', email: 'd.whitfield@northwind.example' }, finder([dana]));
    expect(other.prospect?.key).toBe('dana@northwind.example');
  });

  it('matches a plus-tagged address to its base address', async () => {
    const r = await resolve({ key: 'dana+pilot@northwind.example', email: 'dana+pilot@northwind.example' }, finder([dana]));
    expect(r).toMatchObject({ prospect: { key: 'dana@northwind.example' }, match: 'email' });
  });

  it('matches a LinkedIn profile by key or canonical URL', async () => {
    const byKey = await resolve({ key: 'linkedin:marta-oliveira' }, finder([marta]));
    expect(byKey).toMatchObject({ prospect: { key: 'linkedin:marta-oliveira' }, match: 'linkedin' });
    const byUrl = await resolve(
      { key: 'linkedin:marta-o', linkedinUrl: 'https://www.linkedin.com/in/marta-oliveira' },
      finder([marta]),
    );
    expect(byUrl.prospect?.key).toBe('linkedin:marta-oliveira');
  });

  it('only suggests colleagues at the same domain, never as a match', async () => {
    const r = await resolve({ key: 'new@fabrikam.example', email: 'new@fabrikam.example', name: 'Jonas Berg' }, finder([priya, jonas]));
    expect(r.prospect).toBeUndefined();
    expect(r.match).toBe('domain');
    expect(r.alternatives.map((a) => a.key)).toEqual(['jonas@fabrikam.example', 'priya@fabrikam.example']);
  });

  it('makes no suggestion for free-mail or own domains, and never matches on a name', async () => {
    const gmailUser = person('someone@gmail.com', { name: 'Dana Whitfield' });
    expect(await resolve({ key: 'dana.w@gmail.com', email: 'dana.w@gmail.com', name: 'Dana Whitfield' }, finder([gmailUser]))).toEqual({
      match: 'none',
      alternatives: [],
    });
    const colleague = person('boss@acme.example');
    expect((await resolve({ key: 'x@acme.example', email: 'x@acme.example' }, finder([colleague]), ['acme.example'])).match).toBe('none');
  });

  it('picks a deterministic default among several people sharing an address and lists the others', async () => {
    const shared = 'sales@tailspin.example';
    const a = person('linkedin:ana', { emails: [shared] });
    const b = person('linkedin:bo', { emails: [shared] });
    const r = await resolve({ key: shared, email: shared }, finder([b, a]));
    expect(r.prospect?.key).toBe('linkedin:ana');
    expect(r.alternatives.map((x) => x.key)).toEqual(['linkedin:bo']);
  });

  it('remembers the rep’s choice over every other rule', async () => {
    const r = await resolve({ key: 'dana@northwind.example', email: 'dana@northwind.example' }, finder([dana, jonas], { 'dana@northwind.example': 'jonas@fabrikam.example' }));
    expect(r).toMatchObject({ prospect: { key: 'jonas@fabrikam.example' }, match: 'chosen' });
  });
});
