import type { Candidate } from '@/lib/model/prospect';
import { parseAddressList, parseSender } from '../identity/address-list';
import { emailCandidate, foldNameOnly, mergeCandidates, nameCandidate, type Role } from '../identity/candidate';
import { extractEmails, normaliseEmail } from '../identity/email';
import { normaliseName } from '../identity/name';
import { closest, documentTitle, matches, precedes, queryAll, queryOne, treeWalker } from './dom';
import { findAll, findFirst, textOf, type Finder } from './selectors';
import type { SiteDetection } from './types';

/*
 * Outlook on the web: the reading pane's senders and recipients, and compose To/Cc/Bcc.
 * Outlook's class names are build hashes, so people are found by semantic attributes, in three forms
 * (issue 14):
 * - a persona whose `aria-label` (or `title`) holds the address ("From: Dana <dana@…>");
 * - a persona button that names the person and nothing else ("Opens card for Dana Whitfield", with
 *   an avatar labelled "Dana Whitfield"): a name-only candidate (`name:<name>`, lib/identity/name.ts);
 * - a header line written as text ("To: Jonas Berg <jonas@…>; li@…"), with no attributes at all.
 * Their role comes from the label word ("From:", "An:", "Cc:"…) on the element, the nearest labelled
 * group around it, or the line's label element; a name-only persona outside every recipient group is the
 * message's sender. The message list, message bodies and the subject are never read.
 */
export const OUTLOOK = {
  readingPane: {
    precise: '[data-app-section="ConversationContainer"]',
    fallback: '[role="main"]',
    seen: '2024-05',
    // e.g. <div data-app-section="ConversationContainer" role="main" aria-label="Reading Pane">
  },
  /** A persona in a message header; the address is in its label even when it shows a display name. */
  person: {
    precise: 'span[aria-label*="@"]',
    fallback: '[aria-label*="@"], [title*="@"]',
    seen: '2024-05',
    // e.g. <span aria-label="From: Dana Whitfield <dana@northwind.example>"><span class="lpcWrapper lpcCommonWeb-hoverTarget">Dana Whitfield</span></span>
  },
  /**
   * A persona button (Microsoft's live persona card) that shows a name and carries no address. Seen
   * in a copy of OWA markup dated 2024-07 and in extensions' code that reads `[data-lpc-hover-target-id]`.
   */
  namedPersona: {
    precise: '[data-lpc-hover-target-id]',
    fallback: '[role="button"][aria-haspopup="dialog"], [aria-label^="Opens card for"]',
    seen: '2024-07',
    // e.g. <span aria-haspopup="dialog" role="button" tabindex="0" aria-label="Opens card for Linda Mitchell" data-lpc-hover-target-id="lpc-react-target-13"><span role="img" aria-label="Linda Mitchell" class="fui-Avatar"></span></span>
  },
  /** A compose To/Cc/Bcc well. */
  composeWell: {
    precise: '[role="group"][id$="_TO"], [role="group"][id$="_CC"], [role="group"][id$="_BCC"]',
    fallback: '[id$="_TO"], [id$="_CC"], [id$="_BCC"], [contenteditable="true"][aria-label="To"], [contenteditable="true"][aria-label="Cc"], [contenteditable="true"][aria-label="Bcc"]',
    seen: '2024-05',
    // e.g. <div role="group" id="docking_InitVisiblePart_0_TO" aria-label="To"><div contenteditable="true" role="textbox" aria-label="To">…</div></div>
  },
  /** A resolved recipient in a well: a roosterjs entity (aria-label the address or the name) or a persona pill. */
  composeRecipient: {
    precise: '._EType_RECIPIENT_ENTITY',
    fallback: '[contenteditable="false"], [data-lpc-hover-target-id], [aria-label*="@"]',
    seen: '2024-05',
    // e.g. <span class="_Entity _EType_RECIPIENT_ENTITY _EReadonly_1" contenteditable="false" aria-label="jonas.berg@fabrikam.example">Jonas Berg</span>
  },
  /**
   * The open account menu's address. Outlook renders the menu only after the rep opens it, so on most
   * scans this matches nothing and the account button below is what tells who the rep is.
   */
  account: {
    precise: '#mectrl_currentAccount_secondary',
    fallback: '[id*="currentAccount_secondary"]',
    seen: '2024-05',
    // e.g. <div id="mectrl_currentAccount_secondary" class="mectrl_truncate">dana@acme.example</div>
  },
  /** The open account menu's display name, to leave the rep's own name-only persona out. */
  accountName: {
    precise: '#mectrl_currentAccount_primary',
    fallback: '[id*="currentAccount_primary"]',
    seen: '2024-05',
    // e.g. <div id="mectrl_currentAccount_primary" class="mectrl_name mectrl_truncate">Dana Whitfield</div>
  },
  /**
   * The account button in the header, rendered whether the menu is open or not: its label names the
   * signed-in user, by display name or (an account without one) by address. Not in a capture: the ids
   * and the label are what other projects' code and tests read (found 2026-12, undated).
   */
  accountButton: {
    precise: '#mectrl_main_trigger',
    fallback: '#meInitialsButton, #O365_MainLink_Me [aria-label], [aria-label^="Account manager for"]',
    seen: '2026-12',
    // e.g. <button id="mectrl_main_trigger" aria-label="Account manager for Dana Whitfield"><div id="mectrl_headerPicture">DW</div></button>
  },
} satisfies Record<string, Finder>;

/** Places inside the reading pane that are not a message header: the list, compose wells, bodies. */
const NOT_A_HEADER =
  '[data-app-section="MessageList"], [role="complementary"], [id$="_TO"], [id$="_CC"], [id$="_BCC"], [id^="UniqueMessageBody"], [aria-label="Message body"]';

/** The reply being written inside the reading pane: its "From:" is the rep, not a message of the thread. */
const COMPOSE_AREA = '[data-app-section="MailReadCompose"]';

/** Never read as header text: the above, the subject, pickers, editors, and people read from attributes. */
const NOT_HEADER_TEXT = `${NOT_A_HEADER}, ${COMPOSE_AREA}, [role="heading"], [role="dialog"], [role="listbox"], [role="textbox"], [contenteditable="true"], [aria-label*="@"], [title*="@"]`;

/** Command bars: their dialog buttons ("Insert link", "Summarize") are not people (the persona fallback is loose). */
const COMMANDS = '[role="toolbar"], [role="menubar"], [role="menu"]';

/** The recipients of a message in current Outlook (seen in extensions' code, 2024). */
const RECIPIENT_WELL = '[data-testid="RecipientWell"]';

/** Each message shows its date; the nearest ancestor holding one is the person's message. */
const MESSAGE_DATE = '[data-testid="SentReceivedSavedTime"], [id$="_DATETIME"]';
/**
 * A message's body: an expanded message shows it, a collapsed one only a preview line. Page text the
 * sender wrote, never a header: its links (`mailto:`) are not recipients (open-message.ts too).
 */
export const MESSAGE_BODY = '[id^="UniqueMessageBody"], [aria-label="Message body"]';

/** Header label words in the languages Outlook ships most, lower-case, without the colon. */
const ROLE_WORDS: Record<string, Role> = {};
for (const word of ['from', 'von', 'de', 'da', 'van', 'från', 'fra', 'od', 'от', '发件人', '寄件者', '差出人', '보낸 사람', 'remitente']) ROLE_WORDS[word] = 'from';
for (const word of ['to', 'an', 'à', 'a', 'para', 'aan', 'till', 'til', 'do', 'кому', '收件人', '宛先', '받는 사람']) ROLE_WORDS[word] = 'to';
for (const word of ['cc', 'bcc', 'kopie', 'copie', 'cópia', 'копия', '抄送', '副本']) ROLE_WORDS[word] = 'cc';

const LABEL_WORD = /^\s*([^:：<@]{1,20}?)\s*[:：]\s*/u;

function roleWord(label: string | null | undefined): Role | undefined {
  const word = label && LABEL_WORD.exec(label)?.[1];
  return word ? ROLE_WORDS[word.toLowerCase()] : undefined;
}

/** The role from the label on the element or the nearest labelled ancestor inside the pane. */
function labelledRole(element: Element, pane: Element): Role | undefined {
  for (let node: Element | null = element; node && node !== pane.parentElement; node = node.parentElement) {
    const role = roleWord(node.getAttribute('aria-label'));
    if (role) return role;
  }
  return undefined;
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

/**
 * "Opens card for Dana Whitfield": the English label, seen 2024-07. Other languages' wording was not
 * found in any capture, so a persona's name comes first from its avatar's label (the bare name in
 * every language), then from this prefix, then from its visible text.
 */
const CARD_LABEL = /^\s*opens card for\s+/iu;

/** The visible text of a persona, without its avatar's initials and hidden separators. */
function visibleText(element: Element): string {
  let text = '';
  for (const node of Array.from(element.childNodes)) {
    if (node.nodeType === Node.TEXT_NODE) text += node.nodeValue ?? '';
    else if (node.nodeType === Node.ELEMENT_NODE) {
      const child = node as Element;
      if (!matches(child, '[role="img"], [aria-hidden="true"]')) text += ` ${visibleText(child)} `;
    }
  }
  return text.replace(/\s+/gu, ' ').trim();
}

function personaName(persona: Element): string | undefined {
  const avatar = queryOne(persona, '[role="img"][aria-label]')?.getAttribute('aria-label')?.trim();
  if (avatar && !avatar.includes('@')) return avatar;
  const label = persona.getAttribute('aria-label') ?? '';
  if (CARD_LABEL.test(label)) return label.replace(CARD_LABEL, '');
  const text = visibleText(persona);
  return text && !text.includes('@') && !roleWord(text) ? text : undefined;
}

/** What one place in a header says: who, and whether they sent the message it belongs to. */
interface Sighting {
  at: Node;
  candidates: Array<Candidate | null>;
  sender: boolean;
  message: Element | null;
}

/**
 * The message a person belongs to: the largest ancestor inside the pane that holds one message
 * date (each message shows its date once; the conversation holds several). Asked for senders only;
 * the pane's dates are found with one query per scan and counted per ancestor with `contains`,
 * since the upper ancestors hold every message body.
 */
interface DateIndex {
  dates?: Element[];
  counts: Map<Element, number>;
}

function messageOf(element: Element, pane: Element, index: DateIndex): Element | null {
  index.dates ??= Array.from(queryAll(pane, MESSAGE_DATE));
  let message: Element | null = null;
  for (let node = element.parentElement; node && node !== pane; node = node.parentElement) {
    let count = index.counts.get(node);
    if (count === undefined) {
      count = 0;
      for (const date of index.dates) if (Node.prototype.contains.call(node, date)) count++;
      index.counts.set(node, count);
    }
    if (count > 1) break;
    if (count === 1) message = node;
  }
  return message;
}

/** People read from attributes: the address is in the label. */
function addressSightings(pane: Element, out: Sighting[], index: DateIndex, replyFrom: string[]): void {
  for (const person of findAll(pane, OUTLOOK.person)) {
    if (closest(person, NOT_A_HEADER)) continue;
    const label = [person.getAttribute('aria-label'), person.getAttribute('title')].find((value) => value?.includes('@')) ?? '';
    const { emails, name } = peopleIn(label, person);
    const role = labelledRole(person, pane) ?? 'to';
    const reply = !!closest(person, COMPOSE_AREA);
    // The reply being written is sent from the rep's mailbox: its From is the rep, menu open or not.
    if (reply && role === 'from' && emails.length === 1) replyFrom.push(emails[0]!);
    const sender = role === 'from' && emails.length === 1 && !reply;
    out.push({
      at: person,
      candidates: emails.map((email) => emailCandidate(email, role, { name })),
      sender,
      message: sender ? messageOf(person, pane, index) : null,
    });
  }
}

/** Persona buttons with a name and no address; one inside (or around) an addressed label is that person. */
function namedSightings(pane: Element, out: Sighting[], index: DateIndex): void {
  for (const persona of findAll(pane, OUTLOOK.namedPersona)) {
    if (closest(persona, `${NOT_A_HEADER}, ${COMPOSE_AREA}, ${COMMANDS}, [aria-label*="@"], [title*="@"]`)) continue;
    if (queryOne(persona, '[aria-label*="@"], [title*="@"]')) continue;
    const name = personaName(persona);
    if (!name) continue;
    const role = labelledRole(persona, pane) ?? (closest(persona, RECIPIENT_WELL) ? 'to' : 'from');
    const sender = role === 'from';
    out.push({ at: persona, candidates: [nameCandidate(name, role)], sender, message: sender ? messageOf(persona, pane, index) : null });
  }
}

/**
 * The role of a header line whose first child is its label, an element of its own as OWA draws it
 * (`<div aria-hidden="true">To:</div> Jonas <jonas@…>`). A role word at the start of free text is
 * not a label: that text may be a collapsed message's preview, the first line of a body the sender
 * wrote ("From: Olivia <olivia@…> Sent: …").
 */
function lineRole(line: Element): Role | undefined {
  let first = line.firstChild;
  while (first?.nodeType === Node.TEXT_NODE && !first.nodeValue?.trim()) first = first.nextSibling;
  if (first?.nodeType !== Node.ELEMENT_NODE) return undefined;
  // The label's whole text is the word: "To:", "Von :", "发件人：".
  const text = first.textContent ?? '';
  const label = LABEL_WORD.exec(text);
  return label?.[0].length === text.length ? ROLE_WORDS[label[1]!.toLowerCase()] : undefined;
}

/**
 * The element whose text is a whole labelled header line, at most three levels up and never a whole
 * message (one holding the message's date): a preview under a "From:" line is not part of that line.
 */
function headerLine(text: Node, pane: Element): { line: Element; role: Role } | null {
  let node = text.parentElement;
  for (let depth = 0; node && node !== pane && depth < 3; depth++, node = node.parentElement) {
    if (queryOne(node, MESSAGE_DATE)) return null;
    const role = lineRole(node);
    if (role) return { line: node, role };
  }
  return null;
}

/**
 * Header lines written as text, with no attribute naming anyone. Only a line led by a label element
 * counts, so an address in a collapsed message's preview or in a signature is not a recipient; a From
 * line is one sender, at its last bracketed address (lib/identity/address-list.ts).
 */
function textSightings(pane: Element, out: Sighting[], index: DateIndex): void {
  const walker = treeWalker(pane, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => {
      if (node.nodeType === Node.ELEMENT_NODE) return matches(node as Element, NOT_HEADER_TEXT) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
      return node.nodeValue?.includes('@') ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
    },
  });
  const lines = new Set<Element>();
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const found = headerLine(text, pane);
    if (!found || lines.has(found.line)) continue;
    lines.add(found.line);
    const line = (found.line.textContent ?? '').replace(LABEL_WORD, '');
    const people = found.role === 'from' ? parseSender(line) : parseAddressList(line, 50);
    const sender = found.role === 'from' && people.length === 1;
    out.push({
      at: found.line,
      candidates: people.map((person) => emailCandidate(person.email, found.role, { name: person.name })),
      sender,
      message: sender ? messageOf(found.line, pane, index) : null,
    });
  }
}

function expanded(message: Element): boolean {
  return !!queryOne(message, MESSAGE_BODY) || message.getAttribute('aria-expanded') === 'true';
}

/**
 * The newest message's sender. Outlook opens a conversation with its newest message expanded and
 * the older ones collapsed, in either order the account is set to; the dates are localised text
 * with no machine-readable form, so the order is read from that: when the first sender's message is
 * expanded and the last one's collapsed, the conversation is "newest on top" and the first sender
 * is the newest; otherwise (oldest on top, one message, or everything expanded) the last one is.
 */
function newestSender(senders: Sighting[]): Candidate | null {
  const first = senders[0];
  const last = senders[senders.length - 1];
  if (!first || !last) return null;
  const newestOnTop = !!first.message && !!last.message && first.message !== last.message && expanded(first.message) && !expanded(last.message);
  return (newestOnTop ? first : last).candidates[0] ?? null;
}

function readingPaneCandidates(document: Document, out: Array<Candidate | null>, replyFrom: string[]): void {
  for (const pane of findAll(document, OUTLOOK.readingPane)) {
    const sightings: Sighting[] = [];
    const index: DateIndex = { counts: new Map() };
    addressSightings(pane, sightings, index, replyFrom);
    namedSightings(pane, sightings, index);
    textSightings(pane, sightings, index);
    // Back into page order: the first sighting of a person decides their role.
    sightings.sort((a, b) => (a.at === b.at ? 0 : precedes(a.at, b.at) ? -1 : 1));
    for (const sighting of sightings) out.push(...sighting.candidates);
    const newest = newestSender(sightings.filter((s) => s.sender && s.candidates[0]));
    if (newest) newest.newest = true;
  }
}

function composeCandidates(document: Document, out: Array<Candidate | null>): void {
  for (const well of findAll(document, OUTLOOK.composeWell)) {
    const entities = findAll(well, OUTLOOK.composeRecipient);
    const set = new Set(entities);
    for (const entity of entities) {
      // A pill inside an entity is the same person.
      let nested = false;
      for (let node = entity.parentElement; node && node !== well; node = node.parentElement) if (set.has(node)) nested = true;
      if (nested) continue;
      const label = [entity.getAttribute('aria-label'), entity.getAttribute('title')].find((value) => value?.includes('@'));
      if (label) {
        const { emails, name } = peopleIn(label, entity);
        for (const email of emails) out.push(emailCandidate(email, 'compose', { name }));
        continue;
      }
      const own = entity.getAttribute('aria-label')?.trim();
      const name = own && !CARD_LABEL.test(own) ? own : personaName(entity);
      out.push(nameCandidate(name, 'compose'));
    }
  }
}

/** "Account manager for Sam Carter": the English wording; the name in other languages is read from the title. */
const ACCOUNT_LABEL = /^\s*account manager for\s+/iu;

/**
 * "Mail - Sam Carter - Outlook", "E-Mail – Mara Klein – Outlook": the signed-in user between the
 * folder and the product name. Only a name: a title is page text, and an address taken from it would
 * hide a person and count their domain as the rep's.
 */
function titleName(document: Document): string | undefined {
  const parts = documentTitle(document).split(/\s+[-–—]\s+/u);
  const name = parts.length === 3 && parts[2]!.trim().toLowerCase() === 'outlook' ? parts[1]!.trim() : '';
  return name && !name.includes('@') ? name : undefined;
}

const initials = (name: string) =>
  name
    .split(/\s+/u)
    .map((word) => Array.from(word)[0] ?? '')
    .join('')
    .toUpperCase();

/**
 * Whether the account button agrees with a name from the title: its label holds the name, or, when
 * it has no label, its picture shows the name's initials. A label without the name names someone
 * else (or no one): initials alone would let "Sara Chen" pass for "Sam Carter".
 */
function buttonConfirms(button: Element, label: string, name: string): boolean {
  if (label) return ` ${normaliseName(label)} `.includes(` ${normaliseName(name)} `);
  // The picture is aria-hidden, so its initials are read as plain text.
  const shown = (button.textContent ?? '').replace(/\s/gu, '');
  return !!shown && shown.toUpperCase() === initials(name);
}

/**
 * Who the rep is: addresses and names. The open menu says both; the account button, always there,
 * says the name (or the address); the title repeats the name, taken when the button agrees or is not
 * there at all. A name only ever leaves out a name-only persona of exactly that name (foldNameOnly):
 * it is weaker than an address, so a person shown with an address is never dropped for their name.
 */
function signedIn(document: Document, replyFrom: string[]): { addresses: string[]; names: string[] } {
  const addresses: string[] = [];
  const names: string[] = [];
  const menu = findFirst(document, OUTLOOK.account);
  if (menu) addresses.push(...extractEmails(menu.textContent ?? '', 5));
  const menuName = textOf(findFirst(document, OUTLOOK.accountName));
  if (menuName) names.push(menuName);
  const button = findFirst(document, OUTLOOK.accountButton);
  const label = button?.getAttribute('aria-label')?.trim() ?? '';
  addresses.push(...extractEmails(label, 5));
  if (ACCOUNT_LABEL.test(label) && !label.includes('@')) names.push(label.replace(ACCOUNT_LABEL, ''));
  const title = titleName(document);
  if (title && (!button || buttonConfirms(button, label, title))) names.push(title);
  addresses.push(...replyFrom);
  return { addresses: [...new Set(addresses)], names };
}

export function detectOutlook(document: Document): SiteDetection {
  const out: Array<Candidate | null> = [];
  const replyFrom: string[] = [];
  readingPaneCandidates(document, out, replyFrom);
  composeCandidates(document, out);
  const self = signedIn(document, replyFrom);
  return { candidates: foldNameOnly(mergeCandidates(out), self.names), selfAddresses: self.addresses };
}
