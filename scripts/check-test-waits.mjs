#!/usr/bin/env node
/**
 * Proves that production builds cannot run on the e2e test build's shortened waits (lib/test-waits.ts).
 * The switch is a build-time constant, and a test build sets a global (TEST_WAITS_GLOBAL) as soon as
 * its background starts; in a production build that branch is dead code and is dropped, so the global's
 * name appears in no file of the build. This script checks exactly that on each production build given,
 * and, so the check cannot pass by looking for the wrong thing, that the name does appear in the test
 * build's background: in background.js or a chunk it imports (Rollup moves lib/test-waits.ts into a
 * shared chunk once a page or the import worker uses it too).
 *
 * Usage: node scripts/check-test-waits.mjs --test TEST_BUILD_DIR PRODUCTION_BUILD_DIR...
 * Exit 1 when a production build carries the shortened waits or the test build lacks them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closure } from '../bench/suites/sizes.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The global's name, read from the source so the two never drift apart. */
function marker() {
  const source = readFileSync(join(ROOT, 'lib', 'test-waits.ts'), 'utf8');
  const found = /export const TEST_WAITS_GLOBAL = '([^']+)'/.exec(source);
  if (!found) throw new Error('lib/test-waits.ts no longer declares TEST_WAITS_GLOBAL as a string literal.');
  return found[1];
}

/** Every file under `dir` (relative paths) whose text contains `needle`. */
function filesContaining(dir, needle, prefix = '') {
  const hits = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) hits.push(...filesContaining(path, needle, `${prefix}${name}/`));
    else if (readFileSync(path).includes(needle)) hits.push(`${prefix}${name}`);
  }
  return hits;
}

const args = process.argv.slice(2);
const testIndex = args.indexOf('--test');
if (testIndex < 0 || !args[testIndex + 1] || args.length < 3) {
  console.error('usage: node scripts/check-test-waits.mjs --test TEST_BUILD_DIR PRODUCTION_BUILD_DIR...');
  process.exit(2);
}
const testBuild = args[testIndex + 1];
const productionBuilds = args.filter((_, i) => i !== testIndex && i !== testIndex + 1);
const needle = marker();
let failed = 0;

const inTest = filesContaining(testBuild, needle);
const background = new Set(closure(testBuild, ['background.js']).files);
const inBackground = inTest.filter((file) => background.has(file));
if (inBackground.length > 0) {
  console.log(`test build ${testBuild}: shortened waits present (${inBackground.join(', ')}, loaded by background.js), as expected`);
} else {
  console.log(`test build ${testBuild}: no shortened waits in background.js or the chunks it loads — this check would prove nothing`);
  failed++;
}
for (const dir of productionBuilds) {
  const hits = filesContaining(dir, needle);
  if (hits.length === 0) console.log(`production build ${dir}: no shortened waits`);
  else {
    console.log(`production build ${dir}: CARRIES THE TEST BUILD'S SHORTENED WAITS in ${hits.join(', ')}`);
    failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
