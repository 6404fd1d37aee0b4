import { describe, expect, it } from 'vitest';
import { filterCandidates, isAutomatedAddress, isListAddress } from '@/lib/identity/filter';
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

  it.each([
    'widgets@noreply.github.com',
    '12345+octocat@users.noreply.github.com',
    'jira@noreply.atlassian.example',
    'orders@do-not-reply.shop.example',
    'x@bounces.mail.example.co.uk',
    'ops@em.notifications.example.com',
  ])('%s is automated by its host', (email) => expect(isAutomatedAddress(email)).toBe(true));

  it.each(['dana@notificationsoft.example', 'dana@notifications.example', 'dana@bounce.co.uk', 'dana@mail.noreply-corp.example', 'dana@noreply.example'])(
    '%s is a person at a company of that name',
    (email) => expect(isAutomatedAddress(email)).toBe(false),
  );

  it.each(['dana@acme.example', 'bouncer@club.example', 'alertsmith@acme.example', 'noreen@acme.example', 'notifyme@x.example'])(
    '%s is a person',
    (email) => expect(isAutomatedAddress(email)).toBe(false),
  );
});

describe('isListAddress', () => {
  const lists = [
    'sales-team@googlegroups.com',
    'Sales-Team@GoogleGroups.com',
    'wxt-dev@eu.googlegroups.com',
    'project-x@groups.outlook.com',
    'hikers@groups.io',
    'knitting@yahoogroups.com',
    'dev@lists.example.org',
    'users@lists.apache.example',
    'listserv@univ.example',
    'majordomo@vger.example',
    'mailman@python.example',
    'list@acme.example',
    'lists@acme.example',
    'mailing-list@acme.example',
    'mailinglist@acme.example',
    'acme-announce@acme.example',
    'security-announce@linux.example',
    'sales-list@acme.example',
    'python-list@python.example',
    'weekly-digest@acme.example',
    'devel-request@lists.example.org',
    'team-subscribe@acme.example',
    'team-unsubscribe@acme.example',
    'acme-announce+tag@acme.example',
  ];
  // Everything else must answer false: people whose names or domains look a little like a list.
  const people = [
    'dana@acme.example',
    'anna.list@acme.example',
    'anna_list@acme.example',
    'list.anna@acme.example',
    'lister@acme.example',
    'listenbourg@acme.example',
    'kristen@acme.example',
    'announce.me@acme.example',
    'j.announce@acme.example',
    'requester@acme.example',
    'digest@',
    'sam@lists.org',
    'sam@listserv.example',
    'sam@groups.example',
    'sam@google.com',
    'sam@gmail.com',
    'sam@outlook.com',
    'sam@mylists.example',
    'sam@groupsio.example',
    'sam@notgooglegroups.com',
    'maria.mailman@post.example',
    'priya+list@fabrikam.example',
    'jonas-berg@fabrikam.example',
    'sales@acme.example',
    'team@acme.example',
    'support@acme.example',
  ];
  it.each(lists)('%s is a list', (email) => expect(isListAddress(email)).toBe(true));
  it.each(people)('%s is not a list', (email) => expect(isListAddress(email)).toBe(false));

  it('drops lists from the candidates and keeps the people around them', () => {
    const kept = filterCandidates([person('dana@northwind.example'), person('sales-team@googlegroups.com'), person('anna.list@acme.example'), person('dev@lists.example.org')]);
    expect(keys(kept)).toEqual(['dana@northwind.example', 'anna.list@acme.example']);
  });
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

  it('drops the rep in every form Gmail delivers to their mailbox, and only on Gmail', () => {
    const forms = ['dana.whitfield@googlemail.com', 'danawhitfield@gmail.com', 'd.a.n.a.whitfield+crm@gmail.com', 'dana.whitfield@gmail.com'];
    const others = ['danawhitfield@acme.example', 'dana.whitfield@gmail.co.uk', 'dana.whit@gmail.com'];
    expect(keys(filterCandidates([...forms, ...others].map((e) => person(e)), { selfAddresses: ['Dana.Whitfield@GoogleMail.com'] }))).toEqual(others);
    expect(keys(filterCandidates([person('a.lice@acme.example')], { myAddresses: ['alice@acme.example'] }))).toEqual(['a.lice@acme.example']);
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
