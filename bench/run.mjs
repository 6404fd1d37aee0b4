#!/usr/bin/env node
/**
 * `npm run bench`: builds the extension into bench/.build, measures it in headless Chromium and writes
 * bench/results/<date>.json and .md. Not part of `npm test`; see bench/README.md.
 *
 * Options: --runs N (page-cost runs per side, default 15), --build DIR (measure an existing unpacked
 * Chrome build instead of building), --only a,b (suites: sizes,page,detection,sidebar,import,lookup),
 * --full (write the 1M-event data set even when it does not fit the 10-minute run).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from './lib/browser.mjs';
import { bundlePage } from './lib/bundle.mjs';
import { BENCH_DIR, PROJECT_ROOT } from './lib/paths.mjs';
import { markdown } from './lib/report.mjs';
import { rounded } from './lib/stats.mjs';
import { detection } from './suites/detection.mjs';
import { importBench } from './suites/import.mjs';
import { lookup } from './suites/lookup.mjs';
import { pageCost } from './suites/page-cost.mjs';
import { sidebar } from './suites/sidebar.mjs';
import { bundleSizes } from './suites/sizes.mjs';

const ALL = ['sizes', 'page', 'detection', 'sidebar', 'import', 'lookup'];
/** The whole run must end within 10 minutes; the 1M-event set is written only if it fits before this. */
const RUN_LIMIT_MS = 10 * 60_000;
/** Kept for the lookups themselves and the report once writing stops. */
const LOOKUP_RESERVE_MS = 45_000;

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    build: { type: 'string' },
    only: { type: 'string' },
    full: { type: 'boolean', default: false },
  },
});
const suites = new Set(args.only ? args.only.split(',') : ALL);
const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

function git(...argv) {
  try {
    return execFileSync('git', ['--no-optional-locks', ...argv], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

async function buildExtension() {
  if (args.build) return args.build;
  const outDir = join(BENCH_DIR, '.build', 'extension');
  log('building the extension…');
  execFileSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'build-to.mjs'), outDir], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  return join(outDir, 'chrome-mv3');
}

const results = {
  date: new Date().toISOString().slice(0, 10),
  startedAt: new Date().toISOString(),
  machine: {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGB: totalmem() / 2 ** 30,
    os: `${type()} ${release()}`,
    node: process.versions.node,
    loadStart: loadavg(),
  },
  build: { commit: git('rev-parse', '--short', 'HEAD') || 'unknown', dirty: git('status', '--porcelain').length > 0 },
  errors: [],
};

/** Runs one suite; a failure is recorded in the results and the other suites still run. */
async function suite(name, key, work) {
  if (!suites.has(name)) return;
  log(`${name}…`);
  try {
    results[key] = await work();
  } catch (error) {
    log(`${name} failed: ${error.stack ?? error}`);
    results.errors.push(`${name}: ${error.message ?? error}`);
  }
}

const extensionDir = await buildExtension();
await suite('sizes', 'sizes', () => bundleSizes(extensionDir));

if (['page', 'detection', 'sidebar'].some((s) => suites.has(s))) {
  const withExt = await launchBrowser({ extensionDir });
  const without = await launchBrowser();
  results.machine.chromium = `Chromium ${withExt.version}`;
  try {
    await suite('page', 'pageCost', () => pageCost({ withExt, without, runs: Number(args.runs), log }));
    const detectBundle = await bundlePage('detect-entry.ts');
    await suite('detection', 'detection', () => detection({ withExt, without, detectBundle, log }));
    // Last in this browser: it imports known people into the extension's store.
    await suite('sidebar', 'sidebar', () => sidebar({ withExt, log }));
  } finally {
    await withExt.close();
    await without.close();
  }
}

if (suites.has('import') || suites.has('lookup')) {
  const plain = await launchBrowser();
  results.machine.chromium ??= `Chromium ${plain.version}`;
  try {
    await suite('import', 'import', async () => importBench({ browser: plain, bundle: await bundlePage('import-entry.ts'), log }));
    const deadline = args.full ? Infinity : started + RUN_LIMIT_MS - LOOKUP_RESERVE_MS;
    await suite('lookup', 'lookup', async () => lookup({ browser: plain, bundle: await bundlePage('store-entry.ts'), deadlineFor: () => deadline, log }));
  } finally {
    await plain.close();
  }
}

results.machine.loadEnd = loadavg();
results.totalSeconds = (Date.now() - started) / 1000;
const outDir = join(BENCH_DIR, 'results');
mkdirSync(outDir, { recursive: true });
const json = rounded(results);
writeFileSync(join(outDir, `${results.date}.json`), JSON.stringify(json, null, 2) + '\n');
writeFileSync(join(outDir, `${results.date}.md`), markdown(json));
log(`wrote bench/results/${results.date}.json and .md`);
if (results.errors.length) process.exitCode = 1;
