import type { Candidate } from '@/lib/model/prospect';
import { emailCandidate, mergeCandidates, type Role } from '../identity/candidate';
import { documentTitle, treeWalker } from './dom';
import { extractEmails, normaliseEmail } from '../identity/email';
import { findAll, findFirst, type Finder } from './selectors';
import type { SiteDetection } from './types';

/*
 * Gmail (mail.google.com): the open thread's senders and recipients, and every open compose
 * window's recipients. The inbox list is not read: its rows carry `[email]` too, so nothing here
 * may match outside a message container or a compose chip.
 */
export const GMAIL = {
  /** One message of the open thread, expanded (`adn`) or collapsed (`kv`, `kQ`). */
  message: {
    precise: 'div.adn, div.kv, div.kQ',
    fallback: '[role="main"] [role="listitem"]',
    seen: '2025-08',
    // e.g. <div class="h7 ie nH oy8Mbf" role="listitem"><div class="adn ads" data-legacy-message-id="18f2c0a9d1b3e4f5">
  },
  /** The sender inside a message; the fallback takes the message's first `[email]`. */
  sender: {
    precise: '.gD[email]',
    fallback: '[email]',
    seen: '2025-08',
    // e.g. <span class="gD" email="dana@northwind.example" name="Dana Whitfield" data-hovercard-id="dana@northwind.example">
  },
  /** The "to …, cc: …" line of an expanded message; the fallback reads the header's layout tables. */
  recipientLine: {
    precise: 'div.iw.ajw span.hb',
    fallback: 'table',
    seen: '2025-08',
    // e.g. <span class="hb">to <span class="g2" email="jonas@fabrikam.example" name="Jonas Berg">Jonas</span>, cc: …</span>
  },
  /** A resolved recipient chip in any compose window (pop-out, full screen, inline reply). */
  composeChip: {
    precise: 'div.afV[role="option"][data-hovercard-id]',
    fallback: '[role="option"][data-hovercard-id]',
    seen: '2025-08',
    // e.g. <div class="afV" role="option" data-hovercard-id="priya@fabrikam.example" data-name="Priya Raman"><div class="akl">priya@fabrikam.example</div></div>
  },
  /** The older compose UI's plain recipient fields (still served to some accounts). */
  composeField: {
    precise: 'textarea.vO[name="to"], textarea.vO[name="cc"], textarea.vO[name="bcc"]',
    fallback: 'textarea[name="to"], textarea[name="cc"], textarea[name="bcc"], input[name="to"], input[name="cc"], input[name="bcc"]',
    seen: '2019-12',
    // e.g. <textarea class="vO" name="to">dana@northwind.example, Jonas Berg &lt;jonas@fabrikam.example&gt;</textarea>
  },
  /** The account button, whose label holds the signed-in address. */
  account: {
    precise: 'header a[href*="accounts.google.com/SignOutOptions"][aria-label]',
    fallback: '[role="banner"] [aria-label*="@"], header [aria-label*="@"]',
    seen: '2025-08',
    // e.g. <a class="gb_B" href="https://accounts.google.com/SignOutOptions?hl=en" aria-label="Google Account: Dana Whitfield (dana@acme.example)">
  },
} satisfies Record<string, Finder>;

/** "cc:" / "bcc:" in a recipient line switches the role of the people after it. */
const CC_LABEL = /(?:^|[\s,;])b?cc\s*:/i;

function personAt(element: Element, role: Role, newest = false): Candidate | null {
  return emailCandidate(element.getAttribute('email'), role, { name: element.getAttribute('name'), newest });
}

/** The recipients of one recipient line, in order, with "to" or "cc" from the labels between them. */
function recipientsIn(line: Element, sender: Element | null, out: Array<Candidate | null>): void {
  const walker = treeWalker(line, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  let role: Role = 'to';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 3) {
      // A label between people, not text inside a person's name.
      if (CC_LABEL.test(node.nodeValue ?? '') && !node.parentElement?.closest('[email]')) role = 'cc';
    } else if (node !== sender && (node as Element).hasAttribute('email')) {
      out.push(personAt(node as Element, role));
    }
  }
}

/**
 * Everyone in the open thread, message by message. Gmail lists a thread oldest first, expanded or
 * collapsed alike (older messages folded into "N older messages" stay before it), so the last message
 * in the DOM is the newest: its sender is marked `newest` and gets the first card (issue 14, "Order").
 */
function threadCandidates(document: Document, out: Array<Candidate | null>): void {
  const messages = findAll(document, GMAIL.message);
  for (const [index, message] of messages.entries()) {
    const sender = findFirst(message, GMAIL.sender);
    if (sender) out.push(personAt(sender, 'from', index === messages.length - 1));
    for (const line of findAll(message, GMAIL.recipientLine)) recipientsIn(line, sender, out);
  }
}

function composeCandidates(document: Document, out: Array<Candidate | null>): void {
  for (const chip of findAll(document, GMAIL.composeChip)) {
    const address = chip.getAttribute('data-hovercard-id') ?? chip.textContent;
    out.push(emailCandidate(address, 'compose', { name: chip.getAttribute('data-name') }));
  }
  for (const field of findAll(document, GMAIL.composeField)) {
    const value = (field as HTMLTextAreaElement | HTMLInputElement).value ?? '';
    for (const email of extractEmails(value)) out.push(emailCandidate(email, 'compose'));
  }
}

/**
 * The signed-in address: the account button's label, and the page title
 * ("Inbox (3) - dana@acme.example - Gmail"), whose address is the one before the product name.
 * Each `/mail/u/N/` tab shows only its own account, so this is per account by construction.
 */
function selfAddresses(document: Document): string[] {
  const found = new Set<string>();
  for (const button of findAll(document, GMAIL.account)) {
    for (const email of extractEmails(button.getAttribute('aria-label') ?? '', 5)) found.add(email);
  }
  const segments = documentTitle(document).split(' - ');
  const fromTitle = segments.length >= 3 ? normaliseEmail(segments[segments.length - 2] ?? '') : null;
  if (fromTitle) found.add(fromTitle);
  return [...found];
}

export function detectGmail(document: Document): SiteDetection {
  const out: Array<Candidate | null> = [];
  threadCandidates(document, out);
  composeCandidates(document, out);
  return { candidates: mergeCandidates(out), selfAddresses: selfAddresses(document) };
}
