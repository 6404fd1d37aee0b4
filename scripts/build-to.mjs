#!/usr/bin/env node
/**
 * Builds the extension into another folder, so several people (or benchmark runs) can build and test
 * at once without overwriting each other's `.output/`. Usage: node scripts/build-to.mjs DIR [chrome|firefox]
 * The build lands in DIR/chrome-mv3 (or DIR/firefox-mv3).
 */
import { resolve } from 'node:path';
import { build } from 'wxt';

const [dir, browser = 'chrome'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node scripts/build-to.mjs DIR [chrome|firefox]');
  process.exit(2);
}
await build({ outDir: resolve(dir), browser, logLevel: 1 });
