import { describe, expect, it } from 'vitest';
import { filterCandidates, isAutomatedAddress } from '@/lib/identity/filter';
import type { Candidate } from '@/lib/model/prospect';

const person = (email: string, extra: Partial<Candidate> = {}): Candidate => ({ key: email, email, role: 'to', ...extra });
const keys = (list: Candidate[]) => list.map((c) => c.key);

describe('isAutomatedAddress', () => {
  it.each([
    'noreply@acme.example',
    'no-reply@acme.example',
    'no_reply@acme.example',
    'no.reply@acme.example',
    'donotreply@acme.example',
    'do-not-reply@acme.example',
    'jira-noreply@acme.example',
    'notifications@github.example',
    'notification@acme.example',
    'calendar-notification@google.com',
    'mailer-daemon@googlemail.com',
    'mailer-daemon@acme.example',
    'postmaster@acme.example',
    'bounce@acme.example',
    'bounces+12345-abcd@mail.acme.example',
    'bounce-mc.us5_1234.5678-dana=acme.example@mail123.mcsv.net',
    'alerts@monitoring.example',
  ])('%s is automated', (email) => expect(isAutomatedAddress(email)).toBe(true));

  it.each(['dana@acme.example', 'bouncer@club.example', 'alertsmith@acme.example', 'noreen@acme.example', 'notifyme@x.example'])(
    '%s is a person',
    (email) => expect(isAutomatedAddress(email)).toBe(false),
  );
});

describe('filterCandidates', () => {
  const page = [
    person('sam.carter@acme.example'),
    person('sam.carter+crm@acme.example'),
    person('dana@northwind.example', { name: 'Dana Whitfield' }),
    person('alex@acme.example'),
    person('alex@eu.acme.example'),
    person('noreply@northwind.example'),
    person('jonas@fabrikam.example'),
    person('jonas+x@fabrikam.example'),
    person('spam@spammer.example'),
    person('li@sub.spammer.example'),
    person('ken@müller-bau.example'),
    { key: 'linkedin:dana-w', role: 'profile', linkedinUrl: 'https://www.linkedin.com/in/dana-w' } satisfies Candidate,
    { key: 'linkedin-sales:ACwAAAB3', role: 'lead' } satisfies Candidate,
    { key: 'linkedin:priya', role: 'profile' } satisfies Candidate,
  ];

  it('keeps everyone when nothing is configured, except automated senders', () => {
    expect(keys(filterCandidates(page))).toEqual(keys(page).filter((k) => k !== 'noreply@northwind.example'));
  });

  it('drops own addresses (with plus-tags too), own domains and subdomains, muted keys and domains', () => {
    const kept = filterCandidates(page, {
      selfAddresses: ['Sam.Carter@acme.example'],
      myAddresses: ['old.me@elsewhere.example'],
      ownDomains: ['ACME.example'],
      ignoreList: ['jonas@fabrikam.example', '@spammer.example', 'linkedin:dana-w', 'linkedin-sales:acwaaab3', '@xn--mller-bau-q9a.example'],
    });
    expect(keys(kept)).toEqual(['dana@northwind.example', 'linkedin:priya']);
  });

  it('a muted tagged address leaves the base address alone', () => {
    expect(keys(filterCandidates([person('jonas@fabrikam.example'), person('jonas+x@fabrikam.example')], { ignoreList: ['jonas+x@fabrikam.example'] }))).toEqual([
      'jonas@fabrikam.example',
    ]);
  });

  it('merges repeats of a key, keeping the first role and filling missing fields', () => {
    const merged = filterCandidates([
      person('dana@northwind.example', { role: 'from' }),
      person('dana@northwind.example', { role: 'cc', name: 'Dana Whitfield', title: 'VP Marketing' }),
      person('dana@northwind.example', { role: 'to', name: 'D. W.', company: 'Northwind' }),
    ]);
    expect(merged).toEqual([
      { key: 'dana@northwind.example', email: 'dana@northwind.example', role: 'from', name: 'Dana Whitfield', title: 'VP Marketing', company: 'Northwind' },
    ]);
  });
});
