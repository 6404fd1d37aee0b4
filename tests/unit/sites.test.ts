import { describe, expect, it } from 'vitest';
import { CONTENT_SCRIPT_MATCHES, siteOf } from '@/lib/sites';

describe('siteOf', () => {
  it.each([
    ['https://mail.google.com/mail/u/0/#inbox', 'gmail'],
    ['https://outlook.office.com/mail/inbox', 'outlook'],
    ['https://outlook.office365.com/mail/', 'outlook'],
    ['https://outlook.live.com/mail/0/', 'outlook'],
    ['https://outlook.cloud.microsoft/mail/', 'outlook'],
    // www.linkedin.com is a single-page app: every path can turn into a profile or a conversation.
    ['https://www.linkedin.com/in/dana-whitfield/', 'linkedin'],
    ['https://www.linkedin.com/feed/', 'linkedin'],
    ['https://www.linkedin.com/messaging/thread/2-abc/', 'linkedin'],
    ['https://www.linkedin.com/sales/lead/ACwAAAB3,NAME_SEARCH,Xk9p', 'linkedin'],
    ['https://WWW.LinkedIn.com/in/dana', 'linkedin'],
    // Public profiles on the country subdomains (and the bare domain, before it redirects).
    ['https://de.linkedin.com/in/dana-whitfield', 'linkedin'],
    ['https://br.linkedin.com/in/ana-souza?trk=x', 'linkedin'],
    ['https://uk.linkedin.com/pub/dana-whitfield/1/2/3', 'linkedin'],
    ['https://linkedin.com/in/dana-whitfield', 'linkedin'],
  ])('%s is %s', (url, site) => expect(siteOf(url)).toBe(site));

  it.each([
    'http://mail.google.com/',
    'https://mail.google.com.evil.example/',
    'https://mail.google.com:8443/mail/',
    'https://evillinkedin.com/in/x',
    'https://linkedin.com.evil.example/in/x',
    'https://outlook.office.com.attacker.net/',
    'https://docs.google.com/',
    // LinkedIn hosts where no prospect is shown: the content script does not run, and may not talk.
    'https://learning.linkedin.com/in/dana',
    'https://learning.linkedin.com/',
    'https://business.linkedin.com/talent-solutions',
    'https://developer.linkedin.com/',
    'https://www2.linkedin.com/in/dana',
    'https://de.linkedin.com/',
    'https://de.linkedin.com/jobs/view/123',
    'https://de.linkedin.com/company/northwind',
    'https://de.linkedin.com/inbox/',
    'https://linkedin.com/',
    'https://static.linkedin.com/in/x',
    'http://www.linkedin.com/in/dana',
    'chrome-extension://abc/popup.html',
    'not a url',
    '',
  ])('%s is not a supported site', (url) => expect(siteOf(url)).toBeNull());
});

/** A Chrome match pattern as a RegExp (scheme, `*.` host wildcard, `*` path glob). */
function patternToRegExp(pattern: string): RegExp {
  const [, scheme, host, path] = /^(https):\/\/([^/]+)(\/.*)$/.exec(pattern)!;
  const hostPart = host!.startsWith('*.') ? `(?:[^/]+\\.)?${host!.slice(2).replace(/\./g, '\\.')}` : host!.replace(/\./g, '\\.');
  const pathPart = path!.split('*').map((s) => s.replace(/[.?+^$()[\]{}|\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${scheme}://${hostPart}${pathPart}$`, 'i');
}

describe('CONTENT_SCRIPT_MATCHES', () => {
  const matchesOf = (url: string) => Object.entries(CONTENT_SCRIPT_MATCHES).filter(([, patterns]) => patterns.some((p) => patternToRegExp(p).test(url.split(/[?#]/)[0]!)));

  it.each([
    'https://mail.google.com/mail/u/0/#inbox',
    'https://outlook.live.com/mail/0/',
    'https://www.linkedin.com/feed/',
    'https://de.linkedin.com/in/dana-whitfield',
    'https://uk.linkedin.com/pub/dana/1/2/3',
  ])('runs the script on %s, a page siteOf accepts', (url) => {
    expect(siteOf(url)).not.toBeNull();
    expect(matchesOf(url).map(([site]) => site)).toEqual([siteOf(url)]);
  });

  it.each([
    'https://learning.linkedin.com/',
    'https://business.linkedin.com/talent-solutions',
    'https://developer.linkedin.com/',
    'https://de.linkedin.com/jobs/view/123',
    'https://www.linkedin.com.evil.example/in/x',
  ])('does not run the script on %s', (url) => expect(matchesOf(url)).toEqual([]));
});
