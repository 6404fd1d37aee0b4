/**
 * Hostile pages: every generated payload written into the Gmail, Outlook and LinkedIn fixtures where
 * the page shows a person's name (and, on Gmail, into the subject and the address). Detection must
 * never throw, must return the name verbatim (as text, clipped to the schema limit), must find the
 * same people as on the clean page, must run nothing, and must not do more DOM work because of the
 * payload: work is counted in DOM queries, not timed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { detect } from '@/lib/detect';
import { readOpenMessage } from '@/lib/detect/open-message';
import { fixtures, parse } from '../detect/fixtures';
import { recordResult } from '../../hardening/support/results';
import { CLOBBERED, escapeHtml, expectedName, hostilePayloads } from './support/hostile';

// Parsing hundreds of whole fixture pages is CPU-bound: on a loaded 2-core machine it can pass 20 s.
// Nothing here measures time, so a longer limit only keeps load from failing it.
vi.setConfig({ testTimeout: 90_000 });

const PAYLOADS = hostilePayloads();
const PAGES = [
  { fixture: 'gmail-thread', name: 'Dana Whitfield', key: 'dana.whitfield@northwind.example' },
  { fixture: 'outlook-reading-de', name: 'Tomasz Nowak', key: 't.nowak@baufirma-nowak.example' },
  { fixture: 'linkedin-profile', name: 'Dana Whitfield', key: 'linkedin:dana-whitfield-8b2a1c' },
];

const QUERY_METHODS = ['querySelector', 'querySelectorAll', 'getElementsByTagName', 'getElementsByClassName', 'getElementById', 'closest', 'matches'];

/** The prototypes that really define each query method (happy-dom puts some on shared base classes). */
function queryOwners(): [object, string][] {
  const owners = new Set<string>();
  const found: [object, string][] = [];
  for (const start of [Element.prototype, Document.prototype, DocumentFragment.prototype]) {
    for (const method of QUERY_METHODS) {
      let proto: object | null = start;
      while (proto && !Object.getOwnPropertyDescriptor(proto, method)) proto = Object.getPrototypeOf(proto);
      if (!proto) continue;
      const id = `${proto.constructor.name}.${method}`;
      if (!owners.has(id)) {
        owners.add(id);
        found.push([proto, method]);
      }
    }
  }
  return found;
}

/** Counts DOM queries made through any document or element while `run` runs. */
function countQueries<T>(run: () => T): { result: T; queries: number } {
  let queries = 0;
  const restore: (() => void)[] = [];
  for (const [proto, method] of queryOwners()) {
    const own = Object.getOwnPropertyDescriptor(proto, method)!;
    const original = own.value as (...args: unknown[]) => unknown;
    Object.defineProperty(proto, method, {
      ...own,
      value(this: unknown, ...args: unknown[]) {
        queries++;
        return original.apply(this, args);
      },
    });
    restore.push(() => Object.defineProperty(proto, method, own));
  }
  try {
    return { result: run(), queries };
  } finally {
    restore.forEach((undo) => undo());
  }
}

function page(name: string) {
  const fixture = fixtures.find((f) => f.name === name);
  if (!fixture) throw new Error(`No fixture ${name}`);
  return fixture;
}

const pwned = () => (globalThis as { __pwned?: unknown }).__pwned;
beforeEach(() => {
  delete (globalThis as { __pwned?: unknown }).__pwned;
});
afterEach(() => expect(pwned()).toBeUndefined());

describe('hostile pages', () => {
  it(`has over 200 distinct payloads (${PAYLOADS.length})`, () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(200);
  });

  it.each(PAGES)('$fixture: every payload as the display name is found verbatim, with the same people, in bounded work', ({ fixture, name, key }) => {
    const { html, url } = page(fixture);
    const clean = countQueries(() => detect(parse(html), url));
    const cleanKeys = clean.result.candidates.map((c) => c.key);
    expect(cleanKeys).toContain(key);
    const failures: string[] = [];
    let maxQueries = 0;
    for (const payload of PAYLOADS) {
      const hostile = html.split(name).join(escapeHtml(payload.text));
      let detected;
      try {
        detected = countQueries(() => detect(parse(hostile), url));
      } catch (error) {
        failures.push(`${payload.kind} ${JSON.stringify(payload.text.slice(0, 60))}: threw ${String(error)}`);
        continue;
      }
      maxQueries = Math.max(maxQueries, detected.queries);
      const person = detected.result.candidates.find((c) => c.key === key);
      if (person?.name !== expectedName(payload.text)) {
        failures.push(`${payload.kind} ${JSON.stringify(payload.text.slice(0, 60))}: name ${JSON.stringify(person?.name?.slice(0, 80))}`);
      }
      if (JSON.stringify(detected.result.candidates.map((c) => c.key)) !== JSON.stringify(cleanKeys)) failures.push(`${payload.kind}: people changed`);
      if (detected.queries > clean.queries) failures.push(`${payload.kind}: ${detected.queries} DOM queries, clean page ${clean.queries}`);
    }
    recordResult(`hostile-${fixture}`, { tried: PAYLOADS.length, failures: failures.length, cleanQueries: clean.queries, maxQueries });
    expect(failures).toEqual([]);
  });

  it('gmail: payloads in the subject change nothing; payloads in an address never become a key', () => {
    const { html, url, candidates } = page('gmail-thread');
    // The subject and Li Wei's address both carry the payload; everyone else must be found as before.
    const expectedKeys = candidates.map((c) => c.key).filter((key) => key !== 'li.wei@contoso.example');
    const plausible = /^[^\s<>"'()\\,;:]+@[^\s<>"'()\\,;:@]+\.[^\s<>"'()\\,;:@]+$/u;
    for (const payload of PAYLOADS) {
      const hostile = html
        .split('Pilot pricing for Q1').join(escapeHtml(payload.text))
        .split('li.wei@contoso.example').join(escapeHtml(`${payload.text}@evil.example`));
      const keys = detect(parse(hostile), url).candidates.map((c) => c.key);
      expect(keys.filter((key) => expectedKeys.includes(key))).toEqual(expectedKeys);
      for (const key of keys) expect(key).toMatch(plausible);
    }
  });

  // happy-dom does not clobber `document.<name>` from named elements as browsers do, so each
  // clobbered name is defined on the document the way Chromium's named-property lookup answers it.
  // outlook-reading-text's header lines are text, read with a tree walker (outlook.ts, textSightings).
  const clobberPages = [...PAGES, { fixture: 'outlook-reading-text', key: 'ken.ito@tailspin.example' }];
  it.each(clobberPages)('$fixture: detection and "Log this email" survive DOM clobbering of every document property they might read', ({ fixture, key }) => {
    const { html, url } = page(fixture);
    const site = fixture.startsWith('gmail') ? 'gmail' : fixture.startsWith('outlook') ? 'outlook' : undefined;
    const failures: string[] = [];
    for (const name of CLOBBERED) {
      const document = parse(html);
      const form = document.createElement('form');
      form.setAttribute('name', name);
      document.body.append(form);
      Object.defineProperty(document, name, { configurable: true, get: () => form });
      try {
        const found = detect(document, url);
        if (!found.candidates.some((c) => c.key === key)) failures.push(`${name}: lost ${key}`);
        if (site && !readOpenMessage(document, site, true)?.from) failures.push(`${name}: no open message`);
      } catch (error) {
        failures.push(`${name}: threw ${String(error)}`);
      }
    }
    recordResult(`clobber-${fixture}`, { tried: CLOBBERED.length, failures });
    expect(failures).toEqual([]);
  });
});
