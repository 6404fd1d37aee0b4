import { describe, expect, it } from 'vitest';
import { detect } from '@/lib/detect';
import { parse } from './fixtures';

/** Smaller markup variants than the fixture pages: one behaviour each. */
const keysOf = (html: string, url: string) => detect(parse(html), url).candidates;

describe('Gmail variants', () => {
  const thread = 'https://mail.google.com/mail/u/0/#inbox/FMfcgz';

  it('reads the older compose UI’s plain recipient fields', () => {
    const html = `<form><textarea class="vO" name="to">Dana Whitfield &lt;dana@northwind.example&gt;, jonas@fabrikam.example</textarea>
      <textarea class="vO" name="cc">li.wei@contoso.example</textarea></form>`;
    expect(keysOf(html, 'https://mail.google.com/mail/u/0/?compose=new').map((c) => [c.key, c.role])).toEqual([
      ['dana@northwind.example', 'compose'],
      ['jonas@fabrikam.example', 'compose'],
      ['li.wei@contoso.example', 'compose'],
    ]);
  });

  it('treats bcc like cc and a name that says "cc:" as a name', () => {
    const html = `<div class="adn"><h3 class="iw"><span class="gD" email="a@x.example" name="A">A</span></h3>
      <div class="iw ajw"><span class="hb">to <span class="g2" email="b@x.example" name="cc: B">cc: B</span>, bcc: <span class="g2" email="c@x.example" name="C">C</span></span></div></div>`;
    expect(keysOf(html, thread).map((c) => [c.key, c.role, c.name])).toEqual([
      ['a@x.example', 'from', 'A'],
      ['b@x.example', 'to', 'cc: B'],
      ['c@x.example', 'cc', 'C'],
    ]);
  });

  it.each(['dana.whitfield@googlemail.com', 'danawhitfield@gmail.com', 'Dana.Whitfield+crm@GoogleMail.com'])('leaves out the rep written as %s (the same Gmail mailbox)', (to) => {
    const html = `<title>Inbox - dana.whitfield@gmail.com - Gmail</title><div class="adn"><h3 class="iw"><span class="gD" email="jonas@fabrikam.example" name="Jonas">Jonas</span></h3>
      <div class="iw ajw"><span class="hb">to <span class="g2" email="${to}" name="Dana Whitfield">me</span>, <span class="g2" email="dana.whitfield@fabrikam.example" name="D">D</span></span></div></div>`;
    expect(keysOf(html, thread).map((c) => c.key)).toEqual(['jonas@fabrikam.example', 'dana.whitfield@fabrikam.example']);
  });

  it('does not read addresses out of message bodies', () => {
    const html = `<div class="adn"><span class="gD" email="a@x.example" name="A"></span><div class="a3s">Write to <span email="bait@x.example">me</span> b@x.example</div></div>`;
    expect(keysOf(html, thread).map((c) => c.key)).toEqual(['a@x.example']);
  });

  it('marks the sender of the last message (collapsed or expanded) as the newest, once per person', () => {
    const collapsed = (email: string) => `<div role="listitem"><div class="kv"><table><tr><td class="gF"><span class="gD" email="${email}" name="x"></span></td></tr></table></div></div>`;
    const expanded = (email: string, to: string) =>
      `<div role="listitem"><div class="adn"><h3 class="iw"><span class="gD" email="${email}" name="x"></span></h3><div class="iw ajw"><span class="hb">to <span class="g2" email="${to}" name="y"></span></span></div></div></div>`;
    const html = `<div role="main"><div role="list">${collapsed('a@x.example')}${expanded('b@x.example', 'a@x.example')}${collapsed('a@x.example')}${collapsed('c@x.example')}</div></div>`;
    expect(keysOf(html, thread).map((c) => [c.key, c.role, c.newest])).toEqual([
      ['a@x.example', 'from', undefined],
      ['b@x.example', 'from', undefined],
      ['c@x.example', 'from', true],
    ]);
    // The same person sending the first and the last message keeps the first sighting's place, marked newest.
    const again = `<div role="main">${collapsed('a@x.example')}${expanded('b@x.example', 'c@x.example')}${collapsed('a@x.example')}</div>`;
    expect(keysOf(again, thread).map((c) => [c.key, c.newest])).toEqual([
      ['a@x.example', true],
      ['b@x.example', undefined],
      ['c@x.example', undefined],
    ]);
  });
});

describe('Outlook variants', () => {
  const pane = (inner: string) => `<div data-app-section="ConversationContainer" role="main">${inner}</div>`;
  const url = 'https://outlook.live.com/mail/0/inbox/id/AQQk';

  it.each([
    ['From: Dana <dana@x.example>', 'from'],
    ['De : Dana <dana@x.example>', 'from'],
    ['发件人: Dana <dana@x.example>', 'from'],
    ['Da: Dana <dana@x.example>', 'from'],
    ['À : Dana <dana@x.example>', 'to'],
    ['Kopie: Dana <dana@x.example>', 'cc'],
    ['Dana <dana@x.example>', 'to'],
  ])('%s is %s', (label, role) => {
    const [candidate] = keysOf(pane(`<span aria-label="${label.replace(/</g, '&lt;')}">Dana</span>`), url);
    // A lone sender is the newest message's sender.
    expect(candidate).toEqual({ key: 'dana@x.example', email: 'dana@x.example', name: 'Dana', role, ...(role === 'from' ? { newest: true } : {}) });
  });

  it('marks the last message sender of the conversation as the newest, not the reply being written', () => {
    const html = pane(
      '<div aria-label="Email message"><span aria-label="From: Dana &lt;dana@x.example&gt;">Dana</span></div>' +
        '<div aria-label="Email message"><span aria-label="From: Jonas &lt;jonas@y.example&gt;">Jonas</span>' +
        '<span aria-label="To: dana@x.example">Dana</span></div>' +
        '<div data-app-section="MailReadCompose"><span aria-label="From: ken@z.example">Ken</span></div>',
    );
    const found = detect(parse(html), url);
    expect(found.candidates.map((c) => [c.key, c.role, c.newest])).toEqual([
      ['dana@x.example', 'from', undefined],
      ['jonas@y.example', 'from', true],
    ]);
    // The reply is sent from the rep's mailbox: its From is the rep, known even with the account menu closed.
    expect(found.selfAddresses).toEqual(['ken@z.example']);
  });

  it('reads the address from a title when the label has none', () => {
    const html = pane('<div aria-label="Cc: Li"><div aria-label="Li Wei" title="li.wei@contoso.example">Li Wei</div></div>');
    expect(keysOf(html, url)).toEqual([{ key: 'li.wei@contoso.example', email: 'li.wei@contoso.example', name: 'Li Wei', role: 'cc' }]);
  });

  it('keeps a display name with "<", "@" and markup in it verbatim, and only the trailing address as the person', () => {
    const label = 'Von: Dana <b>"Ops"</b> <ops@evil.example> <dana@x.example>';
    const html = pane(`<span aria-label="${label.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}">Dana</span>`);
    expect(keysOf(html, url)).toEqual([{ key: 'dana@x.example', email: 'dana@x.example', name: 'Dana <b>"Ops"</b> <ops@evil.example>', role: 'from', newest: true }]);
  });

  it('takes the visible text of a bare-address label as the name, angle brackets and all', () => {
    const html = pane('<span aria-label="dana@x.example">Dana &lt;b&gt;W&lt;/b&gt;</span>');
    expect(keysOf(html, url)[0]?.name).toBe('Dana <b>W</b>');
  });

  it('finds compose recipients in a pop-out outside the reading pane', () => {
    const html = `<div role="group" id="x_TO"><span class="_Entity _EType_RECIPIENT_ENTITY" contenteditable="false" aria-label="ken@tailspin.example">Ken Ito</span></div>`;
    expect(keysOf(html, 'https://outlook.office365.com/mail/deeplink/compose')).toEqual([
      { key: 'ken@tailspin.example', email: 'ken@tailspin.example', name: 'Ken Ito', role: 'compose' },
    ]);
  });
});

describe('LinkedIn variants', () => {
  it('reads a public profile from JSON-LD alone, skipping past jobs', () => {
    const ld = { '@context': 'http://schema.org', '@graph': [{ '@type': 'Person', name: 'Ana Souza', url: 'https://br.linkedin.com/in/ana-souza', jobTitle: 'Buyer', worksFor: [{ name: 'Old Co', member: { endDate: 2019 } }, { name: 'Wingtip' }] }] };
    const html = `<script type="application/ld+json">${JSON.stringify(ld)}</script>`;
    expect(keysOf(html, 'https://br.linkedin.com/in/ana-souza?trk=x')).toEqual([
      { key: 'linkedin:ana-souza', name: 'Ana Souza', title: 'Buyer', company: 'Wingtip', linkedinUrl: 'https://www.linkedin.com/in/ana-souza', role: 'profile' },
    ]);
  });

  it('reads the name from profile meta tags', () => {
    const html = '<meta property="profile:first_name" content="Ken"><meta property="profile:last_name" content="Ito"><link rel="canonical" href="https://jp.linkedin.com/in/ken-ito">';
    expect(keysOf(html, 'https://www.linkedin.com/in/ken-ito/')).toEqual([
      { key: 'linkedin:ken-ito', name: 'Ken Ito', linkedinUrl: 'https://www.linkedin.com/in/ken-ito', role: 'profile' },
    ]);
  });

  it('finds nothing on a profile that has not rendered yet', () => {
    expect(keysOf('<main><div class="scaffold-skeleton"></div></main>', 'https://www.linkedin.com/in/ken-ito/')).toEqual([]);
  });

  it('leaves out the rep’s own profile', () => {
    const html = '<img class="global-nav__me-photo" alt="Sam Carter"><main><section data-member-id="1"><h1>Sam Carter</h1></section></main>';
    expect(keysOf(html, 'https://www.linkedin.com/in/sam-carter-42/')).toEqual([]);
  });

  it('keys a lead by its public profile when the page links one', () => {
    const html = `<section><h1 data-anonymize="person-name">Priya Raman</h1><a href="https://www.linkedin.com/in/priya-raman-3c9d">View LinkedIn profile</a></section>
      <section><span data-anonymize="person-name">Other</span><a href="https://www.linkedin.com/in/other">x</a></section>`;
    expect(keysOf(html, 'https://www.linkedin.com/sales/lead/ACwAAA1,NAME_SEARCH,x')).toEqual([
      { key: 'linkedin:priya-raman-3c9d', name: 'Priya Raman', linkedinUrl: 'https://www.linkedin.com/in/priya-raman-3c9d', role: 'lead' },
    ]);
  });

  it('finds the participant of a messaging bubble open on any page', () => {
    const html = '<aside class="msg-overlay-conversation-bubble"><a class="msg-thread__link-to-profile" href="/in/jonas-berg-11/"><h2>Jonas Berg</h2></a></aside>';
    expect(keysOf(html, 'https://www.linkedin.com/feed/').map((c) => [c.key, c.role])).toEqual([['linkedin:jonas-berg-11', 'message']]);
  });
});
