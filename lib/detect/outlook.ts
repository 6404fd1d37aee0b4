import type { Candidate } from '@/lib/model/prospect';
import { emailCandidate, mergeCandidates, type Role } from '../identity/candidate';
import { extractEmails, normaliseEmail } from '../identity/email';
import { findAll, findFirst, type Finder } from './selectors';
import type { SiteDetection } from './types';

/*
 * Outlook on the web: the reading pane's senders and recipients, and compose To/Cc/Bcc.
 * Outlook's class names are build hashes, so people are found by the address in their
 * `aria-label` (or `title`), and their role by the label word ("From:", "Von:", "De :"…) on the
 * element itself or the nearest labelled group around it. The message list is never read.
 */
export const OUTLOOK = {
  readingPane: {
    precise: '[data-app-section="ConversationContainer"]',
    fallback: '[role="main"]',
    seen: '2024-05',
    example: '<div data-app-section="ConversationContainer" role="main" aria-label="Reading Pane">',
  },
  /** A persona in a message header; the address is in its label even when it shows a display name. */
  person: {
    precise: 'span[aria-label*="@"]',
    fallback: '[aria-label*="@"], [title*="@"]',
    seen: '2024-05',
    example: '<span aria-label="From: Dana Whitfield <dana@northwind.example>"><span class="lpcWrapper lpcCommonWeb-hoverTarget">Dana Whitfield</span></span>',
  },
  /** A resolved recipient (a roosterjs entity) in a compose To/Cc/Bcc well. */
  composeRecipient: {
    precise: '[role="group"][id$="_TO"] ._EType_RECIPIENT_ENTITY[aria-label], [role="group"][id$="_CC"] ._EType_RECIPIENT_ENTITY[aria-label], [role="group"][id$="_BCC"] ._EType_RECIPIENT_ENTITY[aria-label]',
    fallback: '[id$="_TO"] [aria-label*="@"], [id$="_CC"] [aria-label*="@"], [id$="_BCC"] [aria-label*="@"]',
    seen: '2024-05',
    example: '<span class="_Entity _EType_RECIPIENT_ENTITY _EReadonly_1" contenteditable="false" aria-label="jonas.berg@fabrikam.example">Jonas Berg</span>',
  },
  /** The account control in the header. */
  account: {
    precise: '#mectrl_currentAccount_secondary',
    fallback: '#O365_MainLink_Me [aria-label*="@"], [id^="mectrl_"][aria-label*="@"]',
    seen: '2024-05',
    example: '<div id="mectrl_currentAccount_secondary" class="mectrl_truncate">dana@acme.example</div>',
  },
} satisfies Record<string, Finder>;

/** Places inside the reading pane that are not a message header: the list, compose wells, bodies. */
const NOT_A_HEADER =
  '[data-app-section="MessageList"], [role="complementary"], [id$="_TO"], [id$="_CC"], [id$="_BCC"], [id^="UniqueMessageBody"], [aria-label="Message body"]';

/** Header label words in the languages Outlook ships most, lower-case, without the colon. */
const ROLE_WORDS: Record<string, Role> = {};
for (const word of ['from', 'von', 'de', 'da', 'van', 'från', 'fra', 'od', 'от', '发件人', '寄件者', '差出人', '보낸 사람', 'remitente']) ROLE_WORDS[word] = 'from';
for (const word of ['to', 'an', 'à', 'a', 'para', 'aan', 'till', 'til', 'do', 'кому', '收件人', '宛先', '받는 사람']) ROLE_WORDS[word] = 'to';
for (const word of ['cc', 'bcc', 'kopie', 'copie', 'cópia', 'копия', '抄送', '副本']) ROLE_WORDS[word] = 'cc';

const LABEL_WORD = /^\s*([^:：<@]{1,20}?)\s*[:：]\s*/u;

function roleWord(label: string | null): Role | undefined {
  const word = label && LABEL_WORD.exec(label)?.[1];
  return word ? ROLE_WORDS[word.toLowerCase()] : undefined;
}

/** The role from the label on the element or the nearest labelled ancestor inside the pane. */
function roleOf(element: Element, pane: Element): Role {
  for (let node: Element | null = element; node && node !== pane.parentElement; node = node.parentElement) {
    const role = roleWord(node.getAttribute('aria-label'));
    if (role) return role;
  }
  return 'to';
}

/** A label that ends in a bracketed address: "Von: Dana Whitfield <dana@…>". */
const TRAILING_ADDRESS = /<([^<>]*)>\s*$/u;

/**
 * The people a label names, with a display name when there is one. A name may itself hold "<", "@"
 * or markup-looking text (it is page text, shown verbatim), so when the label ends in `<address>`
 * that address alone is the person and everything before its "<" is the name. Otherwise (a bare
 * address, or a list) the addresses are read from the whole label and the name, for a lone
 * address, from the visible text.
 */
function peopleIn(label: string, element: Element): { emails: string[]; name?: string } {
  const rest = label.replace(LABEL_WORD, '');
  const trailing = TRAILING_ADDRESS.exec(rest);
  const address = trailing && normaliseEmail(trailing[1] ?? '');
  const name = address ? rest.slice(0, trailing.index).trim() : '';
  if (address && name) return { emails: [address], name };
  const emails = extractEmails(label, 20);
  if (emails.length !== 1) return { emails };
  const text = element.textContent?.trim();
  return { emails, name: text && !text.includes('@') ? text : undefined };
}

function readingPaneCandidates(document: Document, out: Array<Candidate | null>): void {
  for (const pane of findAll(document, OUTLOOK.readingPane)) {
    for (const person of findAll(pane, OUTLOOK.person)) {
      if (person.closest(NOT_A_HEADER)) continue;
      const label = [person.getAttribute('aria-label'), person.getAttribute('title')].find((value) => value?.includes('@')) ?? '';
      const { emails, name } = peopleIn(label, person);
      const role = roleOf(person, pane);
      for (const email of emails) out.push(emailCandidate(email, role, { name }));
    }
  }
}

function composeCandidates(document: Document, out: Array<Candidate | null>): void {
  for (const entity of findAll(document, OUTLOOK.composeRecipient)) {
    const { emails, name } = peopleIn(entity.getAttribute('aria-label') ?? '', entity);
    for (const email of emails) out.push(emailCandidate(email, 'compose', { name }));
  }
}

function selfAddresses(document: Document): string[] {
  const control = findFirst(document, OUTLOOK.account);
  if (!control) return [];
  return extractEmails(`${control.getAttribute('aria-label') ?? ''} ${control.textContent ?? ''}`, 5);
}

export function detectOutlook(document: Document): SiteDetection {
  const out: Array<Candidate | null> = [];
  readingPaneCandidates(document, out);
  composeCandidates(document, out);
  return { candidates: mergeCandidates(out), selfAddresses: selfAddresses(document) };
}
