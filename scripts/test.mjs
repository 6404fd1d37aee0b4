#!/usr/bin/env node
/**
 * `npm test`: the unit tests (vitest, happy-dom), then the end-to-end tests, which load the built
 * extension into real headless Chromium, and the same scenarios in real headless Firefox (ESR in CI)
 * against `wxt build -b firefox` (.output/firefox-mv3).
 *
 * Every vitest run also writes a JSON report; the counts from all of them end the output as one line,
 * `N passed, N failed` (`, N skipped` when any were skipped), which is what CI reads. The exit code is
 * non-zero when anything failed, including a build or a missing browser: browser tests are never
 * skipped quietly.
 *
 * Before the unit tests, the import boundaries (scripts/check-boundaries.mjs); after the Chrome build,
 * the size budgets (scripts/check-size.mjs); after each production build, that it has no shortened
 * waits (scripts/check-test-waits.mjs). Each counts as one test in the summary.
 *
 * Each browser is built once per run for production, into .output/, and everything after reuses that
 * build: the size budgets, the Firefox suite, and in CI the hardening suite and web-ext lint (.ci/run).
 * The Chromium suite runs on a test build of Chrome instead (into a temporary folder), which divides
 * the sync engine's deliberate waits by 10 (lib/test-waits.ts) so the fault tests need not sit through
 * a minute of HubSpot settle; scripts/check-test-waits.mjs proves, as one more counted check, that the
 * production builds carry none of it. The production builds and their checks run beside the Chromium
 * suite, their output held back and printed whole when they end, so the two never interleave; the Firefox
 * suite follows them in that lane, beside the Chromium suite too (PROSPECT_LENS_TEST_OVERLAP_FIREFOX=0 runs
 * it after the Chromium suite, PROSPECT_LENS_TEST_SERIAL=1 overlaps nothing). See docs/testing.md for the
 * measurements.
 *
 * Flags: --unit-only, --e2e-only (both browsers), --firefox-only. CHROMIUM_PATH and FIREFOX_PATH pick
 * the browsers; PROSPECT_LENS_TEST_REPORTS=<dir> keeps the JSON reports.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium, ensureFirefox } from './ensure-browser.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'node_modules', '.bin');
const BUILD_DIR = join(ROOT, '.output', 'chrome-mv3');
const FIREFOX_BUILD_DIR = join(ROOT, '.output', 'firefox-mv3');
const FLAGS = ['--unit-only', '--e2e-only', '--firefox-only'];
const USAGE = `usage: node scripts/test.mjs [${FLAGS.join(' | ')}]`;

function parseFlags(argv) {
  const flags = new Set(argv);
  for (const flag of flags) {
    if (!FLAGS.includes(flag)) throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  if (flags.size > 1) throw new Error(`${FLAGS.join(', ')} exclude each other\n${USAGE}`);
  const only = [...flags][0];
  return {
    unit: only === undefined || only === '--unit-only',
    e2e: only === undefined || only === '--e2e-only',
    firefox: only === undefined || only === '--e2e-only' || only === '--firefox-only',
  };
}

/**
 * Runs a program and resolves with its exit code. Its output goes to the terminal, or, with `held`,
 * into that array (as chunks of stdout and stderr in order) to be printed later in one piece.
 */
function run(program, args, env = process.env, held = undefined) {
  return new Promise((resolve) => {
    const child = spawn(program, args, { cwd: ROOT, stdio: held ? ['ignore', 'pipe', 'pipe'] : 'inherit', env });
    if (held) {
      // FORCE_COLOR keeps vitest's colours although the output is a pipe, as it would be on a terminal.
      child.stdout.on('data', (chunk) => held.push(chunk));
      child.stderr.on('data', (chunk) => held.push(chunk));
    }
    child.on('error', (error) => {
      const message = `could not start ${program}: ${error.message}\n`;
      if (held) held.push(message);
      else process.stderr.write(message);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

function emptyCounts() {
  return { passed: 0, failed: 0, skipped: 0 };
}

/**
 * Counts from vitest's JSON report. A file that fails before any test runs (an import error, a failing
 * beforeAll) has no failed test but did fail, so it counts as one; so does a run that exits non-zero
 * with nothing marked failed (unhandled errors) or without writing a report at all.
 */
function countsFromReport(reportPath, exitCode) {
  const counts = emptyCounts();
  let report;
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8'));
  } catch {
    counts.failed = 1;
    return counts;
  }
  counts.passed = report.numPassedTests;
  counts.failed = report.numFailedTests;
  counts.skipped = report.numPendingTests + report.numTodoTests;
  for (const file of report.testResults) {
    const anyTestFailed = file.assertionResults.some((test) => test.status === 'failed');
    if (file.status === 'failed' && !anyTestFailed) counts.failed += 1;
  }
  if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

async function vitest(label, configArgs, reportDir, env, held) {
  const reportPath = join(reportDir, `${label}.json`);
  const args = ['run', ...configArgs, '--passWithNoTests', '--reporter=default', '--reporter=json',
    `--outputFile.json=${reportPath}`];
  const exitCode = await run(join(BIN, 'vitest'), args, env, held);
  return countsFromReport(reportPath, exitCode);
}

async function timed(phases, name, work) {
  const started = performance.now();
  try {
    return await work();
  } finally {
    phases.push(`${name} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

/**
 * Builds one browser. The production build (`wxt build`, into .output/<browser>-mv3) is what the size
 * budgets, the Firefox suite and, in CI, the hardening suite and web-ext lint check; it is built with
 * PROSPECT_LENS_TEST_WAITS removed from the environment, so it can never carry the shortened waits.
 * With `testDir`, the Chromium e2e build with the shortened waits of lib/test-waits.ts, into
 * `testDir`/chrome-mv3. Resolves with the exit code.
 */
function build(phases, browser, { held, testDir } = {}) {
  if (testDir) {
    const env = { ...process.env, PROSPECT_LENS_TEST_WAITS: '1' };
    const args = [join(ROOT, 'scripts', 'build-to.mjs'), testDir, browser];
    return timed(phases, `build ${browser} (test waits)`, () => run(process.execPath, args, env, held));
  }
  const { PROSPECT_LENS_TEST_WAITS: _ignored, ...env } = process.env;
  const args = browser === 'firefox' ? ['build', '-b', 'firefox'] : ['build'];
  return timed(phases, `build ${browser}`, () => run(join(BIN, 'wxt'), args, env, held));
}

/** Prints what a stage held back, under a heading, in one piece. */
function release(heading, held) {
  console.log(`\n${heading}`);
  for (const chunk of held) process.stdout.write(chunk);
  held.length = 0;
}

/** A script that is one check: exit 0 counts one passed test, anything else one failure. */
async function check(script, args, held) {
  const code = await run(process.execPath, [join(ROOT, 'scripts', script), ...args], process.env, held);
  return code === 0 ? { ...emptyCounts(), passed: 1 } : { ...emptyCounts(), failed: 1 };
}

function sum(results) {
  return results.reduce(
    (total, counts) => ({
      passed: total.passed + counts.passed,
      failed: total.failed + counts.failed,
      skipped: total.skipped + counts.skipped,
    }),
    emptyCounts(),
  );
}

/** The Chromium suite on the test build (`built` is its build's exit code). */
async function runEndToEnd(phases, reportDir, built, testDir) {
  try {
    const chromium = ensureChromium();
    console.log(`\nEnd-to-end tests in ${chromium}`);
  } catch (error) {
    console.error(`\n${error.message}`);
    return { ...emptyCounts(), failed: 1 };
  }
  if (built !== 0) {
    console.error('\nThe Chrome test build failed: the end-to-end tests did not run.');
    return { ...emptyCounts(), failed: 1 };
  }
  // Tells the e2e global setup that the build is fresh, so it does not build a second time.
  const env = { ...process.env, PROSPECT_LENS_E2E_BUILD: join(testDir, 'chrome-mv3') };
  return timed(phases, 'e2e', () => vitest('e2e', ['--config', 'vitest.e2e.config.ts'], reportDir, env));
}

/** The import layering of docs/architecture.md: one check, counted as one test. */
async function checkBoundaries() {
  return check('check-boundaries.mjs', []);
}

/**
 * The production builds and what checks them: with `chrome`, the Chrome build, its size budgets and the
 * proof that it carries none of the test build's shortened waits (each one check); with `firefox`, the
 * Firefox build, the same proof on it, and a copy of the Firefox build's exit code for the Firefox suite.
 * Output goes to `held` when given. Resolves with the counts and whether the Firefox build succeeded.
 */
async function buildProduction({ chrome, firefox, testDir }, phases, held) {
  const say = (line) => (held ? held.push(`${line}\n`) : console.log(line));
  const results = [];
  if (chrome) {
    if ((await build(phases, 'chrome', { held })) !== 0) {
      say('wxt build failed: the size budgets and the production-waits check did not run.');
      results.push({ ...emptyCounts(), failed: 2 });
    } else {
      // The size budgets are a check like any test: over budget counts as a failure.
      results.push(await check('check-size.mjs', [BUILD_DIR], held));
      results.push(await check('check-test-waits.mjs', ['--test', join(testDir, 'chrome-mv3'), BUILD_DIR], held));
    }
  }
  let firefoxBuilt = false;
  if (firefox) {
    firefoxBuilt = (await build(phases, 'firefox', { held })) === 0;
    // The Firefox build is checked for the test build's waits too, when there is a test build.
    if (firefoxBuilt && chrome) results.push(await check('check-test-waits.mjs', ['--test', join(testDir, 'chrome-mv3'), FIREFOX_BUILD_DIR], held));
  }
  return { counts: sum(results), firefoxBuilt };
}

/**
 * The Firefox suite on the production Firefox build; output to `held` when given, which means it runs
 * beside the Chromium suite. There it runs one test process, not the two it runs alone: the two browser
 * suites together asked for more than the 2 cores, and the waiting both browsers do costs CPU for as long
 * as it lasts, so the overlap cost more CPU than the second Firefox saved in time. Measured in four
 * alternating `npm test` runs: 409 and 415 s, 763 and 774 s of CPU, with one; 465 and 429 s, 882 and
 * 805 s of CPU, with two (docs/testing.md, "Session 30"). PROSPECT_LENS_E2E_WORKERS, when set, decides.
 */
async function runFirefox(phases, reportDir, firefoxBuilt, held) {
  const say = (line) => (held ? held.push(`${line}\n`) : console.log(line));
  try {
    say(`\nEnd-to-end tests in ${ensureFirefox()}`);
  } catch (error) {
    say(error.message);
    return { ...emptyCounts(), failed: 1 };
  }
  if (!firefoxBuilt) {
    say('wxt build -b firefox failed: the Firefox end-to-end tests did not run.');
    return { ...emptyCounts(), failed: 1 };
  }
  const env = { ...process.env, PROSPECT_LENS_FIREFOX_BUILD: FIREFOX_BUILD_DIR, ...(held ? { FORCE_COLOR: '1' } : {}) };
  const workers = held && process.env.PROSPECT_LENS_E2E_WORKERS === undefined ? ['--maxWorkers=1'] : [];
  return timed(phases, 'e2e firefox', () => vitest('firefox', ['--config', 'vitest.firefox.config.ts', ...workers], reportDir, env, held));
}

/**
 * The Chrome test build first (builds never overlap: each writes WXT's generated .wxt/ folder), then the
 * Chromium suite with the production builds and their checks beside it (their output held back and
 * printed whole), and the Firefox suite after them in that lane. On a quiet 2-core machine that took
 * `npm test` from 415 s to 397 s, every test passing (docs/testing.md, "Session 12"); on a machine
 * loaded by other work (load average 40–53) two browsers' suites at once starved Firefox's launches past
 * the 60 s hook timeout, so PROSPECT_LENS_TEST_OVERLAP_FIREFOX=0 runs the Firefox suite after the
 * Chromium one, and PROSPECT_LENS_TEST_SERIAL=1 overlaps nothing.
 */
async function runBrowsers(plan, phases, reportDir) {
  const testDir = join(reportDir, 'test-build');
  const production = { chrome: plan.e2e, firefox: plan.firefox, testDir };
  if (!plan.e2e) {
    const { counts, firefoxBuilt } = await buildProduction(production, phases);
    return [counts, await runFirefox(phases, reportDir, firefoxBuilt)];
  }
  const testBuilt = await build(phases, 'chrome', { testDir });
  if (process.env.PROSPECT_LENS_TEST_SERIAL === '1') {
    const chromium = await runEndToEnd(phases, reportDir, testBuilt, testDir);
    const { counts, firefoxBuilt } = await buildProduction(production, phases);
    return [chromium, counts, ...(plan.firefox ? [await runFirefox(phases, reportDir, firefoxBuilt)] : [])];
  }
  const overlapFirefox = plan.firefox && process.env.PROSPECT_LENS_TEST_OVERLAP_FIREFOX !== '0';
  const held = [];
  const chromium = runEndToEnd(phases, reportDir, testBuilt, testDir);
  const lane = buildProduction(production, phases, held).then(async ({ counts, firefoxBuilt }) => ({
    counts,
    firefoxBuilt,
    firefox: overlapFirefox ? await runFirefox(phases, reportDir, firefoxBuilt, held) : undefined,
  }));
  const chromiumCounts = await chromium;
  const second = await lane;
  release(`Production builds and their checks${overlapFirefox ? ', and the Firefox stage,' : ''} (run beside the Chromium stage)`, held);
  const firefoxCounts = !plan.firefox ? emptyCounts() : (second.firefox ?? (await runFirefox(phases, reportDir, second.firefoxBuilt)));
  return [chromiumCounts, second.counts, firefoxCounts];
}

function summaryLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

async function main() {
  let plan;
  try {
    plan = parseFlags(process.argv.slice(2));
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
  const reportDir = mkdtempSync(join(tmpdir(), 'prospect-lens-test-'));
  const phases = [];
  const results = [];
  try {
    if (plan.unit) results.push(await checkBoundaries());
    if (plan.unit) results.push(await timed(phases, 'unit', () => vitest('unit', [], reportDir)));
    if (plan.e2e || plan.firefox) results.push(...(await runBrowsers(plan, phases, reportDir)));
  } finally {
    // PROSPECT_LENS_TEST_REPORTS=<dir> keeps each run's vitest JSON report (per-test times, docs/testing.md).
    if (process.env.PROSPECT_LENS_TEST_REPORTS) cpSync(reportDir, process.env.PROSPECT_LENS_TEST_REPORTS, { recursive: true, filter: (path) => !path.includes('test-build') });
    rmSync(reportDir, { recursive: true, force: true });
  }
  const total = sum(results);
  console.log(`\nTimes: ${phases.join(', ')}`);
  console.log(summaryLine(total));
  process.exit(total.failed > 0 ? 1 : 0);
}

await main();
