/**
 * Every language is complete and says the same things as English (docs/architecture.md, "Languages"):
 * the same keys, the same placeholders, every plural category the language needs; and the UI shows no
 * English literal of its own, nor do the errors and import reasons lib/ words for it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFINITIONS } from '@/lib/connectors/definitions';
import type { MessageEntry } from '@/lib/i18n';

type Messages = Record<string, MessageEntry>;

const LOCALES = 'public/_locales';
const read = (language: string): Messages => JSON.parse(readFileSync(join(LOCALES, language, 'messages.json'), 'utf8')) as Messages;
const english = read('en');
const languages = readdirSync(LOCALES).filter((name) => name !== 'en');

/**
 * The connectors' own English strings (docs/architecture.md, "How to add a CRM"): Options reads them from
 * the browser first, so the other languages translate them in their files; English keeps them in the
 * definition.
 */
const connectorEnglish: Messages = Object.assign({}, ...DEFINITIONS.map((d) => ('messages' in d ? d.messages : {}) as Messages));
const englishAll: Messages = { ...english, ...connectorEnglish };

/** Base names of counted messages: those with a `_one` form in English (`event_other` alone is not one). */
const pluralBases = Object.keys(english)
  .filter((key) => key.endsWith('_one'))
  .map((key) => key.slice(0, -'_one'.length));

/** The `$NAME$` tokens a message uses, lower-cased as placeholders are named; `$$` is an escaped dollar. */
const tokens = (message: string) => [...new Set([...message.replace(/\$\$/g, '').matchAll(/\$(\w+)\$/g)].map((m) => m[1]!.toLowerCase()))].sort();
const categories = (language: string) => new Intl.PluralRules(language).resolvedOptions().pluralCategories;

describe('the languages shipped', () => {
  it('are English, German, French and Spanish', () => {
    expect(['en', ...languages].sort()).toEqual(['de', 'en', 'es', 'fr']);
  });

  it('English has both forms of every counted message, and every placeholder it uses is declared', () => {
    expect(pluralBases.length).toBeGreaterThan(10);
    for (const base of pluralBases) expect(english, base).toHaveProperty(`${base}_other`);
    for (const [key, entry] of Object.entries(english)) {
      expect(tokens(entry.message), key).toEqual(Object.keys(entry.placeholders ?? {}).sort());
    }
  });

  it('the connectors have strings of their own, and none of them clashes with a shared key', () => {
    expect(Object.keys(connectorEnglish).length).toBeGreaterThan(20);
    expect(Object.keys(connectorEnglish).filter((key) => key in english)).toEqual([]);
  });

  it('the manifest names only keys English has', () => {
    const config = readFileSync('wxt.config.ts', 'utf8');
    const used = [...config.matchAll(/__MSG_(\w+)__/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(3);
    for (const key of used) expect(english, key).toHaveProperty(key);
  });
});

describe.each(languages)('%s', (language) => {
  const messages = read(language);
  const needed = categories(language);

  it('names itself in messagesLocale, the language lib/i18n.ts formats in', () => {
    expect(messages.messagesLocale?.message).toBe(language);
  });

  it('has every key English has, the connectors\' own strings included', () => {
    expect(Object.keys(englishAll).filter((key) => !(key in messages))).toEqual([]);
  });

  it('has no key English lacks, except the plural categories the language needs', () => {
    const extra = Object.keys(messages).filter((key) => !(key in englishAll));
    const allowed = (key: string) => {
      const match = /^(.*)_(zero|two|few|many)$/.exec(key);
      return !!match && pluralBases.includes(match[1]!) && needed.includes(match[2] as Intl.LDMLPluralRule);
    };
    expect(extra.filter((key) => !allowed(key))).toEqual([]);
  });

  it('has every plural category the language needs for every counted message', () => {
    const missing = pluralBases.flatMap((base) => needed.map((category) => `${base}_${category}`)).filter((key) => !(key in messages));
    expect(missing).toEqual([]);
  });

  it('keeps the placeholders of English exactly', () => {
    const differ: string[] = [];
    for (const [key, entry] of Object.entries(messages)) {
      const source = englishAll[key] ?? english[key.replace(/_(zero|two|few|many)$/, '_other')]!;
      if (JSON.stringify(entry.placeholders ?? {}) !== JSON.stringify(stripped(source.placeholders))) differ.push(`${key} (declared)`);
      if (tokens(entry.message).join() !== tokens(source.message).join()) differ.push(`${key} (used)`);
    }
    expect(differ).toEqual([]);
  });

  it('translates: no message of two or more words reads as in English', () => {
    // Placeholders and the product's name stay; "Version", "Options", "30 d" may too (one word or less).
    const words = (message: string) => message.replace(/\$\w+\$|Prospect Lens/g, '').match(/\p{L}{3,}/gu) ?? [];
    const same = Object.keys(englishAll).filter((key) => messages[key]?.message === englishAll[key]!.message && words(englishAll[key]!.message).length > 1);
    expect(same).toEqual([]);
  });
});

/** Placeholders as compared: their content only (examples and descriptions are for translators). */
function stripped(placeholders: MessageEntry['placeholders']): Record<string, { content: string }> {
  return Object.fromEntries(Object.entries(placeholders ?? {}).map(([name, p]) => [name, { content: p.content }]));
}

describe('the components', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : []));

  it('render no English literal: JSX text and labelling attributes come from keys', () => {
    const literals: string[] = [];
    for (const file of files('components')) {
      const source = readFileSync(file, 'utf8').replace(/\{\/\*[\s\S]*?\*\/\}/g, '');
      // JSX text: between a tag's end and the next tag, outside braces, with a word in it. Code that the
      // pattern catches between generics (`<A>…<B>`) holds `;`, `=`, `(` or `&&`, which JSX text here never does.
      for (const m of source.matchAll(/>([^<>{}]*[A-Za-z]{2,}[^<>{}]*)</g)) {
        const text = m[1]!.trim();
        if (text && !/[;=(&]/.test(text)) literals.push(`${file}: ${text}`);
      }
      for (const m of source.matchAll(/\b(aria-label|title|placeholder|alt|label)="([^"]*[A-Za-z]{2,}[^"]*)"/g)) {
        // An example domain ("acme.com") is the same in every language.
        if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(m[2]!)) literals.push(`${file}: ${m[1]}="${m[2]}"`);
      }
    }
    expect(literals).toEqual([]);
  });

  it('would catch a literal (the scan is not blind)', () => {
    const sample = '<p class="x">Nothing here</p><span aria-label="Close">{t(\'x\')}</span>';
    expect([...sample.matchAll(/>([^<>{}]*[A-Za-z]{2,}[^<>{}]*)</g)].map((m) => m[1])).toEqual(['Nothing here']);
  });
});

/**
 * What lib/ words for the rep (docs/architecture.md, "Languages"): source and sync errors, connection
 * tests, the background's refusals and failures, reminders, import reasons. They come from keys; a literal sentence in one of the
 * places such words are made is English that no other language would see translated.
 */
describe('the words lib/ builds for the rep', () => {
  const SCANNED = ['lib/sources', 'lib/background', 'lib/import', 'lib/sync'];
  // Not for the rep: fake servers for tests, the connectors' Options definitions (their own messages,
  // checked above), the text written into the CRM's records, and the guard's refusals of forged messages.
  const EXEMPT = /\/mock[^/]*\.ts$|\/definition\.ts$|\/raw\.ts$|lib\/sources\/action-text\.ts$|lib\/background\/(guard|diagnostics)\.ts$/;
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

  /** A quoted literal with at least two words in it: a sentence, not a code or a key. */
  const SENTENCE = String.raw`(['"\`])(?=[^'"\`]*[A-Za-z]{2,}[ ,:;][^'"\`]*[A-Za-z]{2,})[^'"\`]*\1`;
  const PATTERNS = [
    // new SourceError('auth', 'Some words'), new RowRejected('…'), new ImportFormatError('…')
    new RegExp(String.raw`new (?:SourceError|AccessNotGranted)\(\s*'[a-z-]+',\s*${SENTENCE}`, 'g'),
    new RegExp(String.raw`new (?:RowRejected|ImportFormatError)\(\s*${SENTENCE}`, 'g'),
    // the background's refusals the router hands to the rep: new MessageError('forbidden', 'Some words')
    new RegExp(String.raw`new (?:MessageError|ActionRefused|UserFacingError)\(\s*'[a-z-]+',\s*${SENTENCE}`, 'g'),
    // { error: '…' } outcomes, { message: '…' } test results and replies, ServiceWords' auth/forbidden, reasons
    new RegExp(String.raw`\b(?:error|message|warning|auth|forbidden|reason|problem):\s*${SENTENCE}`, 'g'),
    // what a connection test answers: return 'Connected' (the method test( or test:, not a call like ID.test()
    /(?<![.\w])test\s*[:(][\s\S]{0,1500}?\breturn\s+(['"`])[A-Z][a-z]+[^'"`]*\1/g,
  ];

  const literalsIn = (source: string) =>
    PATTERNS.flatMap((pattern) => [...source.replace(/^\s*(\/\/|\*|\/\*).*$/gm, '').matchAll(pattern)].map((m) => m[0].slice(-80)));

  it('are keys, not English literals', () => {
    const scanned = SCANNED.flatMap(files).filter((file) => !EXEMPT.test(file));
    expect(scanned.length).toBeGreaterThan(40);
    const literals = scanned.flatMap((file) => literalsIn(readFileSync(file, 'utf8')).map((text) => `${file}: ${text}`));
    expect(literals).toEqual([]);
  });

  it('would catch one (the scan is not blind)', () => {
    const sample = [
      "throw new SourceError('auth', 'Some English text');",
      'return { kind: \'fatal\', error: `No contact for ${key}` };',
      "test: async () => { await ping(); return 'Connected'; },",
      "throw new RowRejected(`${column} is not a date`);",
      "throw new MessageError('forbidden', 'Not a person shown in this tab');",
      "throw new SourceError('auth', t('srcError_hubspotAuth'));",
      "checks.refuse('importReason_notDate', 'occurred_at', clip(raw));",
    ].join('\n');
    expect(literalsIn(sample)).toHaveLength(5);
  });
});

/**
 * The connectors' settings schemas (lib/sources/<crm>/definition.ts, the address rules they share in
 * lib/model/address.ts, lib/connectors): the messages a form shows when a value is invalid are message
 * keys, worded where they are shown (`schemaIssueText`), never English sentences.
 */
describe("the connectors' schema messages", () => {
  const definitionFiles = readdirSync('lib/sources', { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join('lib/sources', e.name, 'definition.ts'));
  const FILES = [...definitionFiles, 'lib/model/address.ts', ...readdirSync('lib/connectors').map((name) => join('lib/connectors', name))];

  /** The source without comments and without a definition's `messages: { … }` table (its English, checked above). */
  function schemaCode(source: string): string {
    let code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const start = code.search(/\bmessages:\s*\{/);
    if (start >= 0) {
      let depth = 0;
      let end = code.indexOf('{', start);
      for (; end < code.length; end++) {
        if (code[end] === '{') depth++;
        else if (code[end] === '}' && --depth === 0) break;
      }
      code = code.slice(0, start) + code.slice(end + 1);
    }
    return code;
  }

  const QUOTED = String.raw`(['"\`])((?:(?!\1).)*)\1`;
  /** `{ message: '…' }` / `{ error: '…' }` (refine, regex, addIssue), zod's string shorthand `.min(1, '…')`, a `…_MESSAGE = '…'` constant. */
  const PATTERNS = [
    new RegExp(String.raw`\b(?:message|error):\s*${QUOTED}`, 'g'),
    new RegExp(String.raw`\.(?:refine|regex|min|max|length|email|url|startsWith|endsWith|includes|nonempty)\([^()]*?,\s*${QUOTED}`, 'g'),
    new RegExp(String.raw`\b[A-Z_]*MESSAGE\s*=\s*${QUOTED}`, 'g'),
  ];
  const messagesIn = (source: string) => PATTERNS.flatMap((pattern) => [...schemaCode(source).matchAll(pattern)].map((m) => m[2]!));
  const isKey = (text: string) => /^[a-z][A-Za-z]*_[A-Za-z_]+$/.test(text);

  it('are message keys, each with English (the shared file or the connector\'s own) and so in every language', () => {
    expect(definitionFiles.length).toBeGreaterThanOrEqual(4);
    const found = FILES.flatMap((file) => messagesIn(readFileSync(file, 'utf8')).map((text) => ({ file, text })));
    expect(found.length).toBeGreaterThanOrEqual(8);
    expect(found.filter(({ text }) => !isKey(text)).map(({ file, text }) => `${file}: ${text}`)).toEqual([]);
    expect(found.filter(({ text }) => !(text in englishAll)).map(({ file, text }) => `${file}: ${text}`)).toEqual([]);
  });

  it('would catch an English literal (the scan is not blind)', () => {
    const sample = [
      "baseUrl: ServiceUrl.refine(isX, { message: 'Use the right address' }),",
      "id: z.string().regex(/^\\d+$/, { message: 'hubspot_portalIdInvalid' }),",
      "name: z.string().min(1, 'Say a name'),",
      "const PRIVATE_HOST_MESSAGE = 'This is private: confirm it';",
      "ctx.addIssue({ code: 'custom', message: `Not ${what}`, path: [path] });",
      "messages: { hubspot_help: { message: 'HubSpot private apps (for the token)' } },",
    ].join('\n');
    expect(messagesIn(sample).filter((text) => !isKey(text)).sort()).toEqual(['Not ${what}', 'Say a name', 'This is private: confirm it', 'Use the right address']);
  });
});
