/**
 * The open message of a webmail thread, for "Log this email" (docs/architecture.md, "Log this email").
 * Read only when the rep asks, never during detection: a pure function of the document, like the
 * adapters, with the same dated selectors-and-fallbacks. The body is read only when the rep ticked
 * "include the text" for this one action, and then capped.
 *
 * What it returns is page data, so the background validates and checks it again (lib/model/email.ts,
 * lib/background/log-email.ts); nothing here is trusted.
 */
import { extractEmails, normaliseEmail } from '../identity/email';
import { closest, documentRoot, matches, ownerDocumentOf, queryAll, queryOne, treeWalker } from './dom';
import { MESSAGE_BODY } from './outlook';
import { findAll, findFirst, type Finder, textOf } from './selectors';

/** The most body text the content script sends; the CRM gets the start of a long message. */
export const MAX_BODY_CHARS = 8_000;
const MAX_SUBJECT_CHARS = 300;
const MAX_PEOPLE = 50;

export interface OpenMessage {
  /** The site's own id for the message (Gmail's message id, Outlook's item id); absent when the page shows none. */
  messageId?: string;
  subject: string;
  from: string;
  to: string[];
  cc: string[];
  /** ISO time when the page's date could be read. */
  sentAt?: string;
  body?: string;
}

export const OPEN_MESSAGE = {
  gmailSubject: {
    precise: 'h2.hP',
    fallback: '[role="main"] h2[data-thread-perm-id], [role="main"] h2',
    seen: '2025-08',
    // e.g. <h2 class="hP" data-thread-perm-id="thread-f:1781234567890123456">Pilot pricing for Q1</h2>
  },
  /** An expanded message of the open thread (collapsed ones, `kv`/`kQ`, carry no recipients or body). */
  gmailExpanded: {
    precise: 'div.adn',
    fallback: '[role="main"] [role="listitem"][aria-expanded="true"]',
    seen: '2025-08',
    // e.g. <div class="adn ads" data-message-id="#msg-f:1781234567890160636" data-legacy-message-id="18b8e2c4f0a1d8bc">
  },
  gmailDate: {
    precise: 'span.g3[title]',
    fallback: '[title][role="gridcell"]',
    seen: '2025-08',
    // e.g. <span class="g3" title="Tue, Nov 24, 2026, 9:02 AM">
  },
  gmailBody: {
    precise: 'div.a3s',
    fallback: 'div.ii',
    seen: '2025-08',
    // e.g. <div class="ii gt"><div class="a3s aiL">Hi Dana, …</div></div>
  },
  outlookPane: {
    precise: '[data-app-section="ConversationContainer"]',
    fallback: '[role="main"]',
    seen: '2024-05',
  },
  outlookMessage: {
    precise: '[role="listitem"]',
    fallback: '[aria-label="Email message"]',
    seen: '2024-05',
    // e.g. <div role="listitem" aria-expanded="true"><div aria-label="Email message"><div id="ItemHeader_AAMk…">
  },
  outlookBody: {
    precise: '[id^="UniqueMessageBody"]',
    fallback: '[aria-label="Message body"], [role="document"]',
    seen: '2024-05',
  },
} satisfies Record<string, Finder>;

export function readOpenMessage(document: Document, site: 'gmail' | 'outlook', withBody: boolean): OpenMessage | null {
  return site === 'gmail' ? readGmail(document, withBody) : readOutlook(document, withBody);
}

/** Gmail lists a thread oldest first: the last expanded message is the newest one the rep has open. */
function readGmail(document: Document, withBody: boolean): OpenMessage | null {
  const messages = findAll(document, OPEN_MESSAGE.gmailExpanded);
  const message = messages[messages.length - 1];
  if (!message) return null;
  const sender = queryOne(message, '.gD[email]') ?? queryOne(message, '[email]');
  const from = sender ? normaliseEmail(sender.getAttribute('email') ?? '') : null;
  if (!from) return null;
  const to: string[] = [];
  const cc: string[] = [];
  for (const line of queryAll(message, 'span.hb')) {
    let role: 'to' | 'cc' = 'to';
    const walker = treeWalker(line, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === 3) {
        if (/(?:^|[\s,;])b?cc\s*:/i.test(node.nodeValue ?? '') && !node.parentElement?.closest('[email]')) role = 'cc';
      } else if (node !== sender && (node as Element).hasAttribute('email')) {
        const email = normaliseEmail((node as Element).getAttribute('email') ?? '');
        if (email) (role === 'to' ? to : cc).push(email);
      }
    }
  }
  // `data-legacy-message-id` is the hex id Gmail's API and links use; `#msg-f:` the newer form.
  const ID_ATTRS = '[data-legacy-message-id], [data-message-id]';
  const holder = matches(message, ID_ATTRS) ? message : queryOne(message, ID_ATTRS);
  const id = holder?.getAttribute('data-legacy-message-id') ?? holder?.getAttribute('data-message-id') ?? undefined;
  const date = findFirst(message, OPEN_MESSAGE.gmailDate)?.getAttribute('title');
  return finish({
    messageId: id ? `gmail:${id}` : undefined,
    subject: textOf(findFirst(document, OPEN_MESSAGE.gmailSubject)) ?? '',
    from,
    to,
    cc,
    sentAt: isoOf(date, documentRoot(ownerDocumentOf(message))?.lang),
    body: withBody ? bodyText(findFirst(message, OPEN_MESSAGE.gmailBody)) : undefined,
  });
}

/**
 * Outlook opens a conversation with its newest message expanded; "newest on top" shows it first with
 * the older ones collapsed below (the same rule as the adapter's newest sender, outlook.ts).
 */
function readOutlook(document: Document, withBody: boolean): OpenMessage | null {
  const pane = findFirst(document, OPEN_MESSAGE.outlookPane);
  if (!pane) return null;
  const all = findAll(pane, OPEN_MESSAGE.outlookMessage);
  const isExpanded = (m: Element) => !!findFirst(m, OPEN_MESSAGE.outlookBody) || m.getAttribute('aria-expanded') === 'true';
  const expanded = all.filter(isExpanded);
  if (expanded.length === 0) return null;
  const newestOnTop = all.length > 1 && isExpanded(all[0]!) && !isExpanded(all[all.length - 1]!);
  const message = newestOnTop ? expanded[0]! : expanded[expanded.length - 1]!;

  // The sender is "From: Name <address>"; recipients are personas labelled with their address alone.
  // A link in the body is labelled the same way, but names no one the message was sent to.
  const labelled = [...queryAll(message, '[aria-label*="@"]')].filter((el) => !closest(el, MESSAGE_BODY));
  const senderNode = labelled.find((el) => /<[^>]*@[^>]*>/.test(el.getAttribute('aria-label') ?? ''));
  const from = senderNode ? extractEmails(senderNode.getAttribute('aria-label') ?? '', 1)[0] : undefined;
  if (!from) return null;
  const to: string[] = [];
  const cc: string[] = [];
  for (const el of labelled) {
    if (el === senderNode || senderNode?.contains(el)) continue;
    const email = normaliseEmail(el.getAttribute('aria-label') ?? '');
    if (!email) continue;
    // A well's label names its role in the UI's language ("To:", "An:", "Cc:"); Cc reads the same in all four.
    const well = el.closest('[aria-label]:not([aria-label*="@"])');
    ((well?.getAttribute('aria-label') ?? '').trim().toLowerCase().startsWith('cc') ? cc : to).push(email);
  }
  const header = queryOne(message, '[id^="ItemHeader_"]');
  const dated = queryOne(message, '[id$="_DATETIME"]');
  const itemId = header?.id.slice('ItemHeader_'.length) || dated?.id.slice(0, -'_DATETIME'.length) || undefined;
  const heading = queryOne(pane, '[role="heading"]');
  const subject = heading?.querySelector('[title]')?.getAttribute('title') ?? textOf(heading) ?? '';
  const date = textOf(queryOne(message, '[data-testid="SentReceivedSavedTime"]') ?? dated);
  return finish({
    messageId: itemId ? `outlook:${itemId}` : undefined,
    subject,
    from,
    to,
    cc,
    sentAt: isoOf(date, documentRoot(ownerDocumentOf(pane))?.lang),
    body: withBody ? bodyText(findFirst(message, OPEN_MESSAGE.outlookBody)) : undefined,
  });
}

function finish(message: OpenMessage): OpenMessage {
  const unique = (list: string[]) => [...new Set(list)].slice(0, MAX_PEOPLE);
  return {
    ...message,
    messageId: message.messageId?.slice(0, 200),
    subject: message.subject.replace(/\s+/g, ' ').trim().slice(0, MAX_SUBJECT_CHARS),
    to: unique(message.to),
    cc: unique(message.cc.filter((e) => !message.to.includes(e))),
  };
}

/**
 * The page shows local time in its own words. A numeric date is read in the page's order: day first
 * with dots (`Do 03.12.2026 16:05`), and with slashes unless the page is US English (`Thu 12/3/2026`,
 * `jue 03/12/2026`) — Date.parse would read every one of them month first, months off. Other forms
 * go to Date.parse, which reads the English ones; anything else leaves the time out (the rep's "now").
 */
function isoOf(text: string | null | undefined, lang = ''): string | undefined {
  if (!text) return undefined;
  const numeric = /(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?:\D+(\d{1,2}):(\d{2})\s*([AaPp][Mm])?)?/.exec(text);
  if (numeric) {
    const [, first, separator, second, year, hours = '0', minutes = '0', half] = numeric;
    const monthFirst = separator === '/' && /^en(-us)?$/i.test(lang);
    const [day, month] = monthFirst ? [Number(second), Number(first)] : [Number(first), Number(second)];
    const hour = (Number(hours) % 12) + (half && /p/i.test(half) ? 12 : half ? 0 : Number(hours) >= 12 ? 12 : 0);
    const at = new Date(Number(year), month - 1, day, hour, Number(minutes));
    // A day or month out of range rolls over in Date: not a date the page showed.
    return at.getDate() === day && at.getMonth() === month - 1 ? at.toISOString() : undefined;
  }
  const at = Date.parse(text.replace(/,(?=\s*\d{1,2}:\d{2})/, '').replace(/^\s*[A-Za-z]{2,3},?\s+(?=\d)/, ''));
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

/** The message's text without the quoted earlier messages Gmail folds under it, capped. */
function bodyText(element: Element | null): string | undefined {
  if (!element) return undefined;
  const copy = element.cloneNode(true) as Element;
  for (const quote of queryAll(copy, '.gmail_quote, blockquote, [id^="divRplyFwdMsg"]')) quote.remove();
  const text = ((copy as HTMLElement).innerText ?? copy.textContent ?? '').replace(/\n{3,}/g, '\n\n').trim();
  return text ? text.slice(0, MAX_BODY_CHARS) : undefined;
}
