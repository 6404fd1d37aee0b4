import { describe, expect, it } from 'vitest';
import { siteOf } from '@/lib/sites';

describe('siteOf', () => {
  it.each([
    ['https://mail.google.com/mail/u/0/#inbox', 'gmail'],
    ['https://outlook.office.com/mail/inbox', 'outlook'],
    ['https://outlook.office365.com/mail/', 'outlook'],
    ['https://outlook.live.com/mail/0/', 'outlook'],
    ['https://outlook.cloud.microsoft/mail/', 'outlook'],
    ['https://www.linkedin.com/in/dana-whitfield/', 'linkedin'],
    ['https://de.linkedin.com/in/dana-whitfield', 'linkedin'],
  ])('%s is %s', (url, site) => expect(siteOf(url)).toBe(site));

  it.each([
    'http://mail.google.com/',
    'https://mail.google.com.evil.example/',
    'https://evillinkedin.com/in/x',
    'https://outlook.office.com.attacker.net/',
    'https://docs.google.com/',
    'chrome-extension://abc/popup.html',
    'not a url',
    '',
  ])('%s is not a supported site', (url) => expect(siteOf(url)).toBeNull());
});
