// @vitest-environment node
/**
 * Supply chain, on the builds scripts/test-hardening.mjs just made (PROSPECT_LENS_HARDENING_BUILD,
 * holding chrome-mv3 and firefox-mv3): no bundle loads remote code or evaluates strings by name,
 * the built manifests have exactly the reviewed reach, and web-ext lint finds 0 errors.
 * (Zod's JIT compiles through an aliased Function constructor a grep cannot see; that it never runs
 * is proven at run time, under the real CSP, by e2e/csp-secrets.e2e.test.ts.)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestSurface, type ManifestLike } from './support/manifest-surface';
import { recordResult } from './support/results';

const BUILD = process.env.PROSPECT_LENS_HARDENING_BUILD;
const ROOT = new URL('../..', import.meta.url).pathname;
const snapshot = JSON.parse(readFileSync(join(ROOT, 'tests/unit/hardening/manifest.snapshot.json'), 'utf8')) as Record<string, unknown>;

/** Code that loads or evaluates code: none of it may appear in what ships. */
const FORBIDDEN: [string, RegExp][] = [
  ['importScripts', /\bimportScripts\s*\(/],
  ['eval', /(?<![\w$.])eval\s*\(/],
  ['new Function', /\bnew\s+Function\s*\(/],
  ['Function(...)', /(?<![\w$.])Function\s*\(\s*["'`]/],
  ['string timer', /\bset(?:Timeout|Interval)\s*\(\s*["'`]/],
  ['remote import()', /\bimport\s*\(\s*["'`](?:https?:)?\/\//],
  ['remote script tag', /<script[^>]+src\s*=\s*["']?(?:https?:)?\/\//i],
  ['script element src', /\.src\s*=\s*["'`]https?:/],
  ['document.write', /\bdocument\.write(?:ln)?\s*\(/],
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe.skipIf(!BUILD)('supply chain (built extension)', () => {
  it.each(['chrome-mv3', 'firefox-mv3'])('%s: no remote code loading and no string evaluation in any bundle', (target) => {
    const dir = join(BUILD!, target);
    const code = files(dir).filter((path) => /\.(js|mjs|html)$/.test(path));
    const found: string[] = [];
    for (const path of code) {
      const text = readFileSync(path, 'utf8');
      for (const [name, pattern] of FORBIDDEN) if (pattern.test(text)) found.push(`${relative(dir, path)}: ${name}`);
      // Extension pages may only load their own scripts.
      if (path.endsWith('.html')) for (const src of text.matchAll(/<script[^>]*src="([^"]+)"/g)) if (!src[1]!.startsWith('/')) found.push(`${relative(dir, path)}: script ${src[1]}`);
    }
    recordResult(`bundle-${target}`, { files: code.length, patterns: FORBIDDEN.length, found });
    expect(code.length).toBeGreaterThan(5);
    expect(found).toEqual([]);
  });

  it.each([['chrome-mv3', 'chrome'], ['firefox-mv3', 'firefox']])('%s: the built manifest has exactly the reviewed reach', (target, browser) => {
    const manifest = JSON.parse(readFileSync(join(BUILD!, target, 'manifest.json'), 'utf8')) as ManifestLike;
    expect(manifestSurface(manifest)).toEqual(snapshot[browser]);
  });

  it('web-ext lint: 0 errors on the Firefox build', () => {
    const bin = join(ROOT, 'node_modules', '.bin', 'web-ext');
    const run = spawnSync(bin, ['lint', '--source-dir', join(BUILD!, 'firefox-mv3'), '--output', 'json', '--no-config-discovery'], { encoding: 'utf8', cwd: ROOT });
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as { count: number; summary: { errors: number; warnings: number; notices: number }; errors: { code: string; message: string }[]; warnings: { code: string; message: string }[] };
    recordResult('web-ext-lint', { ...report.summary, warningCodes: report.warnings.map((w) => w.code) });
    expect(report.errors.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
  }, 120_000);
});
