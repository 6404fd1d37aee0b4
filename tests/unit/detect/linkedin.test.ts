import { describe, expect, it } from 'vitest';
import { detect } from '@/lib/detect';
import { isMemberId } from '@/lib/identity/linkedin-url';
import { parse, withoutClasses } from './fixtures';

/*
 * LinkedIn behaviours one at a time, on small pages shaped like the fixtures (tests/fixtures/pages/
 * linkedin-*.html): which pages give a profile card, and where its title and company come from.
 */

const PROFILE = 'https://www.linkedin.com/in/dana-whitfield-8b2a1c/';
const ME = '<header id="global-nav"><img class="global-nav__me-photo" alt="Sam Carter"></header>';

const line = (text: string, cls = 't-14 t-normal') => `<span class="${cls}"><span aria-hidden="true">${text}</span><span class="visually-hidden">${text}</span></span>`;
const bold = (text: string) => `<div class="t-bold">${line(text, '')}</div>`;
const entity = (inner: string) => `<div data-view-name="profile-component-entity">${inner}</div>`;

/** A 2024 logged-in profile: top card, then an experience section holding the given entries. */
function page(opts: { headline?: string; entries?: string[]; card?: string; name?: string } = {}): string {
  const experience = opts.entries
    ? `<section data-view-name="profile-card"><div id="experience"></div><h2><span aria-hidden="true">Experience</span></h2><ul>${opts.entries.map((e) => `<li>${e}</li>`).join('')}</ul></section>`
    : '';
  return `${ME}<main><section class="artdeco-card" data-member-id="1">
      <h1 class="text-heading-xlarge">${opts.name ?? 'Dana Whitfield'}</h1>
      <div class="text-body-medium break-words">${opts.headline ?? 'Marketing leader'}</div>
      <a href="/in/dana-whitfield-8b2a1c/overlay/contact-info/">Contact info</a>${opts.card ?? ''}
    </section>${experience}</main>`;
}

const position = (html: string, url = PROFILE) => {
  const [candidate] = detect(parse(html), url).candidates;
  return candidate && { title: candidate.title, company: candidate.company };
};

describe('which pages give a profile card', () => {
  it('gives none for a heading alone, though the address names a profile (not found, sign-in wall)', () => {
    expect(detect(parse('<main><h1>An exact match for dana could not be found.</h1></main>'), PROFILE).candidates).toEqual([]);
    expect(detect(parse('<main><section><h1>Únete para ver el perfil completo de Dana</h1></section></main>'), PROFILE).candidates).toEqual([]);
  });

  it('gives none for a member known only by a member id (out of network, private)', () => {
    const html = `${ME}<main><section data-member-id="9"><h1 class="text-heading-xlarge">LinkedIn Member</h1><div class="text-body-medium break-words">Procurement at Tailspin Toys</div></section></main>`;
    expect(detect(parse(html), 'https://www.linkedin.com/in/ACoAAB3xYz0BqT9kLmN4pQrStUvWxYz12345/').candidates).toEqual([]);
    // The same card with its vanity link is a displayed profile.
    const linked = html.replace('</h1>', '</h1><a href="/in/ken-ito-tailspin/overlay/contact-info/">Contact info</a>');
    expect(detect(parse(linked), 'https://www.linkedin.com/in/ACoAAB3xYz0BqT9kLmN4pQrStUvWxYz12345/').candidates.map((c) => c.key)).toEqual(['linkedin:ken-ito-tailspin']);
  });

  it('gives none for the rep’s own profile when only the edit pencil tells (a shortened "Me" name)', () => {
    const own = page({ name: 'Samuel Carter', card: '<a href="/in/dana-whitfield-8b2a1c/edit/forms/intro/new/?profileFormEntryPoint=PROFILE_SECTION" aria-label="Edit intro"></a>' });
    expect(detect(parse(own), PROFILE).candidates).toEqual([]);
    expect(detect(withoutClasses(own), PROFILE).candidates).toEqual([]);
  });

  it('gives none for a server-driven top card that has not rendered its name yet', () => {
    const html = '<main><div componentkey="com.linkedin.sdui.profile.card.refACoAAA1Topcard"><section><div class="_skeleton"></div></section></div><h1>Feed</h1></main>';
    expect(detect(parse(html), PROFILE).candidates).toEqual([]);
  });

  it('never names the card after a heading outside the top card', () => {
    const html = `${page()}<aside><section><h1>People also viewed</h1></section></aside>`.replace('<h1 class="text-heading-xlarge">Dana Whitfield</h1>', '');
    expect(detect(parse(html), PROFILE).candidates).toEqual([]);
  });
});

describe('title and company from the current position', () => {
  const single = (title: string, company: string, dates: string) => entity(`${bold(title)}${line(company)}${line(dates, 't-14 t-normal t-black--light')}`);

  it('reads a single entry and strips the employment type', () => {
    expect(position(page({ entries: [single('Growth Lead', 'Contoso · Part-time', 'Mar 2023 - Present · 1 yr 9 mos')] }))).toEqual({ title: 'Growth Lead', company: 'Contoso' });
  });

  it('never takes a group’s duration or employment type as the company, even when its roles are not recognised', () => {
    for (const header of ['Full-time · 14 yrs 2 mos', '14 yrs 2 mos', 'Vollzeit · 3 J. 2 Mon.', '2 ans 3 mois']) {
      // The nested roles as plain markup (no entity of their own): only the header lines tell.
      const group = entity(`${bold('Tailspin Toys')}${line(header)}<ul><li>${bold('Head of Procurement')}${line('Apr 2019 - Present · 5 yrs 8 mos')}</li></ul>`);
      expect(position(page({ headline: 'Buyer', entries: [group] }))).toEqual({ title: 'Buyer', company: 'Tailspin Toys' });
    }
  });

  it('reads a grouped entry of the server-driven layout (roles as list items under the employer)', () => {
    const card = '<div componentkey="com.linkedin.sdui.profile.card.refACoAAA1Topcard"><section><h2>Dana Whitfield</h2><p>· 2nd</p><p>Marketing leader</p><a href="https://www.linkedin.com/in/dana-whitfield-8b2a1c/overlay/contact-info/">Contact info</a></section></div>';
    const group = `<div componentkey="entity-collection-item-1"><a tabindex="0" href="https://www.linkedin.com/company/1035/"><p>Northwind Traders</p><p>Full-time · 6 yrs 1 mo</p></a>
      <ul><li><a tabindex="0" href="https://www.linkedin.com/company/1035/"><p>VP Marketing</p><p>Jan 2022 - Present · 2 yrs 11 mos</p></a></li>
      <li><a tabindex="0" href="https://www.linkedin.com/company/1035/"><p>Marketing Manager</p><p>Dec 2018 - Dec 2021 · 3 yrs 1 mo</p></a></li></ul></div>`;
    const html = `${ME}<main>${card}<section componentkey="com.linkedin.sdui.profile.card.refACoAAA1ExperienceTopLevelSection"><h2>Experience</h2>${group}</section></main>`;
    expect(position(html)).toEqual({ title: 'VP Marketing', company: 'Northwind Traders' });
    expect(detect(withoutClasses(html), PROFILE).candidates.map((c) => [c.title, c.company])).toEqual([['VP Marketing', 'Northwind Traders']]);
  });

  it('does not take a date line as the company of an entry that has none', () => {
    expect(position(page({ headline: 'Founder @ Fourth Coffee', entries: [single('Founder', 'Jan 2020 - Present · 4 yrs', 'Berlin')] }))).toEqual({ title: 'Founder', company: 'Fourth Coffee' });
  });

  it('falls back to the headline when the first entry has ended', () => {
    const ended = single('Buyer', 'Wide World Importers · Full-time', 'Jun 2006 - Sep 2010 · 4 yrs 4 mos');
    expect(position(page({ headline: 'Consultant chez Wingtip Toys', entries: [ended] }))).toEqual({ title: 'Consultant', company: 'Wingtip Toys' });
    expect(position(page({ headline: 'Open to work', entries: [ended] }))).toEqual({ title: 'Open to work', company: undefined });
  });

  it.each([
    ['VP Marketing at Northwind Traders | B2B demand generation', 'VP Marketing', 'Northwind Traders'],
    ['Geschäftsführer bei Müller Bau GmbH', 'Geschäftsführer', 'Müller Bau GmbH'],
    ['Directrice commerciale chez Wingtip Toys · Lyon', 'Directrice commerciale', 'Wingtip Toys'],
    // "en" names a field ("Ingeniera en Software") or a place ("… en Madrid") as often as an
    // employer, capitalised or not: without the top card naming the company, none (it used to be Globant).
    ['Ingeniera en Software en Globant', 'Ingeniera en Software en Globant', undefined],
    ['Especialista en Marketing Digital', 'Especialista en Marketing Digital', undefined],
    ['Abogada en derecho laboral', 'Abogada en derecho laboral', undefined],
    ['Experto en SEO en Madrid', 'Experto en SEO en Madrid', undefined],
    ['Consultant en stratégie', 'Consultant en stratégie', undefined],
    ['Helping SaaS teams grow at scale', 'Helping SaaS teams grow at scale', undefined],
    ['Helping SaaS Teams Grow at Scale | Advisor', 'Helping SaaS Teams Grow at Scale | Advisor', undefined],
    ['Designer at heart · Lisbon', 'Designer at heart · Lisbon', undefined],
    ['Head of Growth at Scale AI', 'Head of Growth', 'Scale AI'],
    ['Software Engineer at eBay', 'Software Engineer', 'eBay'],
    ['Software Engineer at 株式会社メルカリ', 'Software Engineer', '株式会社メルカリ'],
    ['Sales Director at שטראוס', 'Sales Director', 'שטראוס'],
    ['Account Executive at بنك الرياض', 'Account Executive', 'بنك الرياض'],
    ['Backend Engineer @Example', 'Backend Engineer', 'Example'],
    ['Helping founders scale', 'Helping founders scale', undefined],
  ])('reads "%s" as %s / %s when there is no experience section', (headline, title, company) => {
    expect(position(page({ headline }))).toEqual({ title, company });
  });

  it('reads a company after "en" when the top card links a company of that name', () => {
    const card = '<a href="https://www.linkedin.com/company/globant/">Globant</a>';
    expect(position(page({ headline: 'Ingeniera en Software en Globant', card }))).toEqual({ title: 'Ingeniera en Software', company: 'Globant' });
    expect(position(page({ headline: 'Especialista en Marketing Digital', card }))).toEqual({ title: 'Especialista en Marketing Digital', company: undefined });
  });

  it('takes no company from the headline while the experience section is still loading', () => {
    const headline = 'VP Marketing at Northwind Traders';
    for (const entries of [[], ['<div class="artdeco-loader"><span class="artdeco-loader__bars"></span></div>']]) {
      expect(position(page({ headline, entries }))).toEqual({ title: headline, company: undefined });
    }
    // Once it has loaded, its entry gives the position.
    const loaded = entity(`${bold('VP Marketing')}${line('Fabrikam · Full-time')}${line('Jan 2022 - Present · 2 yrs', 't-14 t-normal t-black--light')}`);
    expect(position(page({ headline, entries: [loaded] }))).toEqual({ title: 'VP Marketing', company: 'Fabrikam' });
  });

  it('reads the company from the top card, never from Interests or the side column', () => {
    const interests = `<section data-view-name="profile-card"><div id="interests"></div><ul><li>${single('Jonas Berg', 'Head of Partnerships at Fabrikam', '1,203,448 followers')}</li></ul></section>`;
    const html = page({ headline: 'Marketing leader' }).replace('</main>', `${interests}</main><aside>${single('Ken Ito', 'Tailspin Toys', 'Jan 2020 - Present')}</aside>`);
    expect(position(html)).toEqual({ title: 'Marketing leader', company: undefined });
    expect(detect(withoutClasses(html), PROFILE).candidates.map((c) => c.company)).toEqual([undefined]);
  });
});

describe('Sales Navigator and messaging', () => {
  const LEAD = 'https://www.linkedin.com/sales/lead/ACwAAA1,NAME_SEARCH,x';

  it('gives no lead from a similar-leads list while the top card is still loading', () => {
    const html = `<main><section id="similar-leads"><ul><li><span data-anonymize="person-name">Ken Ito</span><span data-anonymize="title">Category Manager</span></li></ul></section></main>`;
    expect(detect(parse(html), LEAD).candidates).toEqual([]);
  });

  it('gives no lead when the lead is the rep', () => {
    const html = `${ME}<main><section id="profile-card-section"><h1 data-anonymize="person-name">Sam Carter</h1></section></main>`;
    expect(detect(parse(html), LEAD).candidates).toEqual([]);
  });

  it('reads no participant from a side column’s heading links when no thread is open', () => {
    const html = `${ME}<aside><section><h2><a href="https://www.linkedin.com/in/marta-nowak/">Marta Nowak</a></h2></section></aside>`;
    expect(detect(withoutClasses(html), 'https://www.linkedin.com/feed/').candidates).toEqual([]);
  });

  it('reads the participant from the overlay bubble’s header, not from a profile link in a message', () => {
    const html = `${ME}<aside class="msg-overlay-conversation-bubble"><header><h2 class="msg-overlay-bubble-header__title"><a href="/in/jonas-berg-11/">Jonas Berg</a></h2></header>
      <div data-view-name="messaging-thread-container"><p class="msg-s-event-listitem__body">Meet <a href="https://www.linkedin.com/in/li-wei-contoso/">Li Wei</a></p>
      <a class="msg-s-message-group__profile-link" href="/in/sam-carter-42/"><img alt="Sam Carter"></a></div></aside>`;
    for (const document of [parse(html), withoutClasses(html)]) {
      expect(detect(document, 'https://www.linkedin.com/feed/').candidates.map((c) => [c.key, c.name, c.role])).toEqual([['linkedin:jonas-berg-11', 'Jonas Berg', 'message']]);
    }
  });

  it('leaves out a participant linked by a member id, as a profile known only by one, and never lower-cases it into a URL', () => {
    const html = `${ME}<aside><header><h2 class="msg-overlay-bubble-header__title"><a href="/in/ACoAAB3xYz0BqT9kLmN4pQrStUvWxYz12345/">Ken Ito</a></h2></header></aside>
      <div data-view-name="messaging-thread-container"><a class="msg-thread__link-to-profile" href="https://www.linkedin.com/in/ACoAAC9kLmN4pQrStUvWxYz0BqT9xYz67890"><h2>Ana Souza</h2></a></div>`;
    for (const document of [parse(html), withoutClasses(html)]) expect(detect(document, 'https://www.linkedin.com/messaging/thread/2-abc/').candidates).toEqual([]);
  });

  it('keys a lead whose profile link is a member id by its lead id', () => {
    const html = `<main><section id="profile-card-section"><h1 data-anonymize="person-name">Priya Raman</h1><a href="https://www.linkedin.com/in/ACoAAB3xYz0BqT9kLmN4pQrStUvWxYz12345">View LinkedIn profile</a></section></main>`;
    expect(detect(parse(html), LEAD).candidates).toEqual([{ key: 'linkedin-sales:ACwAAA1', name: 'Priya Raman', role: 'lead' }]);
  });

  it('leaves the rep out of a thread’s header', () => {
    const html = `${ME}<aside><header><h2 class="msg-overlay-bubble-header__title"><a href="/in/sam-carter-42/">Sam Carter</a></h2></header></aside>`;
    expect(detect(parse(html), 'https://www.linkedin.com/feed/').candidates).toEqual([]);
  });
});

describe('member ids', () => {
  it.each([
    ['acoaab3xyz0bqt9klmn4pqrstuvwxyz12345', true],
    ['aemaabcdefghijklmnopqrstuvwx', true],
    ['dana-whitfield-8b2a1c', false],
    ['acoaa', false],
  ])('%s → %s', (slug, expected) => expect(isMemberId(slug)).toBe(expected));
});

describe('structured data about someone else', () => {
  it('gives no card from a JSON-LD Person whose address is another profile (a not-found page listing people)', () => {
    const ld = [{ '@type': 'Person', name: 'Dana Whitfield', url: 'https://www.linkedin.com/in/dana-whitfield-8b2a1c', jobTitle: 'VP Marketing' }];
    const html = `<script type="application/ld+json">${JSON.stringify(ld)}</script><main><h1>An exact match for dana-whitfield-0000 could not be found.</h1></main>`;
    expect(detect(parse(html), 'https://www.linkedin.com/in/dana-whitfield-0000/').candidates).toEqual([]);
    // The same Person on its own page (another country host, a tracking query) is the page's subject.
    expect(detect(parse(html), 'https://uk.linkedin.com/in/Dana-Whitfield-8b2a1c?trk=x').candidates.map((c) => c.key)).toEqual(['linkedin:dana-whitfield-8b2a1c']);
  });
});
