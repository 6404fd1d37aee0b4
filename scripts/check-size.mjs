#!/usr/bin/env node
/**
 * The size budgets (docs/architecture.md, "Layers") checked on a build: everything injected into a mail or LinkedIn tab
 * (the content script with every chunk it imports) ≤ 35 KB gzip, the background ≤ 120 KB gzip.
 * Usage: node scripts/check-size.mjs [buildDir] (default .output/chrome-mv3). Exit 1 over budget.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleSizes, SIZE_BUDGETS_GZIP } from '../bench/suites/sizes.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const buildDir = process.argv[2] ?? join(ROOT, '.output', 'chrome-mv3');
const sizes = bundleSizes(buildDir);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
let over = 0;
for (const [surface, budget] of Object.entries(SIZE_BUDGETS_GZIP)) {
  const { gzip, files } = sizes[surface];
  const within = gzip <= budget;
  if (!within) over++;
  console.log(`${surface}: ${kb(gzip)} gzip in ${files.length} file(s), budget ${kb(budget)}${within ? '' : ' — OVER BUDGET'}`);
}
process.exit(over === 0 ? 0 : 1);
