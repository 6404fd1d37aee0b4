#!/usr/bin/env node
/**
 * The layering of docs/architecture.md ("Layers"), checked: every import in entrypoints/, components/
 * and lib/ is resolved to a project path or a package, and refused when it crosses a boundary. Type-only
 * imports are allowed across boundaries (they vanish at build time and pull no code into a bundle).
 *
 * A small scanner rather than dependency-cruiser: the versions of it that run on Node 20 parse
 * TypeScript through the `typescript` package's compiler API, which TypeScript 7 no longer ships.
 *
 * Exit code 1 with one line per violation; `--list` prints every import edge instead.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['entrypoints', 'components', 'lib'];

/** [who (path prefix, or a pattern), may not import (path prefixes or package names), why] */
export const RULES = [
  ['lib/', ['components/', 'entrypoints/'], 'lib is below the UI and the wiring'],
  ['lib/model/', ['lib/store/', 'lib/background/', 'lib/sources/', 'lib/sync/', 'lib/messaging.ts', 'lib/detect/', 'lib/identity/', 'lib/content/', 'wxt/browser', 'lib/connectors/registry.ts', 'lib/connectors/connector.ts'], 'schemas know nothing of storage, messaging or pages'],
  ['lib/connectors/', ['lib/store/', 'lib/background/', 'lib/messaging.ts', 'lib/detect/', 'lib/content/', 'wxt/browser'], 'the registries are model (definitions) and connectors, not the services that use them'],
  [/^lib\/sources\/[^/]+\/definition\.ts$/, ['lib/store/', 'lib/background/', 'lib/sync/', 'lib/messaging.ts', 'lib/sources/http.ts', 'lib/sources/credentialed-fetch.ts', 'wxt/browser'], 'a connector definition is model: every context imports it'],
  ['lib/store/', ['lib/background/', 'lib/sources/', 'lib/sync/', 'lib/messaging.ts', 'lib/detect/', 'lib/content/'], 'repositories know nothing of messages or pages'],
  ['lib/sync/', ['lib/background/', 'lib/messaging.ts', 'lib/detect/', 'lib/content/'], 'the outbox does not speak the message protocol'],
  ['lib/background/', ['lib/detect/', 'components/'], 'the worker has no DOM: page readers stay out of it'],
  ['entrypoints/background.ts', ['lib/detect/', 'components/'], 'the worker has no DOM: page readers stay out of it'],
  ['lib/identity/', ['lib/store/', 'lib/background/', 'lib/detect/', 'lib/content/', 'wxt/browser'], 'key rules are pure'],
  ['lib/detect/', ['lib/store/', 'lib/background/', 'lib/sources/', 'lib/sync/', 'lib/import/', 'lib/model/zod.ts', 'zod'], 'page readers run in the page: no storage, no zod'],
  ['lib/content/', ['lib/store/', 'lib/background/', 'lib/sources/', 'lib/sync/', 'lib/import/', 'lib/model/zod.ts', 'zod'], 'the content script reads no storage and ships no zod'],
  ['entrypoints/content', ['lib/store/', 'lib/background/', 'lib/sources/', 'lib/sync/', 'lib/import/', 'lib/model/zod.ts', 'zod'], 'the content script reads no storage and ships no zod'],
  ['components/', ['lib/background/'], 'UI talks to the background with messages'],
  ['entrypoints/popup/', ['lib/background/'], 'UI talks to the background with messages'],
  ['entrypoints/options/', ['lib/background/'], 'UI talks to the background with messages'],
  ['entrypoints/sidepanel/', ['lib/background/'], 'UI talks to the background with messages'],
  ['entrypoints/welcome/', ['lib/background/'], 'UI talks to the background with messages'],
  ['components/popup/', ['components/options/'], 'each page has its own components; shared ones live in components/forms'],
  ['components/onboarding/', ['components/options/'], 'each page has its own components; shared ones live in components/forms'],
  ['components/card/', ['components/options/', 'components/popup/'], 'the card is shared by the sidebar and side panel'],
];

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (/\.(ts|tsx|mts)$/.test(name) && !/\.d\.ts$/.test(name)) out.push(path);
  }
  return out;
}

const EXTENSIONS = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'];

function resolveSpecifier(from, specifier) {
  let base;
  if (specifier.startsWith('@/')) base = join(ROOT, specifier.slice(2));
  else if (specifier.startsWith('.')) base = resolve(dirname(from), specifier);
  else return { package: specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier };
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    try {
      if (statSync(candidate).isFile()) return { path: relative(ROOT, candidate) };
    } catch {
      // try the next extension
    }
  }
  return { path: relative(ROOT, base) };
}

/** Import edges of one file, without `import type` / `export type` ones. */
export function importsOf(text) {
  const found = [];
  const statement = /^\s*(import|export)\s+(type\s+)?([^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const match of text.matchAll(statement)) {
    if (match[2]) continue; // type-only
    const clause = match[3] ?? '';
    // `import { type A, type B } from` is type-only too.
    const names = /\{([^}]*)\}/.exec(clause)?.[1];
    if (names && !/^\s*\*|\w+\s*,\s*\{/.test(clause) && names.split(',').every((n) => !n.trim() || n.trim().startsWith('type '))) continue;
    found.push(match[4]);
  }
  for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1]);
  return found;
}

export function violations() {
  const problems = [];
  const edges = [];
  for (const dir of SOURCES) {
    for (const file of walk(join(ROOT, dir))) {
      const from = relative(ROOT, file);
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        const target = resolveSpecifier(file, specifier);
        const to = target.path ?? target.package;
        edges.push(`${from} -> ${to}`);
        for (const [who, forbidden, why] of RULES) {
          if (typeof who === 'string' ? !from.startsWith(who) : !who.test(from)) continue;
          const hit = forbidden.find((f) => (target.path ? target.path.startsWith(f) : target.package === f || specifier === f));
          if (hit) problems.push(`${from} imports ${to}: ${why}`);
        }
      }
    }
  }
  return { problems, edges };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { problems, edges } = violations();
  if (process.argv.includes('--list')) console.log(edges.join('\n'));
  for (const problem of problems) console.error(problem);
  console.log(problems.length === 0 ? `Import boundaries: ${edges.length} imports, none crossing a boundary.` : `Import boundaries: ${problems.length} violation(s).`);
  process.exit(problems.length === 0 ? 0 : 1);
}
