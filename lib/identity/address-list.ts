import { extractEmails, normaliseEmail } from './email';

/*
 * A header line written as text: `Jonas Berg <jonas@fabrikam.example>; li@contoso.example`.
 * Display names are the senders' to choose and are shown without their quotes, so the line is split
 * on ";" and "," only outside quotes and angle brackets, and a piece with no address at all ("Berg"
 * of "Berg, Jonas <jonas@…>") is the start of the next piece's name. A piece without a bracketed
 * address gives its bare addresses.
 */

export interface ListedPerson {
  email: string;
  name?: string;
}

const BRACKETED = /^(.*?)<([^<>]+)>\s*$/su;

function listed(name: string, email: string): ListedPerson {
  const clean = name.trim().replace(/^["']|["']$/gu, '').trim();
  return clean ? { email, name: clean } : { email };
}

/** The line cut after each separator outside `"…"` and `<…>`, separators kept (a name may need them back). */
function pieces(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  let bracketed = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' && !bracketed) quoted = !quoted;
    else if (c === '<' && !quoted) bracketed = true;
    else if (c === '>' && !quoted) bracketed = false;
    else if (!quoted && !bracketed && (c === ';' || c === ',' || c === '；' || c === '，')) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

export function parseAddressList(text: string, limit = 50): ListedPerson[] {
  const people: ListedPerson[] = [];
  let carried = '';
  for (const piece of pieces(text)) {
    const part = carried + piece;
    const bracketed = BRACKETED.exec(part.trim().replace(/[;,；，]$/u, ''));
    const email = bracketed && normaliseEmail(bracketed[2] ?? '');
    const bare = email ? [] : extractEmails(part, limit);
    carried = email || bare.length > 0 ? '' : part;
    if (email) people.push(listed(bracketed[1] ?? '', email));
    for (const address of bare) people.push({ email: address });
    if (people.length >= limit) break;
  }
  return people.slice(0, limit);
}

/**
 * A From line names one person: the last bracketed address, everything before its "<" the name, so
 * `ceo@bigcorp.example; Eve <eve@attacker.example>` is Eve (whose display name that is). Without
 * brackets, the line's bare addresses.
 */
export function parseSender(text: string): ListedPerson[] {
  let last: RegExpMatchArray | undefined;
  for (const match of text.matchAll(/<([^<>]+)>/gu)) if (normaliseEmail(match[1] ?? '')) last = match;
  const email = last && normaliseEmail(last[1] ?? '');
  return last && email ? [listed(text.slice(0, last.index ?? 0), email)] : parseAddressList(text);
}
