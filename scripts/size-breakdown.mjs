#!/usr/bin/env node
/**
 * What each source module weighs in the scripts injected into a mail or LinkedIn tab
 * (docs/architecture.md, "What the content script carries"). Builds the extension with sourcemaps into
 * DIR (default /tmp/prospect-lens-size-breakdown), then reads each injected script's map: every byte of
 * the minified output is charged to the source module its mapping segment points at.
 * Usage: node scripts/size-breakdown.mjs [DIR] [chrome|firefox] [--top N]
 *
 * gzip per module is the module's bytes compressed on their own: it overstates small modules (no
 * shared dictionary), so it ranks modules; the budget figure stays scripts/check-size.mjs's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'wxt';
import { bundleSizes } from '../bench/suites/sizes.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--top');
const topIndex = process.argv.indexOf('--top');
const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 40;
const [dir = '/tmp/prospect-lens-size-breakdown', browser = 'chrome'] = positional;

await build({ root: ROOT, outDir: resolve(dir), browser, logLevel: 1, vite: () => ({ build: { sourcemap: true } }) });
const buildDir = join(resolve(dir), `${browser}-mv3`);

const B64 = Object.fromEntries([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));

/** Decodes one segment's base64 VLQ fields (source map v3). */
function vlq(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const digit = B64[c];
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** Bytes of `code` per source of `map`, keyed by a readable module name. */
function charge(code, map, into) {
  const lines = code.split('\n');
  let source = 0;
  map.mappings.split(';').forEach((line, row) => {
    const text = lines[row] ?? '';
    let column = 0;
    const segments = line ? line.split(',').map(vlq) : [];
    segments.forEach((fields, i) => {
      column += fields[0];
      if (fields.length > 1) source += fields[1];
      const end = i + 1 < segments.length ? column + segments[i + 1][0] : text.length;
      const name = fields.length > 1 ? moduleName(map.sources[source]) : '(unmapped)';
      into.set(name, (into.get(name) ?? '') + text.slice(column, end));
    });
    if (segments.length === 0) into.set('(unmapped)', (into.get('(unmapped)') ?? '') + text);
  });
}

function moduleName(source) {
  const path = source.replace(/^(\.\.\/)+/, '/').replace(/^\/?work\/[^/]+\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + 'node_modules/'.length).split('/');
    return `npm:${parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  return relative(ROOT, resolve(ROOT, path.replace(/^\//, '')));
}

const sizes = bundleSizes(buildDir);
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
for (const [label, { files }] of Object.entries({ "start-up": sizes.content, sidebar: sizes.contentSidebar })) {
  const perModule = new Map();
  for (const file of files) {
    const mapPath = join(buildDir, `${file}.map`);
    if (!file.endsWith('.js') || !existsSync(mapPath)) continue;
    charge(readFileSync(join(buildDir, file), 'utf8'), JSON.parse(readFileSync(mapPath, 'utf8')), perModule);
  }
  const rows = [...perModule].map(([name, text]) => ({ name, raw: Buffer.byteLength(text), gzip: gzipSync(text, { level: 9 }).length }));
  rows.sort((a, b) => b.raw - a.raw);
  const total = rows.reduce((sum, r) => sum + r.raw, 0);
  console.log(`\n${label}: ${files.join(', ')} (${kb(total)} raw)`);
  console.log('      raw   gzip alone  module');
  for (const r of rows.slice(0, top)) console.log(`${kb(r.raw).padStart(10)} ${kb(r.gzip).padStart(11)}  ${r.name}`);
  if (rows.length > top) console.log(`  … ${rows.length - top} more`);
}
