/**
 * Mutated CRM answers, generated from the recorded good ones: each field of a contact set to markup,
 * to the wrong JSON type or removed; the envelope broken; the JSON truncated; bodies over the size
 * cap; HTML error pages; answers slower than the timeout. Markup mutants carry MARK so a test can
 * tell "the CRM's own text, shown as text" from "wrong data".
 */
export const MARK = 'ZZMARKZZ';

export interface Mutant {
  kind: string;
  status?: number;
  body: string;
  contentType?: string;
  delayMs?: number;
}

type Json = Record<string, unknown>;
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Every way to break one value: markup (kept as text), wrong types, or gone. */
function fieldMutants(set: (root: Json, value: unknown) => void, remove: (root: Json) => void, base: Json, label: string): Mutant[] {
  const values: [string, unknown][] = [
    ['html', `<img src=x onerror=alert(1)>${MARK}</b>`],
    ['script', `<script>alert(1)</script>${MARK}`],
    ['number', 31337],
    ['bool', true],
    ['array', [MARK]],
    ['object', { value: MARK }],
    ['null', null],
  ];
  const out = values.map(([kind, value]) => {
    const root = clone(base);
    set(root, value);
    return { kind: `${label}:${kind}`, body: JSON.stringify(root) };
  });
  const root = clone(base);
  remove(root);
  out.push({ kind: `${label}:missing`, body: JSON.stringify(root) });
  return out;
}

/** Breaks the whole answer rather than one field. */
function envelopeMutants(good: string): Mutant[] {
  const out: Mutant[] = [
    { kind: 'envelope:array', body: `[${good}]` },
    { kind: 'envelope:string', body: JSON.stringify(good) },
    { kind: 'envelope:null', body: 'null' },
    { kind: 'envelope:empty-object', body: '{}' },
    { kind: 'envelope:empty', body: '' },
    { kind: 'html-page:200', body: '<!doctype html><title>Login</title><form action=/login><input name=password></form>', contentType: 'text/html' },
    { kind: 'html-page:500', status: 500, body: '<html><body><h1>500</h1><script>alert(1)</script></body></html>', contentType: 'text/html' },
    { kind: 'html-page:502', status: 502, body: '<html>Bad gateway</html>', contentType: 'text/html' },
    { kind: 'wrong-content-type', body: good, contentType: 'text/plain' },
    { kind: 'huge:3MB-json', body: `{"results":[],"padding":"${'x'.repeat(3 * 1024 * 1024)}"}` },
    { kind: 'huge:3MB-garbage', body: 'A'.repeat(3 * 1024 * 1024) },
    { kind: 'slow:over-timeout', body: good, delayMs: 1_500 },
    { kind: 'bom-prefixed', body: `\uFEFF${good}` },
    { kind: 'nul-bytes', body: good.replace(/"/, '"\u0000') },
  ];
  for (let i = 1; i <= 24; i++) out.push({ kind: `truncated:${i}/25`, body: good.slice(0, Math.floor((good.length * i) / 25)) });
  return out;
}

/** HubSpot `contacts/batch/read`: every contact property, the id, the list, the envelope. */
export function hubspotMutants(good: Json): Mutant[] {
  const props = Object.keys((good.results as Json[])[0]!.properties as Json);
  const out: Mutant[] = [];
  for (const prop of props) {
    out.push(...fieldMutants(
      (root, value) => (((root.results as Json[])[0]!.properties as Json)[prop] = value),
      (root) => delete ((root.results as Json[])[0]!.properties as Json)[prop],
      good,
      `properties.${prop}`,
    ));
  }
  for (const field of ['id', 'properties']) {
    out.push(...fieldMutants((root, value) => ((root.results as Json[])[0]![field] = value), (root) => delete (root.results as Json[])[0]![field], good, `results[0].${field}`));
  }
  out.push(...fieldMutants((root, value) => (root.results = value), (root) => delete root.results, good, 'results'));
  out.push({ kind: 'results[0].id:too-long', body: JSON.stringify({ ...good, results: [{ ...(good.results as Json[])[0], id: '9'.repeat(5_000) }] }) });
  out.push(...envelopeMutants(JSON.stringify(good)));
  return out;
}

/** Mautic `GET /api/contacts?where…`: every field of `fields.all`, the contact, the keyed list. */
export function mauticMutants(good: Json): Mutant[] {
  const contactOf = (root: Json) => Object.values(root.contacts as Json)[0] as Json;
  const all = Object.keys((contactOf(good).fields as Json).all as Json);
  const out: Mutant[] = [];
  for (const field of all) {
    out.push(...fieldMutants(
      (root, value) => (((contactOf(root).fields as Json).all as Json)[field] = value),
      (root) => delete ((contactOf(root).fields as Json).all as Json)[field],
      good,
      `fields.all.${field}`,
    ));
  }
  for (const field of ['id', 'points', 'stage', 'owner', 'fields']) {
    out.push(...fieldMutants((root, value) => (contactOf(root)[field] = value), (root) => delete contactOf(root)[field], good, `contact.${field}`));
  }
  out.push(...fieldMutants((root, value) => (root.contacts = value), (root) => delete root.contacts, good, 'contacts'));
  out.push(...envelopeMutants(JSON.stringify(good)));
  return out;
}
