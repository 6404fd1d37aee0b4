import { describe, expect, it } from 'vitest';
import { detect } from '@/lib/detect';
import { parseAddressList } from '@/lib/identity/address-list';
import { foldNameOnly } from '@/lib/identity/candidate';
import { nameKey, normaliseName } from '@/lib/identity/name';
import { Candidate } from '@/lib/model/prospect';
import { selfKey } from '@/lib/identity/email';
import { fixtures, parse } from './fixtures';

/*
 * Outlook's three ways of showing a person (issue 14): an address in an attribute, a name-only
 * persona button, a header line written as text. Each case is one behaviour on small markup; the
 * fixture pages (tests/fixtures/pages/outlook-*) show them together on whole pages.
 */
const URL = 'https://outlook.office.com/mail/inbox/id/AAQk';
const ACCOUNT = `<div id="mectrl_currentAccount_primary">Sam Carter</div><div id="mectrl_currentAccount_secondary">sam@acme.example</div>`;
const pane = (inner: string) => `${ACCOUNT}<div data-app-section="ConversationContainer" role="main" aria-label="Reading Pane">${inner}</div>`;
const found = (inner: string) => detect(parse(pane(inner)), URL).candidates;
const summary = (inner: string) => found(inner).map((c) => [c.key, c.role, c.newest ?? false]);

/** A name-only persona button as current Outlook draws it. */
const persona = (name: string, avatar = true) =>
  `<span aria-haspopup="dialog" role="button" aria-label="Opens card for ${name}" data-lpc-hover-target-id="t">${avatar ? `<span role="img" aria-label="${name}"></span>` : ''}<span>${name}</span></span>`;
const date = (text: string) => `<div data-testid="SentReceivedSavedTime">${text}</div>`;
const body = '<div id="UniqueMessageBody_1" aria-label="Message body" role="document">Hello</div>';
/** One message: its header people, its date, and a body when expanded. */
const message = (header: string, expanded: boolean) => `<div><div>${header}</div>${date('Mon 9:00')}${expanded ? body : '<div>preview …</div>'}</div>`;

describe('name-only persona buttons', () => {
  it('are name candidates: the sender by its place, recipients by their labelled groups', () => {
    const header = `${persona('Dana Whitfield')}<div data-testid="RecipientWell"><div aria-label="To: Jonas Berg">${persona('Jonas Berg')}</div><div aria-label="Cc: Li Wei">${persona('Li Wei')}</div></div>`;
    expect(found(message(header, true))).toEqual([
      { key: 'name:dana whitfield', name: 'Dana Whitfield', role: 'from', newest: true },
      { key: 'name:jonas berg', name: 'Jonas Berg', role: 'to' },
      { key: 'name:li wei', name: 'Li Wei', role: 'cc' },
    ]);
  });

  it('count as recipients inside the RecipientWell even without a labelled group', () => {
    expect(summary(message(`${persona('A B')}<div data-testid="RecipientWell">${persona('C D')}</div>`, true))).toEqual([
      ['name:a b', 'from', true],
      ['name:c d', 'to', false],
    ]);
  });

  it('take the name from the avatar label, not initials or the card wording', () => {
    const initials = `<span role="button" aria-haspopup="dialog" aria-label="Öffnet Karte für Jörg Müller" data-lpc-hover-target-id="t"><span role="img" aria-label="Jörg Müller">JM</span>Jörg Müller</span>`;
    const noAvatar = `<span role="button" aria-haspopup="dialog" aria-label="Öffnet Karte für Anna Schmidt" data-lpc-hover-target-id="t"><span aria-hidden="true">AS</span><span>Anna Schmidt</span></span>`;
    const labelOnly = `<span role="button" aria-haspopup="dialog" aria-label="Opens card for Li Wei" data-lpc-hover-target-id="t"></span>`;
    const avatarOnly = `<span role="button" aria-haspopup="dialog" aria-label="Öffnet Karte für Tomasz Nowak" data-lpc-hover-target-id="t"><span role="img" aria-label="Tomasz Nowak"></span></span>`;
    expect(found(message(`${initials}<div aria-label="An: x">${noAvatar}${labelOnly}${avatarOnly}</div>`, true)).map((c) => c.name)).toEqual([
      'Jörg Müller',
      'Anna Schmidt',
      'Li Wei',
      'Tomasz Nowak',
    ]);
  });

  it('inside or around a label with the address are that person, not a second one', () => {
    // The names differ from the labels' on purpose: folding by name must not be what saves this.
    const inside = `<span aria-label="From: P. Raman &lt;priya@fabrikam.example&gt;">${persona('Priya Raman')}</span>`;
    const around = `<span role="button" aria-haspopup="dialog" data-lpc-hover-target-id="t"><span role="img" aria-label="K. Ito"></span><span aria-label="ken@tailspin.example">Ken Ito</span></span>`;
    expect(found(message(`${inside}<div aria-label="To: Ken">${around}</div>`, true)).map((c) => c.key)).toEqual([
      'priya@fabrikam.example',
      'ken@tailspin.example',
    ]);
  });

  it('are found without the hover-target attribute (the fallback)', () => {
    const fallback = `<span role="button" aria-haspopup="dialog" aria-label="Opens card for Dana Whitfield"><span>Dana Whitfield</span></span>`;
    expect(found(message(fallback, false)).map((c) => c.key)).toEqual(['name:dana whitfield']);
  });

  it('are not the dialog buttons of a command bar', () => {
    const bar = `<div role="toolbar"><button aria-haspopup="dialog">Summarize</button><span role="button" aria-haspopup="dialog">Insert link</span></div>`;
    const fallback = `<span role="button" aria-haspopup="dialog" aria-label="Opens card for Dana Whitfield"><span>Dana Whitfield</span></span>`;
    expect(found(bar + message(fallback, true)).map((c) => c.key)).toEqual(['name:dana whitfield']);
  });

  it('are never read from bodies, the message list or the reply being written', () => {
    const html = `${message(persona('Dana Whitfield'), false)}<div aria-label="Message body">${persona('In Body')}</div>
      <div data-app-section="MessageList" role="complementary">${persona('In List')}</div>
      <div data-app-section="MailReadCompose">${persona('Reply From')}</div>`;
    expect(found(html).map((c) => c.key)).toEqual(['name:dana whitfield']);
  });

  it('leave out the signed-in user by the account’s name', () => {
    expect(found(message(`${persona('Sam  Carter')}<div aria-label="To: Dana">${persona('Dana Whitfield')}</div>`, true)).map((c) => c.key)).toEqual([
      'name:dana whitfield',
    ]);
  });

  it('give one person by address when the thread also shows that name with an address', () => {
    const html = `${message(persona('Ken Ito'), false)}${message(`<span aria-label="From: Dana &lt;dana@northwind.example&gt;">Dana</span><div aria-label="To: Ken Ito"><span aria-label="Ken Ito &lt;ken@tailspin.example&gt;">Ken Ito</span></div>`, true)}`;
    expect(summary(html)).toEqual([
      ['ken@tailspin.example', 'from', false],
      ['dana@northwind.example', 'from', true],
    ]);
  });
});

describe('the rep, with the account menu closed', () => {
  // Outlook renders #mectrl_currentAccount_* only once the rep opens the account menu; the button,
  // its initials and the title are always there.
  const button = (label: string, shown = 'SC') => `<button id="mectrl_main_trigger" aria-label="${label}" aria-expanded="false"><div id="mectrl_headerPicture" aria-hidden="true">${shown}</div></button>`;
  const page = (header: string, inner: string, title = 'Mail - Sam Carter - Outlook') =>
    `<html><head><title>${title}</title></head><body>${header}<div data-app-section="ConversationContainer" role="main" aria-label="Reading Pane">${inner}</div></body></html>`;
  const scan = (header: string, inner: string, title?: string) => detect(parse(page(header, inner, title)), URL);
  const keys = (header: string, inner: string, title?: string) => scan(header, inner, title).candidates.map((c) => [c.key, c.newest ?? false]);

  it('is never a card on the fixture pages derived with the menu closed', () => {
    const closed = fixtures.filter((f) => f.name.endsWith('-menu-closed'));
    expect(closed.length).toBeGreaterThanOrEqual(4);
    for (const variant of closed) {
      const original = parse(fixtures.find((f) => f.name === variant.name.replace(/-menu-closed$/, ''))!.html);
      const name = original.querySelector('#mectrl_currentAccount_primary')!.textContent!;
      const address = original.querySelector('#mectrl_currentAccount_secondary')!.textContent!;
      const document = parse(variant.html);
      expect(document.querySelector('#mectrl_flyout, [id^="mectrl_currentAccount"]')).toBeNull();
      const found = detect(document, variant.url).candidates;
      expect(found.map((c) => c.key)).not.toContain(nameKey(name));
      expect(found.filter((c) => c.email && selfKey(c.email) === selfKey(address))).toEqual([]);
      expect(found.filter((c) => normaliseName(c.name ?? '') === normaliseName(name))).toEqual([]);
    }
  });

  it('is no card and not the newest sender when they wrote the newest message by name only', () => {
    const html = message(persona('Dana Whitfield'), false) + message(persona('Sam Carter'), true);
    expect(keys(button('Account manager for Sam Carter'), html)).toEqual([['name:dana whitfield', false]]);
  });

  it('is known by the address the button names, which is kept as a self address', () => {
    const html = message(`<span aria-label="From: Dana &lt;dana@northwind.example&gt;">Dana</span><div aria-label="To: Sam"><span aria-label="sam@acme.example">Sam</span></div>`, true);
    const found = scan(button('Account manager for sam@acme.example', 'S'), html, 'Mail - sam@acme.example - Outlook');
    expect(found.selfAddresses).toEqual(['sam@acme.example']);
    expect(found.candidates.map((c) => c.key)).toEqual(['dana@northwind.example']);
  });

  it('is known by the title’s name when the button agrees: its label in another language holds it, or it shows the initials', () => {
    const html = message(persona('Dana Whitfield'), false) + message(persona('Sam Carter'), true);
    expect(keys(button('Gestionnaire de comptes pour Sam Carter', ''), html, 'Courrier – Sam Carter – Outlook')).toEqual([['name:dana whitfield', false]]);
    const unlabelled = '<div id="meInitialsButton"><span aria-hidden="true">SC</span></div>';
    expect(keys(unlabelled, html, 'E-Mail – Sam Carter – Outlook')).toEqual([['name:dana whitfield', false]]);
    // No account button at all: the title alone.
    expect(keys('', html)).toEqual([['name:dana whitfield', false]]);
  });

  it('is not whoever a title names when the button names someone else', () => {
    const html = message(persona('Ken Ito'), true);
    expect(keys(button('Account manager for Sam Carter'), html, 'Mail - Ken Ito - Outlook')).toEqual([['name:ken ito', true]]);
    expect(keys(button('Kontoverwaltung', 'SC'), html, 'Re: pricing - Ken Ito - Outlook')).toEqual([['name:ken ito', true]]);
    // Same initials, another name: a label that names the rep outweighs them.
    const sara = message(persona('Sara Chen'), true);
    expect(keys(button('Account manager for Sam Carter', 'SC'), sara, 'Mail - Sara Chen - Outlook')).toEqual([['name:sara chen', true]]);
  });

  it('leaves a person shown with an address who is only named like the rep: a name is weaker than an address', () => {
    const html = message(`<span aria-label="From: Sam Carter &lt;sam.carter@fabrikam.example&gt;">Sam Carter</span>`, true);
    expect(keys(button('Account manager for Sam Carter'), html)).toEqual([['sam.carter@fabrikam.example', true]]);
  });
});

describe('recipients written as text', () => {
  it('are read from a labelled header line, names and bare addresses', () => {
    const header = `<span aria-label="From: Priya &lt;priya@fabrikam.example&gt;">Priya</span>
      <div><div aria-hidden="true">To:</div> Jonas Berg &lt;Jonas@Fabrikam.example&gt;; li@contoso.example</div>
      <div><span aria-hidden="true">An:</span>Anna Schmidt &lt;anna@mandant.example&gt;</div>
      <div><span aria-hidden="true">Cc:</span><span>"Nowak, Marta" &lt;marta@tailspin.example&gt;</span></div>`;
    expect(found(message(header, true))).toEqual([
      { key: 'priya@fabrikam.example', email: 'priya@fabrikam.example', name: 'Priya', role: 'from', newest: true },
      { key: 'jonas@fabrikam.example', email: 'jonas@fabrikam.example', name: 'Jonas Berg', role: 'to' },
      { key: 'li@contoso.example', email: 'li@contoso.example', role: 'to' },
      { key: 'anna@mandant.example', email: 'anna@mandant.example', name: 'Anna Schmidt', role: 'to' },
      { key: 'marta@tailspin.example', email: 'marta@tailspin.example', name: 'Nowak, Marta', role: 'cc' },
    ]);
  });

  it('are not read from a preview under a From line, the subject, a body or unlabelled text', () => {
    const collapsed = `<div><div><div aria-hidden="true">From:</div>Ken &lt;ken@tailspin.example&gt;</div><div>ask helpdesk@tailspin.example</div>${date('Mon')}</div>`;
    const html = `<div role="heading">To: legal@fabrikam.example</div>${collapsed}
      <div>${date('Tue')}<div>Questions: support@vendor.example</div><div id="UniqueMessageBody_2">To: counsel@law.example</div></div>`;
    expect(found(html).map((c) => c.key)).toEqual(['ken@tailspin.example']);
  });
});

describe('text the sender wrote', () => {
  // A collapsed message: its sender's persona, its date, and a preview (the body's first line, outside
  // UniqueMessageBody since the body is not rendered).
  const collapsed = (from: string, preview: string) =>
    `<div aria-label="Email message"><div><span aria-label="From: ${from}">x</span></div>${date('Mon 9:00')}<div class="_nzWz">${preview}</div></div>`;

  it('adds no one from a preview that starts like a header line, in any language', () => {
    const html =
      collapsed('eve@attacker.example', 'From: Olivia Chen &lt;olivia.chen@bigcorp.example&gt; Sent: Monday') +
      collapsed('eve@attacker.example', 'An: vorstand@bigcorp.example; cfo@bigcorp.example – bitte weiterleiten') +
      message(`<span aria-label="From: priya@fabrikam.example">Priya</span>`, true);
    expect(summary(html)).toEqual([
      ['eve@attacker.example', 'from', false],
      ['priya@fabrikam.example', 'from', true],
    ]);
  });

  it('adds no one through a display name holding ";" or "," on a From line', () => {
    const line = (name: string) =>
      `<div aria-label="Email message"><div><div aria-hidden="true">From:</div><span>${name} &lt;eve@attacker.example&gt;</span></div>${date('Tue 9:00')}${body}</div>`;
    expect(found(line('ceo@bigcorp.example; Eve'))).toEqual([
      { key: 'eve@attacker.example', email: 'eve@attacker.example', name: 'ceo@bigcorp.example; Eve', role: 'from', newest: true },
    ]);
    expect(found(line('Chen &lt;cfo@bigcorp.example&gt;, Eve')).map((c) => c.key)).toEqual(['eve@attacker.example']);
  });
});

describe('the newest message’s sender', () => {
  const from = (email: string) => `<span aria-label="From: ${email}">x</span>`;

  it('is the last sender when the conversation is oldest on top', () => {
    expect(summary(message(from('a@x.example'), false) + message(persona('B B'), false) + message(from('c@x.example'), true))).toEqual([
      ['a@x.example', 'from', false],
      ['name:b b', 'from', false],
      ['c@x.example', 'from', true],
    ]);
  });

  it('is the first sender when the first message is the expanded one and the last collapsed (newest on top)', () => {
    expect(summary(message(from('a@x.example'), true) + message(persona('B B'), false) + message(from('c@x.example'), false))).toEqual([
      ['a@x.example', 'from', true],
      ['name:b b', 'from', false],
      ['c@x.example', 'from', false],
    ]);
  });

  it('falls back to page order when every message is expanded', () => {
    const marked = found(message(from('a@x.example'), true) + message(from('c@x.example'), true)).filter((c) => c.newest);
    expect(marked.map((c) => c.key)).toEqual(['c@x.example']);
  });

  it('is never the rep writing the inline reply', () => {
    const html = `${message(from('a@x.example'), true)}<div data-app-section="MailReadCompose"><span aria-label="From: sam2@acme.example">Sam</span></div>`;
    expect(found(html).filter((c) => c.newest).map((c) => c.key)).toEqual(['a@x.example']);
  });
});

describe('compose wells', () => {
  it('read name-only pills and addressed entities, a pill inside an entity once', () => {
    const html = `<div role="group" id="x_TO"><div contenteditable="true" role="textbox" aria-label="To">
        <span class="_Entity _EType_RECIPIENT_ENTITY" contenteditable="false">${persona('Dana Whitfield')}</span>;
        <span class="_Entity _EType_RECIPIENT_ENTITY" contenteditable="false" aria-label="ken@tailspin.example">Ken Ito</span>;
        <span class="_Entity _EType_RECIPIENT_ENTITY" contenteditable="false" aria-label="Li Wei">Li Wei</span>; typed@exam</div></div>
      <div role="group" id="x_CC"><div contenteditable="true" role="textbox" aria-label="Cc">${persona('Priya Raman')}</div></div>`;
    expect(detect(parse(html), URL).candidates).toEqual([
      { key: 'name:dana whitfield', name: 'Dana Whitfield', role: 'compose' },
      { key: 'ken@tailspin.example', email: 'ken@tailspin.example', name: 'Ken Ito', role: 'compose' },
      { key: 'name:li wei', name: 'Li Wei', role: 'compose' },
      { key: 'name:priya raman', name: 'Priya Raman', role: 'compose' },
    ]);
  });

  it('read a pill inside an addressed entity as that entity when classes are gone (the fallback)', () => {
    const html = `<div role="group" id="x_TO"><div contenteditable="true" role="textbox" aria-label="To">
        <span contenteditable="false" aria-label="ken@tailspin.example"><span role="button" aria-haspopup="dialog" data-lpc-hover-target-id="t"><span role="img" aria-label="K. Ito"></span>Ken Ito</span></span></div></div>`;
    expect(detect(parse(html), URL).candidates.map((c) => c.key)).toEqual(['ken@tailspin.example']);
  });
});

describe('name keys', () => {
  it('compare names the way a reader does', () => {
    expect(nameKey('  Dana\u200B  WHITFIELD ')).toBe('name:dana whitfield');
    expect(nameKey('Ｄａｎａ Whitfield')).toBe('name:dana whitfield');
    expect(normaliseName('Jörg Müller')).toBe(normaliseName('Jo\u0308rg Mu\u0308ller'));
    expect(nameKey('dana@northwind.example')).toBeNull();
    expect(nameKey(' \u200B ')).toBeNull();
  });

  it('are accepted by the schema only with a name and without an address', () => {
    expect(Candidate.safeParse({ key: 'name:dana whitfield', name: 'Dana Whitfield', role: 'from' }).success).toBe(true);
    expect(Candidate.safeParse({ key: 'name:dana whitfield', name: 'Dana', email: 'bait@evil.example' }).success).toBe(false);
    expect(Candidate.safeParse({ key: 'name:dana whitfield' }).success).toBe(false);
    expect(Candidate.safeParse({ key: 'name:', name: 'x' }).success).toBe(false);
    expect(Candidate.safeParse({ key: 'name:bait@evil.example', name: 'Bait' }).success).toBe(false);
  });

  it('fold into the addressed person of the same name, who keeps the newest mark', () => {
    const folded = foldNameOnly([
      { key: 'dana@x.example', email: 'dana@x.example', name: 'Dana W', role: 'to' },
      { key: 'name:dana w', name: 'Dana W', role: 'from', newest: true },
      { key: 'name:li', name: 'Li', role: 'cc' },
    ]);
    expect(folded).toEqual([
      { key: 'dana@x.example', email: 'dana@x.example', name: 'Dana W', role: 'to', newest: true },
      { key: 'name:li', name: 'Li', role: 'cc' },
    ]);
  });
});

describe('parseAddressList', () => {
  it('splits on semicolons, keeps commas in names and finds bare addresses', () => {
    expect(parseAddressList('Jonas Berg <jonas@f.example>; "Berg, Li" <li@f.example>; a@b.example, c@d.example')).toEqual([
      { email: 'jonas@f.example', name: 'Jonas Berg' },
      { email: 'li@f.example', name: 'Berg, Li' },
      { email: 'a@b.example' },
      { email: 'c@d.example' },
    ]);
  });

  it('splits on ";" and "," only outside quotes and angle brackets, a piece with no address starting the next name', () => {
    expect(parseAddressList('"x@evil.example; Li" <li@f.example>, Berg, Jonas <jonas@f.example>, Ken <ken@t.example>; <"a,b"@c.example>')).toEqual([
      { email: 'li@f.example', name: 'x@evil.example; Li' },
      { email: 'jonas@f.example', name: 'Berg, Jonas' },
      { email: 'ken@t.example', name: 'Ken' },
      { email: '"a,b"@c.example' },
    ]);
  });
});
