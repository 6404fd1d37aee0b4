import type { Candidate } from '@/lib/model/prospect';
import { keyedCandidate, mergeCandidates } from '../identity/candidate';
import { normaliseName } from '../identity/name';
import { queryOne } from './dom';
import { personFromJsonLd, type LdPerson } from './json-ld';
import { isMemberId, profileRef, salesLeadId } from '../identity/linkedin-url';
import { findAll, findFirst, textOf, type Finder } from './selectors';
import type { SiteDetection } from './types';

/*
 * LinkedIn: profiles (logged in and public), Sales Navigator leads and messaging threads.
 * Read only: nothing here writes to LinkedIn's page. LinkedIn shows no addresses, so the self
 * addresses are always empty; the signed-in member (their own profile, their side of a thread) is
 * recognised by the name on the "Me" button.
 *
 * A profile card is made only on positive evidence that a profile is displayed: its top card, a
 * JSON-LD Person or the profile meta tags. Not-found pages, the sign-in wall and other error pages
 * carry none of them, in any UI language, so no list of error texts is needed. Every read is scoped
 * to the top card or the experience section: the side column (People also viewed, Interests → Top
 * Voices), activity and recommendations name other people and are never queried.
 *
 * Sources for the markup (no raw capture of a current page was available; `seen` is when the latest
 * source showed the precise markup): shared/facts/dom.md (2024 captures); other extensions'
 * selector files and tests found with the code search on 2026-12-03: the server-driven profile
 * (`componentkey` ending in `Topcard` / `ExperienceTopLevelSection`, `entity-collection-item-…`
 * entries, text in `<p>`, no aria-hidden twins, the name in an `<h2>`; one file says "verified live
 * 2026-08-29"), the 2024 grouped entry (nested `profile-component-entity` roles), and the public
 * profile's `section.experience` / `li.experience-item` / `experience-group` markup (scrapers,
 * 2021–2025). The not-found, sign-in-wall and member-id cases follow the project's measurements on
 * saved pages (issue 14); their exact markup is not known, which is why they are recognised by what
 * they lack rather than by what they say.
 */
export const LINKEDIN = {
  /** The displayed person's card: logged in 2024 (`data-member-id`), public, server-driven (2026). */
  topCard: {
    precise: 'section[data-member-id], section.top-card-layout, [componentkey$="Topcard"]',
    fallback: '[componentkey*="Topcard"], [componentkey*="TopCard"]',
    seen: '2026-08',
    // e.g. <div componentkey="com.linkedin.sdui.profile.card.refACoAAB…Topcard"><section><h2>Dana Whitfield</h2>…
  },
  /** Queried inside the top card only: a page-wide `main h1` named a "not found" message once. */
  name: {
    precise: 'h1.text-heading-xlarge, h1.top-card-layout__title, [componentkey$="Topcard"] h2',
    fallback: 'h1, h2',
    seen: '2026-08',
    // e.g. <h1 class="text-heading-xlarge inline t-24 v-align-middle break-words">Dana Whitfield</h1>
  },
  /** Inside the top card. The server-driven card has unlabelled `<p>`s: the first that is not the degree. */
  headline: {
    // The current layout's text is bare <p>s under its `componentkey` cards: precise there, loose anywhere else.
    precise: '.text-body-medium.break-words, h2.top-card-layout__headline, [componentkey$="Topcard"] p',
    fallback: '[data-generated-suggestion-target], p',
    seen: '2024-06',
    // e.g. <div class="text-body-medium break-words">VP Marketing at Northwind Traders</div>
  },
  /** The public top card's current-company link (inside the top card). */
  topCardCompany: {
    precise: 'a[data-tracking-control-name="public_profile_topcard-current-company"]',
    fallback: '[data-section="currentPositionsDetails"] a[href*="/company/"]',
    seen: '2024-06',
    // e.g. <a class="top-card-link" data-tracking-control-name="public_profile_topcard-current-company" href="…/company/mueller-bau">
  },
  /**
   * Links to a company page inside the top card: what confirms a headline's "en Company" (below).
   * Seen in the public card's current-company link (2024) and the server-driven entries' links (2026).
   */
  companyLink: {
    precise: 'a[href*="/company/"]',
    fallback: '[href*="/company/"]',
    seen: '2026-08',
    // e.g. <a href="https://www.linkedin.com/company/1035/">Northwind Traders</a>
  },
  /**
   * Holds the vanity slug even when the address bar shows a member id (`/in/ACoAA…`). Inside the top
   * card; other projects' tests of the server-driven card (2026, undated) show the same link.
   */
  contactInfo: {
    precise: 'a[href$="overlay/contact-info/"]',
    fallback: 'a[href*="/in/"][href*="contact-info"]',
    seen: '2024-06',
    // e.g. <a id="top-card-text-details-contact-info" href="/in/dana-whitfield-8b2a1c/overlay/contact-info/">
  },
  /**
   * Only on the rep's own top card: the pencil that edits the intro. Not in a capture: the address
   * other projects' code opens or clicks to edit the intro (found 2026-12, undated; `/edit/intro/`
   * is the older form).
   */
  editIntro: {
    precise: 'a[href*="/edit/forms/intro/"], a[href*="/edit/intro/"]',
    fallback: 'a[href*="/edit/"][href*="intro"]',
    seen: '2026-12',
    // e.g. <a href="/in/sam-carter-42/edit/forms/intro/new/?profileFormEntryPoint=PROFILE_SECTION" aria-label="Edit intro">
  },
  /** The experience section: the 2024 `#experience` anchor (its section), public, server-driven. */
  experience: {
    precise: '#experience, section.experience, [componentkey$="ExperienceTopLevelSection"]',
    fallback: '[data-section="experience"], [componentkey*="ExperienceTopLevelSection"]',
    seen: '2026-08',
    // e.g. <section data-view-name="profile-card"><div id="experience" class="pv-profile-card__anchor"></div>…
  },
  /** Entries of the experience section, in page order; the first is the current position. */
  entry: {
    precise: '[data-view-name="profile-component-entity"], [componentkey^="entity-collection-item"], li.experience-item',
    fallback: 'li',
    seen: '2026-08',
    // e.g. <li class="profile-section-card experience-item"><h3>VP Marketing</h3><h4>Northwind Traders</h4>…
  },
  /** The roles nested in a grouped 2024 entry: entities inside the employer's entity. */
  nestedEntity: {
    precise: '[data-view-name="profile-component-entity"]',
    fallback: '[data-view-name$="entity"]',
    seen: '2024-06',
    // e.g. <li class="pvs-list__item--with-top-padding"><div data-view-name="profile-component-entity">…VP Marketing…
  },
  /**
   * The roles nested in a grouped entry (several roles at one employer), public and server-driven
   * (there, one extension reads a `ul` of roles inside the entry; unverified here).
   */
  role: {
    precise: 'li.experience-group-position, ul.experience-group__positions > li',
    fallback: 'li',
    seen: '2025-03',
    // e.g. <li class="profile-section-card experience-group-position"><h3>VP Marketing</h3>…
  },
  /** The visible lines of an entry: the 2024 aria-hidden twins, else the public/server-driven leaves. */
  line: {
    precise: 'span[aria-hidden="true"], [componentkey^="entity-collection-item"] p, .experience-item h3, .experience-item h4, .experience-item p',
    fallback: 'h3, h4, p',
    seen: '2026-08',
    // e.g. <span class="t-14 t-normal"><span aria-hidden="true">Northwind Traders · Full-time</span><span class="visually-hidden">…</span></span>
  },
  leadCard: {
    precise: '[data-x--lead--top-card], #profile-card-section',
    fallback: 'section',
    seen: '2024-03',
    // e.g. <section id="profile-card-section" data-x--lead--top-card="">
  },
  leadName: {
    precise: '[data-anonymize="person-name"]',
    fallback: '.profile-topcard-person-entity__name, h1',
    seen: '2024-03',
    // e.g. <h1 data-anonymize="person-name" class="_headingText_e3b563 _default_1i6ulk">Priya Raman</h1>
  },
  leadTitle: {
    precise: '[data-anonymize="title"], [data-anonymize="job-title"]',
    fallback: '[data-anonymize*="title"]',
    seen: '2024-03',
    // e.g. <span data-anonymize="title">Head of Procurement</span>
  },
  leadCompany: {
    precise: '[data-anonymize="company-name"]',
    fallback: 'a[href*="/sales/company/"]',
    seen: '2024-03',
    // e.g. <a data-anonymize="company-name" href="/sales/company/1035">Fabrikam</a>
  },
  leadProfileLink: {
    precise: 'a[href*="linkedin.com/in/"]',
    fallback: 'a[href^="/in/"]',
    seen: '2024-03',
    // e.g. <a href="https://www.linkedin.com/in/priya-raman-3c9d">View LinkedIn profile</a>
  },
  /**
   * The other person of the open thread (page or overlay bubble): the header's profile link. The
   * fallback asks for a heading in the link, so links in message bodies and the avatar links of
   * message groups are never read.
   */
  threadParticipant: {
    precise: 'a.msg-thread__link-to-profile[href*="/in/"], .msg-overlay-bubble-header__title a[href*="/in/"]',
    fallback: '[data-view-name="messaging-thread-container"] a[href*="/in/"] h2, aside header h2 a[href*="/in/"]',
    seen: '2024-06',
    // e.g. <a class="msg-thread__link-to-profile" href="https://www.linkedin.com/in/jonas-berg-11/"><h2 class="msg-entity-lockup__entity-title">Jonas Berg</h2></a>
  },
  /** The signed-in member's photo on the "Me" button; its alt text is their name. */
  me: {
    precise: 'img.global-nav__me-photo[alt]',
    fallback: '#global-nav img[alt], header img[alt]',
    seen: '2024-06',
    // e.g. <img class="global-nav__me-photo evi-image ember-view" alt="Dana Whitfield" src="…">
  },
} satisfies Record<string, Finder>;

interface Position {
  title?: string;
  company?: string;
}

const YEARS = /\b(?:19|20)\d{2}\b/g;
/** "14 yrs 2 mos", "3 J. 2 Mon.", "2 ans 3 mois", "11 meses": a number and a short unit, once or twice. */
const DURATION = /^\d+\s+\p{L}{1,7}\.?(?:\s+\d+\s+\p{L}{1,7}\.?)?$/u;

/** The " · "-separated parts of a line ("Northwind Traders · Full-time"). */
const partsOf = (line: string) => line.split(/\s+[·•]\s+/u).map((part) => part.trim());
const isDates = (line: string) => (line.match(YEARS) ?? []).length > 0;
const hasDuration = (line: string) => partsOf(line).some((part) => DURATION.test(part));

/**
 * Whether a date line is a current position's: its range names one year, since the end is "Present"
 * in the page's language ("Jan 2022 - Present · 2 yrs", "Jan. 2022 – Heute · 2 J."); an ended one
 * names two ("2019 - 2021"). No date line at all says nothing, and the first entry is then taken.
 */
function isCurrent(dates: string | undefined): boolean {
  return !dates || (partsOf(dates)[0]!.match(YEARS) ?? []).length === 1;
}

/** The visible lines of an element in page order (a group's heading comes before its roles). */
function linesOf(element: Element): string[] {
  const lines: string[] = [];
  for (const leaf of findAll(element, LINKEDIN.line)) {
    const text = textOf(leaf)?.replace(/\s+/g, ' ');
    if (text && text !== lines[lines.length - 1]) lines.push(text);
  }
  return lines;
}

/** Roles nested in an entry: entities in a 2024 entity, list items in a public or server-driven one. */
function rolesOf(entry: Element): Element[] {
  return entry.getAttribute('data-view-name') ? findAll(entry, LINKEDIN.nestedEntity) : findAll(entry, LINKEDIN.role);
}

/** The experience section, or null: the 2024 layout marks it with an `#experience` anchor inside it. */
function experienceSection(document: Document): Element | null {
  const found = findFirst(document, LINKEDIN.experience);
  if (!found || found.getAttribute('id') !== 'experience') return found;
  return found.closest('section') ?? found.parentElement;
}

/** What the experience section says: the current position, or that it is still loading. */
interface Experience {
  position: Position | null;
  loading: boolean;
}

const LOADING: Experience = { position: null, loading: true };

/**
 * The current position: the first entry of the experience section. A single entry reads "title,
 * Company · Full-time, dates"; a grouped one is headed by the employer, then its employment type
 * and total duration, then the roles — the first role gives the title and the heading the company.
 * Before its first dates, a group shows a total duration and a single entry never does: that tells
 * the two apart when the nested roles are not found. No position when there is no section or its
 * first entry has ended; loading when the section is there without a readable first entry (its
 * placeholder, before LinkedIn fills it in).
 */
function currentPosition(document: Document): Experience {
  const section = experienceSection(document);
  if (!section) return { position: null, loading: false };
  const entry = findFirst(section, LINKEDIN.entry);
  if (!entry) return LOADING;
  const roles = rolesOf(entry);
  const own = linesOf(entry);
  if (own.length === 0) return LOADING;
  if (roles.length > 0) {
    const role = linesOf(roles[0]!);
    return { position: isCurrent(role.find(isDates)) ? { title: role[0], company: own[0] } : null, loading: false };
  }
  const at = own.findIndex(isDates);
  const dates = at < 0 ? undefined : own[at];
  if (!isCurrent(dates)) return { position: null, loading: false };
  // A group whose roles were not recognised: a duration before any dates ("Full-time · 14 yrs 2 mos").
  if (own.slice(1, at < 0 ? undefined : at).some(hasDuration)) return { position: { company: own[0] }, loading: false };
  const second = own[1];
  const company = second && second !== dates ? partsOf(second)[0] : undefined;
  return { position: { title: own[0], company }, loading: false };
}

/** What follows "at" in an English phrase rather than an employer: "grow at scale", "a designer at heart". */
const AT_PHRASE = /^(?:scale|heart|large|work|home|night|pace|speed|best|length|last|first|once|times|the (?:core|crossroads|edge|forefront|heart|intersection)\b.*)$/iu;

/**
 * Whether the words after a headline's preposition name an employer. "bei" and "chez" do. "at" does
 * before a name (a capital or a digit: "at Northwind", "at eBay"; or a script without capitals), not in
 * a phrase ("at scale").
 * Spanish and French "en" mostly names a field or a place ("Especialista en Marketing Digital",
 * "Abogada en derecho laboral", "Experto en SEO en Madrid"), capitalised or not, so it counts only
 * when the top card links a company of that name.
 */
function namesEmployer(word: string, company: string, companies: readonly string[]): boolean {
  // A script without capitals (株式会社メルカリ, שטראוס) names one as it is; lower-case Latin words do not.
  if (word === 'at') return (/[\p{Lu}\p{N}]/u.test(company) || !/\p{Ll}/u.test(company)) && !AT_PHRASE.test(company);
  if (word === 'en') return companies.includes(normaliseName(company));
  return true;
}

/**
 * "Title at Company" in the headline (at, bei, chez, en, @), up to the first "|" or "·". When the
 * words after the last preposition are not an employer, the whole headline is the title and there
 * is no company: none is better than a wrong one, which would be saved and sent to the CRM.
 */
function headlinePosition(headline: string | undefined, companies: readonly string[]): Position {
  if (!headline) return {};
  const first = headline.split(/\s*[|·•]\s*|\s+[-–—]\s+/u)[0]!.trim();
  const at = /^(.+?)\s+@\s*(.+)$/u.exec(first);
  if (at) return { title: at[1]!.trim(), company: at[2]!.trim() };
  const match = /^(.+)\s+(at|bei|chez|en)\s+(.+)$/iu.exec(first);
  const company = match?.[3]!.trim();
  if (match && company && namesEmployer(match[2]!.toLowerCase(), company, companies)) return { title: match[1]!.trim(), company };
  return { title: headline };
}

function meta(document: Document, property: string): string | undefined {
  return queryOne(document, `meta[property="${property}"], meta[name="${property}"]`)?.getAttribute('content')?.trim() || undefined;
}

/** The headline: the first text in the card that is neither the name nor the "· 2nd" degree line. */
function headlineOf(card: Element, name: string | undefined): string | undefined {
  return findAll(card, LINKEDIN.headline)
    .map((element) => textOf(element))
    .find((text) => text && text !== name && !/^[·•]/.test(text));
}

/** The current company from the top card's own link (public), when the experience gave none. */
function topCardCompany(card: Element | null): string | undefined {
  return card ? textOf(findFirst(card, LINKEDIN.topCardCompany)) : undefined;
}

/**
 * The JSON-LD Person when it is the page's subject: one whose own address names another profile
 * (a list of people on a not-found page) describes someone else.
 */
function subjectOf(person: LdPerson | undefined, address: string): LdPerson | undefined {
  const own = person?.url ? profileRef(person.url) : null;
  const page = profileRef(address);
  return own && page && own.key !== page.key ? undefined : person;
}

function profile(document: Document, url: URL, me: string | undefined): Candidate | null {
  const card = findFirst(document, LINKEDIN.topCard);
  const canonical = queryOne(document, 'link[rel="canonical"]')?.getAttribute('href');
  const ld = subjectOf(personFromJsonLd(document), canonical ?? url.href);
  const metaName = [meta(document, 'profile:first_name'), meta(document, 'profile:last_name')].filter(Boolean).join(' ');
  // The evidence that a profile is displayed: its top card with a name, a JSON-LD Person, the
  // profile meta tags. Without any (not found, sign-in wall, a page still loading) there is no card:
  // the URL alone could pair a new slug with the previous page's content during an in-app navigation.
  const cardName = card ? textOf(findFirst(card, LINKEDIN.name)) : undefined;
  const name = cardName ?? ld?.name ?? (metaName || undefined);
  if (!name) return null;
  // The rep's own profile is not a prospect: the "Me" name, or the edit pencil only the owner sees.
  if (me && name.toLowerCase() === me) return null;
  if (card && findFirst(card, LINKEDIN.editIntro)) return null;

  const ref =
    profileRef(card ? findFirst(card, LINKEDIN.contactInfo)?.getAttribute('href') : undefined, url.href) ??
    profileRef(canonical) ??
    profileRef(meta(document, 'og:url')) ??
    profileRef(ld?.url) ??
    profileRef(url.href);
  // A profile known only by a member id (`/in/ACoAA…`, no vanity link on the card) is one LinkedIn
  // withholds: out of network ("LinkedIn Member"), private or blocked.
  if (!ref || isMemberId(ref.slug)) return null;

  const headline = card ? headlineOf(card, cardName) : undefined;
  // The current position first; then what the top card and the structured data say; the headline
  // last, and not while the experience section is still loading: its company may differ.
  const experience = currentPosition(document);
  const current = experience.position ?? {};
  const companies = card ? findAll(card, LINKEDIN.companyLink).map((link) => normaliseName(textOf(link) ?? '')) : [];
  const fromHeadline = experience.loading ? { title: headline } : headlinePosition(headline, companies);
  const title = current.title ?? ld?.jobTitle ?? fromHeadline.title;
  const company = current.company ?? topCardCompany(card) ?? ld?.company ?? fromHeadline.company;
  return keyedCandidate(ref.key, 'profile', { name, title, company, linkedinUrl: ref.url });
}

function lead(document: Document, leadId: string, me: string | undefined): Candidate | null {
  // The top card holds the lead; lists of similar leads further down must not lend it their data.
  const card = findFirst(document, LINKEDIN.leadCard);
  const nameElement = card && findFirst(card, LINKEDIN.leadName);
  const name = textOf(nameElement);
  // A name in a list item is a similar lead's, shown while the top card is still loading.
  if (!card || !nameElement || !name || nameElement.closest('li')) return null;
  if (me && name.toLowerCase() === me) return null;
  // A member id is no vanity slug: lower-cased into a key and a URL it would name no profile.
  const link = profileRef(findFirst(card, LINKEDIN.leadProfileLink)?.getAttribute('href'));
  const ref = link && !isMemberId(link.slug) ? link : null;
  return keyedCandidate(ref?.key ?? `linkedin-sales:${leadId}`, 'lead', {
    name,
    title: textOf(findFirst(card, LINKEDIN.leadTitle)),
    company: textOf(findFirst(card, LINKEDIN.leadCompany)),
    linkedinUrl: ref?.url,
  });
}

/** The signed-in member's name, lower-case, from the "Me" button. */
function myName(document: Document): string | undefined {
  return findFirst(document, LINKEDIN.me)?.getAttribute('alt')?.trim().toLowerCase() || undefined;
}

function threadParticipants(document: Document, me: string | undefined): Array<Candidate | null> {
  return findAll(document, LINKEDIN.threadParticipant).map((found) => {
    // The fallback finds the heading inside the link.
    const link = found.closest('a');
    const ref = profileRef(link?.getAttribute('href'));
    const heading = found === link ? queryOne(found, '.msg-entity-lockup__entity-title, h2') : found;
    const name = textOf(heading ?? link) ?? undefined;
    // A member id (`/in/ACoAA…`, case-sensitive) is left out as profile() leaves it out: lower-cased
    // into a key and a URL it would name no profile, and it is not the key the person's page gives.
    if (!ref || isMemberId(ref.slug) || (me && name?.toLowerCase() === me)) return null;
    return keyedCandidate(ref.key, 'message', { name, linkedinUrl: ref.url });
  });
}

export function detectLinkedIn(document: Document, url: URL): SiteDetection {
  const me = myName(document);
  const out: Array<Candidate | null> = [];
  if (/^\/in\/[^/]+/i.test(url.pathname)) out.push(profile(document, url, me));
  const leadId = salesLeadId(url.href);
  if (leadId) out.push(lead(document, leadId, me));
  out.push(...threadParticipants(document, me));
  return { candidates: mergeCandidates(out), selfAddresses: [] };
}
