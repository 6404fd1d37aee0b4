/**
 * Hostile text, generated: markup and script in several syntaxes, javascript:/data: URLs, bidi
 * overrides and zero-width characters, and names of 10,000 characters — each base payload alone and
 * combined with the others, for well over 200 distinct payloads. A payload that would run sets
 * `globalThis.__pwned`, so "nothing executed" is checkable.
 */
const MARKUP = [
  '<script>globalThis.__pwned=1</script>',
  '<img src=x onerror="globalThis.__pwned=1">',
  '"><svg onload=globalThis.__pwned=1>',
  "'><iframe srcdoc=\"<script>parent.__pwned=1</script>\">",
  '</span></td></tr></table><a href="javascript:globalThis.__pwned=1">click</a>',
  '<math><mtext></form><form><mglyph><style></math><img src onerror=globalThis.__pwned=1>',
  '<style>*{display:none}</style>',
  '<!-- ', '-->', ']]>', '<![CDATA[x]]>',
  '<b onmouseover=globalThis.__pwned=1>bold</b>',
  '<input autofocus onfocus=globalThis.__pwned=1>',
  '<details open ontoggle=globalThis.__pwned=1>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>',
  '{{constructor.constructor("globalThis.__pwned=1")()}}',
  '${globalThis.__pwned=1}',
  '&lt;script&gt;', '&amp;amp;', '&#x3C;img src=x onerror=1&#x3E;',
  '<prospect-lens-sidebar></prospect-lens-sidebar>',
  '<div data-testid="prospect-card" data-prospect-key="evil@x.example">fake card</div>',
];
const URLS = [
  'javascript:globalThis.__pwned=1',
  'JaVaScRiPt:globalThis.__pwned=1',
  ' \tjavascript:globalThis.__pwned=1',
  'java\nscript:globalThis.__pwned=1',
  'data:text/html,<script>globalThis.__pwned=1</script>',
  'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+',
  'vbscript:msgbox(1)',
  '//evil.example/x',
  'http://evil.example/',
  'file:///etc/passwd',
];
const UNICODE = [
  '\u202Egnp.exe\u202C Dana',
  '\u2066Dana\u2069 \u2067Whitfield\u2069',
  'Da\u200Bna\u200D Whit\uFEFFfield',
  '\u200E\u200F\u061C mixed marks',
  'Z\u0335\u0321a\u0336\u0322l\u0337\u0323g\u0338\u0324o',
  'دانا وایتفیلد',
  '😀👩‍👩‍👧‍👦 family',
  '\uD83D lone surrogate',
  'tab\tand  spaces',
  'ＡＢＣ fullwidth',
];
const CLOBBER_NAMES = ['title', 'body', 'querySelector', 'querySelectorAll', 'documentElement', 'getElementById', 'location', 'cookie', 'forms', 'defaultView', 'createTreeWalker', 'implementation'];

const long = (unit: string) => unit.repeat(Math.ceil(10_000 / unit.length)).slice(0, 10_000);

/** 200+ distinct payloads; `kind` says which family each comes from (for the report). */
export function hostilePayloads(): { kind: string; text: string }[] {
  const out: { kind: string; text: string }[] = [];
  const add = (kind: string, text: string) => {
    if (!out.some((p) => p.text === text)) out.push({ kind, text });
  };
  for (const m of MARKUP) add('markup', m);
  for (const u of URLS) add('url', u);
  for (const u of UNICODE) add('unicode', u);
  for (const name of CLOBBER_NAMES) add('clobber-name', `<form name="${name}"><img name="${name}" id="${name}">`);
  // Combinations: markup wrapped in bidi and zero-width characters, and around a real-looking name.
  for (const m of MARKUP) {
    add('markup+bidi', `\u202E${m}\u202C`);
    add('markup+zero-width', m.split('').join('\u200B'));
    add('markup+name', `Dana ${m} Whitfield`);
  }
  for (const u of URLS) {
    add('url+name', `Dana <${u}>`);
    add('url+bidi', `\u202E${u}`);
  }
  for (const u of UNICODE) for (const m of MARKUP.slice(0, 6)) add('unicode+markup', `${u} ${m}`);
  for (const unit of ['A', '😀', '<b>', 'x\u200B', '\u202E', 'Dana ', '<script>globalThis.__pwned=1</script>']) add('10k', long(unit));
  return out;
}

/** Elements that clobber `document.<name>` in a browser (named properties override Document's own). */
export const CLOBBERED = CLOBBER_NAMES;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * What a detector must return for a name the page shows: the text itself, with markup whitespace
 * collapsed and trimmed, cut to 300 UTF-16 units without splitting a surrogate pair (the Candidate
 * limit). Everything else is kept: it is rendered as text.
 */
export function expectedName(text: string): string {
  let value = text.replace(/[ \t\n\r\f]+/g, ' ').trim();
  if (value.length > 300) {
    value = value.slice(0, 300);
    if (/[\uD800-\uDBFF]$/.test(value)) value = value.slice(0, -1);
    value = value.trimEnd();
  }
  return value;
}
