#!/usr/bin/env node
/**
 * `npm run bench`: builds the extension into bench/.build, measures it in headless Chromium and writes
 * bench/results/<date>.json and .md. Not part of `npm test`; see bench/README.md.
 *
 * Options: --runs N (page-cost runs per side, default 15), --build DIR (measure an existing unpacked
 * Chrome build instead of building), --only a,b (suites: sizes,page,detection,sidebar,import,lookup;
 * the other suites' figures are kept from today's results file, if there is one), --full (write the
 * 1M-event data set even when it does not fit the 10-minute run), --source DIR (measure another
 * copy of the project, e.g. an older commit exported with `git archive`, with node_modules linked in:
 * its build and its lib/ in the bench pages), --note TEXT (kept in the results and shown in the report).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { assertBackgroundAnswers, launchBrowser } from './lib/browser.mjs';
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
const LOOKUP_RESERVE_MS = 20_000;

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    build: { type: 'string' },
    only: { type: 'string' },
    full: { type: 'boolean', default: false },
    source: { type: 'string' },
    note: { type: 'string' },
  },
});
const suites = new Set(args.only ? args.only.split(',') : ALL);
const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

const sourceRoot = args.source ? resolve(args.source) : PROJECT_ROOT;
const bundle = (entry) => bundlePage(entry, sourceRoot);

function git(...argv) {
  try {
    return execFileSync('git', ['--no-optional-locks', ...argv], { cwd: sourceRoot, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

async function buildExtension() {
  if (args.build) return args.build;
  const outDir = join(BENCH_DIR, '.build', 'extension');
  log('building the extension…');
  execFileSync(process.execPath, [join(sourceRoot, 'scripts', 'build-to.mjs'), outDir], { cwd: sourceRoot, stdio: 'inherit' });
  return join(outDir, 'chrome-mv3');
}

const date = new Date().toISOString().slice(0, 10);
const outDir = join(BENCH_DIR, 'results');
const jsonPath = join(outDir, `${date}.json`);
/** With --only, today's earlier figures for the other suites stay in the file. */
const earlier = args.only && existsSync(jsonPath) ? JSON.parse(readFileSync(jsonPath, 'utf8')) : {};

const results = {
  ...earlier,
  date,
  startedAt: new Date().toISOString(),
  machine: {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGB: totalmem() / 2 ** 30,
    os: `${type()} ${release()}`,
    node: process.versions.node,
    loadStart: loadavg(),
    // A run of suites that launch no browser (--only sizes) keeps the browser the other figures saw.
    ...(earlier.machine?.chromium ? { chromium: earlier.machine.chromium } : {}),
  },
  build: args.source
    ? { commit: git('rev-parse', '--short', 'HEAD') || `copy ${basename(sourceRoot)}`, dirty: false }
    : { commit: git('rev-parse', '--short', 'HEAD') || 'unknown', dirty: git('status', '--porcelain').length > 0 },
  errors: [],
  /** Per suite: when it ran and the load average before and after, since a merged file mixes runs. */
  suiteRuns: { ...earlier.suiteRuns },
  notes: [...(earlier.notes ?? []), ...(args.note ? [args.note] : [])],
};

/** Runs one suite; a failure is recorded in the results and the other suites still run. */
async function suite(name, key, work) {
  if (!suites.has(name)) return;
  log(`${name}…`);
  const run = { at: new Date().toISOString(), build: results.build, loadBefore: loadavg() };
  delete results[key];
  try {
    results[key] = await work();
  } catch (error) {
    log(`${name} failed: ${error.stack ?? error}`);
    results.errors.push(`${name}: ${error.message ?? error}`);
  }
  results.suiteRuns[key] = { ...run, seconds: (Date.now() - Date.parse(run.at)) / 1000, loadAfter: loadavg() };
}

const extensionDir = await buildExtension();
await suite('sizes', 'sizes', () => bundleSizes(extensionDir));

if (['page', 'detection', 'sidebar'].some((s) => suites.has(s))) {
  const withExt = await launchBrowser({ extensionDir });
  const without = await launchBrowser();
  results.machine.chromium = `Chromium ${withExt.version}`;
  try {
    await assertBackgroundAnswers(withExt);
    await suite('page', 'pageCost', () => pageCost({ withExt, without, runs: Number(args.runs), log }));
    const detectBundle = await bundle('detect-entry.ts');
    await suite('detection', 'detection', () => detection({ withExt, without, detectBundle, log }));
    // Last in this browser: it imports known people into the extension's store.
    await suite('sidebar', 'sidebar', () => sidebar({ withExt, log }));
  } catch (error) {
    // Nothing measured: drop what an earlier run today had for these suites rather than keep it unmarked.
    for (const [name, key] of [['page', 'pageCost'], ['detection', 'detection'], ['sidebar', 'sidebar']]) if (suites.has(name)) delete results[key];
    log(`extension suites skipped: ${error.message}`);
    results.errors.push(`extension suites (page, detection, sidebar) skipped: ${error.message}`);
  } finally {
    await withExt.close();
    await without.close();
  }
}

if (suites.has('import') || suites.has('lookup')) {
  const plain = await launchBrowser();
  results.machine.chromium ??= `Chromium ${plain.version}`;
  try {
    await suite('import', 'import', async () => importBench({ browser: plain, bundle: await bundle('import-entry.ts'), workerBundle: await bundle('import-worker-entry.ts'), log }));
    const deadline = args.full ? Infinity : started + RUN_LIMIT_MS - LOOKUP_RESERVE_MS;
    await suite('lookup', 'lookup', async () => lookup({ browser: plain, bundle: await bundle('store-entry.ts'), deadline, log }));
  } finally {
    await plain.close();
  }
}

results.machine.loadEnd = loadavg();
results.totalSeconds = (Date.now() - started) / 1000;
mkdirSync(outDir, { recursive: true });
const json = rounded(results);
writeFileSync(jsonPath, JSON.stringify(json, null, 2) + '\n');
writeFileSync(join(outDir, `${date}.md`), markdown(json));
log(`wrote bench/results/${results.date}.json and .md`);
if (results.errors.length) process.exitCode = 1;
