import { extractEmails, normaliseEmail } from './email';

/*
 * A header line written as text: `Jonas Berg <jonas@fabrikam.example>; li@contoso.example`.
 * Outlook separates recipients with ";" (a display name may hold a comma: "Berg, Jonas"), so the
 * line is split on ";" first; a part without a bracketed address gives its bare addresses.
 */

export interface ListedPerson {
  email: string;
  name?: string;
}

const BRACKETED = /^(.*?)<([^<>]+)>\s*$/su;

export function parseAddressList(text: string, limit = 50): ListedPerson[] {
  const people: ListedPerson[] = [];
  for (const part of text.split(/[;；]/u)) {
    const bracketed = BRACKETED.exec(part.trim());
    const email = bracketed && normaliseEmail(bracketed[2] ?? '');
    if (bracketed && email) {
      const name = (bracketed[1] ?? '').trim().replace(/^["']|["']$/gu, '').trim();
      people.push(name ? { email, name } : { email });
    } else {
      for (const bare of extractEmails(part, limit)) people.push({ email: bare });
    }
    if (people.length >= limit) break;
  }
  return people.slice(0, limit);
}
