import type { Candidate } from '@/lib/model/prospect';
import { keyedCandidate, mergeCandidates } from '../identity/candidate';
import { queryOne } from './dom';
import { personFromJsonLd } from './json-ld';
import { profileRef, salesLeadId } from '../identity/linkedin-url';
import { findAll, findFirst, queryFirst, textOf, type Finder } from './selectors';
import type { SiteDetection } from './types';

/*
 * LinkedIn: profiles (logged in and public), Sales Navigator leads and messaging threads.
 * Read only: nothing here writes to LinkedIn's page. LinkedIn shows no addresses, so the self
 * addresses are always empty; the signed-in member (their own profile, their side of a thread) is
 * recognised by the name on the "Me" button.
 */
export const LINKEDIN = {
  name: {
    precise: 'section[data-member-id] h1, h1.text-heading-xlarge, h1.top-card-layout__title',
    fallback: 'main h1',
    seen: '2024-06',
    example: '<h1 class="text-heading-xlarge inline t-24 v-align-middle break-words">Dana Whitfield</h1>',
  },
  headline: {
    precise: 'section[data-member-id] .text-body-medium.break-words, h2.top-card-layout__headline',
    fallback: 'main [class*="text-body-medium"], main [class*="headline"]',
    seen: '2024-06',
    example: '<div class="text-body-medium break-words">VP Marketing at Northwind Traders</div>',
  },
  /** Current company: the first experience entry (logged in) or the top-card link (public). */
  company: {
    precise: '#experience ~ div [data-view-name="profile-component-entity"] span.t-14.t-normal > span[aria-hidden="true"], a[data-tracking-control-name="public_profile_topcard-current-company"]',
    fallback: '[data-view-name="profile-component-entity"] div + span > span[aria-hidden="true"]',
    seen: '2024-06',
    example: '<span class="t-14 t-normal"><span aria-hidden="true">Northwind Traders · Full-time</span></span>',
  },
  /** Holds the vanity slug even when the address bar shows a member id (`/in/ACoAA…`). */
  contactInfo: {
    precise: 'section[data-member-id] a[href$="overlay/contact-info/"]',
    fallback: 'a[href*="/in/"][href*="contact-info"]',
    seen: '2024-06',
    example: '<a id="top-card-text-details-contact-info" href="/in/dana-whitfield-8b2a1c/overlay/contact-info/">',
  },
  leadName: {
    precise: '[data-anonymize="person-name"]',
    fallback: '.profile-topcard-person-entity__name, main h1',
    seen: '2024-03',
    example: '<h1 data-anonymize="person-name" class="_headingText_e3b563 _default_1i6ulk">Priya Raman</h1>',
  },
  leadTitle: {
    precise: '[data-anonymize="title"], [data-anonymize="job-title"]',
    fallback: '[data-anonymize*="title"]',
    seen: '2024-03',
    example: '<span data-anonymize="title">Head of Procurement</span>',
  },
  leadCompany: {
    precise: '[data-anonymize="company-name"]',
    fallback: 'a[href*="/sales/company/"]',
    seen: '2024-03',
    example: '<a data-anonymize="company-name" href="/sales/company/1035">Fabrikam</a>',
  },
  leadProfileLink: {
    precise: 'a[href*="linkedin.com/in/"]',
    fallback: 'a[href^="/in/"]',
    seen: '2024-03',
    example: '<a href="https://www.linkedin.com/in/priya-raman-3c9d">View LinkedIn profile</a>',
  },
  /** The other people of the open thread (page or overlay bubble). */
  threadParticipant: {
    precise: 'a.msg-thread__link-to-profile[href*="/in/"]',
    fallback: '[data-view-name="messaging-thread-container"] a[href*="/in/"]',
    seen: '2024-06',
    example: '<a class="msg-thread__link-to-profile" href="https://www.linkedin.com/in/jonas-berg-11/"><h2 class="msg-entity-lockup__entity-title">Jonas Berg</h2></a>',
  },
  /** The signed-in member's photo on the "Me" button; its alt text is their name. */
  me: {
    precise: 'img.global-nav__me-photo[alt]',
    fallback: '#global-nav img[alt], header img[alt]',
    seen: '2024-06',
    example: '<img class="global-nav__me-photo evi-image ember-view" alt="Dana Whitfield" src="…">',
  },
} satisfies Record<string, Finder>;

function meta(document: Document, property: string): string | undefined {
  return queryOne(document, `meta[property="${property}"], meta[name="${property}"]`)?.getAttribute('content')?.trim() || undefined;
}

/** What the page shows first, then structured data, then the looser markup. */
function pick(document: Document, finder: Finder, ...structured: Array<string | undefined>): string | undefined {
  return textOf(queryFirst(document, finder.precise)) ?? structured.find(Boolean) ?? textOf(queryFirst(document, finder.fallback));
}

function profile(document: Document, url: URL): Candidate | null {
  const ld = personFromJsonLd(document);
  const metaName = [meta(document, 'profile:first_name'), meta(document, 'profile:last_name')].filter(Boolean).join(' ');
  const name = pick(document, LINKEDIN.name, ld?.name, metaName);
  // No name means the profile has not rendered yet (or this is not a profile): the URL alone could
  // pair the new slug with the previous page's content during an in-app navigation.
  if (!name) return null;
  const canonical = queryOne(document, 'link[rel="canonical"]')?.getAttribute('href');
  const ref =
    profileRef(findFirst(document, LINKEDIN.contactInfo)?.getAttribute('href'), url.href) ??
    profileRef(canonical) ??
    profileRef(meta(document, 'og:url')) ??
    profileRef(ld?.url) ??
    profileRef(url.href);
  if (!ref) return null;
  const title = pick(document, LINKEDIN.headline, ld?.jobTitle);
  const company = pick(document, LINKEDIN.company, ld?.company)?.split(' · ')[0];
  return keyedCandidate(ref.key, 'profile', { name, title, company, linkedinUrl: ref.url });
}

function lead(document: Document, leadId: string): Candidate | null {
  const nameElement = findFirst(document, LINKEDIN.leadName);
  const name = textOf(nameElement);
  if (!name) return null;
  // The top card holds the lead; lists of similar leads further down must not lend it their data.
  const card = nameElement?.closest('section') ?? document;
  const ref = profileRef(findFirst(card, LINKEDIN.leadProfileLink)?.getAttribute('href'));
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
  return findAll(document, LINKEDIN.threadParticipant).map((link) => {
    const ref = profileRef(link.getAttribute('href'));
    const heading = queryOne(link, '.msg-entity-lockup__entity-title, h2');
    // Message groups link the avatar only: its alt text is the name.
    const name = textOf(heading ?? link) ?? queryOne(link, 'img[alt]')?.getAttribute('alt') ?? undefined;
    if (!ref || (me && name?.toLowerCase() === me)) return null;
    return keyedCandidate(ref.key, 'message', { name, linkedinUrl: ref.url });
  });
}

export function detectLinkedIn(document: Document, url: URL): SiteDetection {
  const me = myName(document);
  const out: Array<Candidate | null> = [];
  // The rep's own profile is not a prospect. The "Me" name is a sign that works in every UI language.
  const shown = /^\/in\/[^/]+/i.test(url.pathname) ? profile(document, url) : null;
  if (shown && shown.name?.toLowerCase() !== me) out.push(shown);
  const leadId = salesLeadId(url.href);
  if (leadId) out.push(lead(document, leadId));
  out.push(...threadParticipants(document, me));
  return { candidates: mergeCandidates(out), selfAddresses: [] };
}
