#!/usr/bin/env node
/**
 * The size budgets (docs/architecture.md, "What the content script carries") checked on a build: what a
 * mail or LinkedIn tab gets at start (the content script) ≤ 25 KB gzip; everything injected into it
 * (with the sidebar script that comes once someone is found) ≤ 35 KB gzip; the background ≤ 120 KB gzip.
 * Usage: node scripts/check-size.mjs [buildDir] (default .output/chrome-mv3). Exit 1 over budget.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSizes, SIZE_BUDGETS_GZIP, SIZE_LABELS } from '../bench/suites/sizes.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const buildDir = process.argv[2] ?? join(ROOT, '.output', 'chrome-mv3');
const sizes = bundleSizes(buildDir);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
let over = 0;
for (const [surface, label] of Object.entries(SIZE_LABELS)) {
  const { gzip, files } = sizes[surface];
  const budget = SIZE_BUDGETS_GZIP[surface];
  const within = budget === undefined || gzip <= budget;
  if (!within) over++;
  const limit = budget === undefined ? 'counted in the total' : `budget ${kb(budget)}${within ? '' : ' — OVER BUDGET'}`;
  const which = files.length <= 2 ? ` (${files.join(', ')})` : '';
  console.log(`${label}: ${kb(gzip)} gzip in ${files.length} file(s)${which}, ${limit}`);
}
// The sidebar script borrows the start-up script's sender (lib/content/sidebar-loader.ts): a module that
// imports lib/messaging, or anything else that reaches webextension-polyfill, would bring a second copy
// (about 3 KB gzip) into every tab that shows the sidebar. The polyfill's own start-up check names it.
const POLYFILL_MARK = 'This script should only be loaded in a browser extension.';
for (const file of sizes.contentSidebar.files) {
  if (readFileSync(join(buildDir, file), 'utf8').includes(POLYFILL_MARK)) {
    over++;
    console.log(`${file} carries webextension-polyfill: the sidebar script must use the content script's sender`);
  }
}
process.exit(over === 0 ? 0 : 1);
