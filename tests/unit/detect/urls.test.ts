import { describe, expect, it } from 'vitest';
import { detect } from '@/lib/detect';
import { profileRef, profileRefsInText, salesLeadId } from '@/lib/identity/linkedin-url';

describe('profileRef', () => {
  it.each([
    ['https://www.linkedin.com/in/dana-whitfield-8b2a1c/', 'dana-whitfield-8b2a1c'],
    ['https://www.linkedin.com/in/Dana-Whitfield-8B2A1C', 'dana-whitfield-8b2a1c'],
    ['https://de.linkedin.com/in/dana-whitfield-8b2a1c?trk=public_profile', 'dana-whitfield-8b2a1c'],
    ['https://linkedin.com/in/dana-whitfield-8b2a1c#experience', 'dana-whitfield-8b2a1c'],
    ['http://uk.linkedin.com/in/dana-whitfield-8b2a1c/', 'dana-whitfield-8b2a1c'],
    ['https://www.linkedin.com/in/dana-whitfield-8b2a1c/overlay/contact-info/', 'dana-whitfield-8b2a1c'],
    ['https://www.linkedin.com/in/dana-whitfield-8b2a1c/details/experience/', 'dana-whitfield-8b2a1c'],
    ['https://de.linkedin.com/in/j%C3%B6rg-m%C3%BCller-7a3b', 'jörg-müller-7a3b'],
    ['https://de.linkedin.com/in/J%C3%96RG-M%C3%9CLLER-7A3B', 'jörg-müller-7a3b'],
    ['https://www.linkedin.com/in/jo%CC%88rg', 'jörg'],
    ['/in/dana-whitfield-8b2a1c/overlay/contact-info/', 'dana-whitfield-8b2a1c'],
  ])('%s → linkedin:%s', (href, slug) => {
    expect(profileRef(href)).toEqual({ slug, key: `linkedin:${slug}`, url: `https://www.linkedin.com/in/${encodeURIComponent(slug)}` });
  });

  it.each([
    null,
    '',
    'https://www.linkedin.com/',
    'https://www.linkedin.com/in/',
    'https://www.linkedin.com/company/northwind/',
    'https://www.linkedin.com/school/tum/',
    'https://www.linkedin.com/feed/',
    'https://www.linkedin.com/sales/lead/ACwAAA,NAME_SEARCH,x',
    'https://evillinkedin.com/in/dana',
    'https://linkedin.com.evil.example/in/dana',
    'https://www.linkedin.com.evil.example/in/dana',
    'javascript:alert(1)//linkedin.com/in/dana',
    'ftp://www.linkedin.com/in/dana',
    'https://www.linkedin.com/in/%E0%A4%A',
    'https://www.linkedin.com/in/dana%20whitfield',
    `https://www.linkedin.com/in/${'a'.repeat(101)}`,
  ])('%j is not a profile', (href) => expect(profileRef(href)).toBeNull());

  it('finds profile URLs in a selection', () => {
    const text = 'See linkedin.com/in/Dana-W, https://de.linkedin.com/in/j%C3%B6rg?trk=x. and www.linkedin.com/in/dana-w/';
    expect(profileRefsInText(text).map((r) => r.key)).toEqual(['linkedin:dana-w', 'linkedin:jörg']);
  });
});

describe('salesLeadId', () => {
  it.each([
    ['https://www.linkedin.com/sales/lead/ACwAAAB3xYz0BqT9,NAME_SEARCH,Xk9p', 'ACwAAAB3xYz0BqT9'],
    ['https://www.linkedin.com/sales/lead/ACwAAAB3xYz0BqT9,NAME_SEARCH,Xk9p?_ntb=abc', 'ACwAAAB3xYz0BqT9'],
    ['https://www.linkedin.com/sales/people/ACwAAAB3xYz0BqT9,name', 'ACwAAAB3xYz0BqT9'],
    ['https://www.linkedin.com/sales/lead/ACwAAAB3xYz0BqT9/', 'ACwAAAB3xYz0BqT9'],
  ])('%s → %s', (href, id) => expect(salesLeadId(href)).toBe(id));

  it.each([
    'https://www.linkedin.com/sales/home',
    'https://www.linkedin.com/sales/company/1035',
    'https://www.linkedin.com/sales/lead/',
    'https://www.linkedin.com/sales/lead/%3Cscript%3E,x',
    'https://example.com/sales/lead/ACwAAAB3xYz0BqT9',
    'https://www.linkedin.com/in/dana',
  ])('%s is not a lead', (href) => expect(salesLeadId(href)).toBeNull());
});

describe('detect on pages that are not a surface', () => {
  const page = new DOMParser().parseFromString(
    '<main><span class="gD" email="dana@northwind.example" name="Dana">Dana</span><h1>Dana Whitfield</h1><a class="msg-thread__link-to-profile" href="/in/dana"></a></main>',
    'text/html',
  );

  it.each([
    'http://mail.google.com/mail/u/0/#inbox',
    'https://mail.google.com.evil.example/mail/u/0/',
    'https://gmail.com/',
    'https://docs.google.com/document/d/1',
    'https://outlook.office.com.attacker.net/mail/',
    'https://outlook.com/',
    'https://evillinkedin.com/in/dana',
    'https://www.linkedin.com.evil.example/in/dana',
    'chrome-extension://abcdefghijklmnop/sidepanel.html',
    'about:blank',
    'file:///home/me/gmail.html',
    'not a url',
    '',
  ])('%j gives nothing', (url) => expect(detect(page, url)).toEqual({ site: null, candidates: [], selfAddresses: [], health: { precise: [], fallback: [] } }));

  it.each([
    'https://www.linkedin.com/feed/',
    'https://www.linkedin.com/company/northwind/',
    'https://www.linkedin.com/jobs/view/123/',
    'https://www.linkedin.com/search/results/people/?keywords=dana',
  ])('%s is LinkedIn but shows no profile, lead or open thread', (url) => {
    const empty = new DOMParser().parseFromString('<main><h1>Dana Whitfield</h1><a href="/in/dana">Dana</a></main>', 'text/html');
    expect(detect(empty, url).candidates).toEqual([]);
  });
});
