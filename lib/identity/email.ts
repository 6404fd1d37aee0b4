import { domainToUnicode } from './punycode';

/*
 * Email addresses as keys: lower-cased, domain in Unicode NFC (Punycode labels decoded), plus-tags
 * kept (baseAddress() gives the address without one, for matching). Extraction is deliberately
 * stricter than RFC 5322: it must find addresses in prose and page text without picking up
 * things that merely look like one (`icon@2x.png`, `user@localhost`, `v1.2@3.4`).
 */

// Lengths (local part <= 64, label <= 63, domain <= 253) are checked in code, not with bounded
// quantifiers, and letters beyond ASCII are listed by Unicode block instead of `\p{L}`: V8 spent
// about 15 ms compiling each of these patterns with property classes, on the content script's first
// scan, and under 1 ms with block ranges. The blocks leave out punctuation, spaces, bidi and
// zero-width controls, and symbols, so a quote or an arrow after an address is not part of it
// (U+1680, the one space inside these blocks, is cut out of them).
const WORLD =
  '\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0300-\\u036F\\u0370-\\u167F\\u1681-\\u1FFF\\u2C00-\\u2DFF\\u2E80-\\u2FDF' +
  '\\u3040-\\u9FFF\\uA000-\\uD7FF\\uF900-\\uFDFF\\uFE70-\\uFEFE\\uFF10-\\uFF19\\uFF21-\\uFF3A\\uFF41-\\uFF5A' +
  '\\uFF66-\\uFFDC\\u{10000}-\\u{1EFFF}\\u{20000}-\\u{3FFFF}';
const ALNUM = `A-Za-z0-9${WORLD}`;

// A quoted local part (`"john..doe"@example.com`): anything but quotes and line breaks, escapes
// allowed. Matched so that prose like `"x y"@z.example` is read as one thing, not as `y"@z.example`;
// normaliseEmail then refuses the forms no key may hold (a space, a second "@").
const QUOTED = '"(?:[^"\\\\\\r\\n]|\\\\[^\\r\\n])+"';
// Characters allowed in an unquoted local part (RFC 5322 atext, plus letters for internationalised mail).
const ATEXT = `[${ALNUM}!#$%&'*+/=?^_\`{|}~-]`;
const LABEL = `[${ALNUM}](?:[${ALNUM}-]*[${ALNUM}])?`;
// Not followed by more domain: a match never stops in the middle of a longer name.
const DOMAIN = `(?:${LABEL}\\.)+${LABEL}(?![${ALNUM}-]|\\.[${ALNUM}])`;

// In text, an unquoted local part starts with a letter, digit or underscore, so quotes and brackets
// around an address in prose (`'dana@x.com'`) stay outside it, and it may not continue a longer
// token. The lookahead (an "@" within 64 characters) bounds the work at each position, so a long
// run of address-like punctuation cannot make matching quadratic.
const LOCAL_IN_TEXT = `(?:${QUOTED}|[${ALNUM}_](?=[^@\\s]{0,63}@)${ATEXT}*(?:\\.${ATEXT}+)*)`;
const EMAIL_IN_TEXT = new RegExp(`(?<![${ALNUM}_.+-])${LOCAL_IN_TEXT}@${DOMAIN}`, 'gu');
// A whole value (an attribute, a label) may start its local part with any atext character.
const EMAIL_EXACT = new RegExp(`^(?:${QUOTED}|${ATEXT}+(?:\\.${ATEXT}+)*)@${DOMAIN}$`, 'u');

/**
 * What neither half of a key may contain (the Candidate schema's PERSON_KEY, lib/model/prospect.ts):
 * whitespace of any kind, or an "@" besides the one between them. A quoted local part can hold both
 * (`"john doe"@x.example`, `"a@b"@x.example`), a decoded `xn--` label a Unicode space; such an
 * address is left out rather than sent as a key the background refuses.
 */
const NOT_IN_KEY = /[\s@]/u;

/** Top-level "domains" that are really file extensions: `logo@2x.png` is an image, not a person. */
const FILE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif', 'ico', 'bmp', 'css', 'js', 'ts', 'json', 'map', 'html', 'pdf']);

/** Longest text scanned for addresses: a selection or a page region, never a whole novel. */
const MAX_SCAN = 100_000;

function validDomain(domain: string): boolean {
  if (domain.length > 253) return false;
  const labels = domain.split('.');
  const tld = labels[labels.length - 1] ?? '';
  if (labels.length < 2 || tld.length < 2 || /^\d+$/.test(tld) || FILE_EXTENSIONS.has(tld)) return false;
  return labels.every((l) => l.length > 0 && l.length <= 63 && !l.startsWith('-') && !l.endsWith('-'));
}

/**
 * The key form of one address, or null when the text is not exactly one plausible address.
 * Accepts the forms a page or a selection gives: surrounding whitespace, `mailto:`, angle brackets,
 * quotes and trailing sentence punctuation (`<dana@acme.com>.`).
 */
export function normaliseEmail(raw: string): string | null {
  let text = raw.trim().replace(/^mailto:/i, '');
  text = text.replace(/^[\s<([{'‘“]+/u, '').replace(/[\s>)\]}'’”".,;:!?]+$/u, '');
  // An address in quotes lost its closing quote above; an opening one left alone is not a quoted local part.
  if (text.startsWith('"') && !text.includes('"', 1)) text = text.slice(1);
  if (text.length > 320 || !EMAIL_EXACT.test(text)) return null;
  const at = text.lastIndexOf('@');
  const local = text.slice(0, at).normalize('NFC').toLowerCase();
  const domain = domainToUnicode(text.slice(at + 1).toLowerCase()).normalize('NFC').toLowerCase();
  if (local.length > 64 || NOT_IN_KEY.test(local) || NOT_IN_KEY.test(domain) || !validDomain(domain)) return null;
  return `${local}@${domain}`;
}

/** Every distinct address in a text, normalised, in order of first appearance. */
export function extractEmails(text: string, limit = 200): string[] {
  const found = new Set<string>();
  for (const match of text.slice(0, MAX_SCAN).matchAll(EMAIL_IN_TEXT)) {
    const email = normaliseEmail(match[0]);
    if (email) found.add(email);
    if (found.size >= limit) break;
  }
  return [...found];
}

/** The address without its plus-tag (`dana+news@acme.com` → `dana@acme.com`), for matching. */
export function baseAddress(email: string): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const plus = local.indexOf('+');
  if (local.startsWith('"') || plus <= 0) return email;
  return `${local.slice(0, plus)}${email.slice(at)}`;
}

/**
 * What the rep's own address is compared by (lib/detect, filterCandidates): the address without its
 * plus-tag, and for Gmail's two domains also without dots and under gmail.com, since Gmail delivers
 * `Dana.Whitfield@googlemail.com` and `danawhitfield+x@gmail.com` to `dana.whitfield@gmail.com`. Other
 * domains keep their dots (`a.lice@x.com` is someone else): this is never a person's key.
 */
export function selfKey(email: string): string {
  const base = baseAddress(email);
  const at = base.lastIndexOf('@');
  return /^(?:gmail|googlemail)\.com$/.test(base.slice(at + 1)) ? `${base.slice(0, at).replace(/\./g, '')}@gmail.com` : base;
}

/** The domain part of a normalised address. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}
