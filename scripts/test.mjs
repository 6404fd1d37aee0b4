#!/usr/bin/env node
/**
 * `npm test`: the unit tests (vitest, happy-dom), then the end-to-end tests, which build the extension
 * with `wxt build` (.output/chrome-mv3) and load it into real headless Chromium, then the same
 * scenarios in real headless Firefox (ESR in CI) against `wxt build -b firefox` (.output/firefox-mv3).
 *
 * Every vitest run also writes a JSON report; the counts from all of them end the output as one line,
 * `N passed, N failed` (`, N skipped` when any were skipped), which is what CI reads. The exit code is
 * non-zero when anything failed, including a build or a missing browser: browser tests are never
 * skipped quietly.
 *
 * Before the unit tests, the import boundaries (scripts/check-boundaries.mjs); after the Chrome build,
 * the size budgets (scripts/check-size.mjs). Each counts as one test in the summary.
 *
 * Each browser is built once per run, into .output/, and everything after reuses that build: the e2e
 * global setups (told by PROSPECT_LENS_E2E_BUILD / PROSPECT_LENS_FIREFOX_BUILD), and in CI the hardening
 * suite and web-ext lint (.ci/run). The Chromium and Firefox stages run side by side: the browser suites
 * spend much of their time waiting on pages, timers and loopback servers, which is idle CPU on 2 cores. The Firefox stage's output is held back and printed whole when it ends, so the
 * two never interleave. PROSPECT_LENS_TEST_SERIAL=1 runs the stages one after the other, for chasing a
 * timing-sensitive failure.
 *
 * Flags: --unit-only, --e2e-only (both browsers), --firefox-only. CHROMIUM_PATH and FIREFOX_PATH pick
 * the browsers.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/** `wxt build` for one browser into .output/<browser>-mv3; resolves with the exit code. */
function build(phases, browser, held) {
  const args = browser === 'firefox' ? ['build', '-b', 'firefox'] : ['build'];
  return timed(phases, `build ${browser}`, () => run(join(BIN, 'wxt'), args, process.env, held));
}

/** Prints what a stage held back, under a heading, in one piece. */
function release(heading, held) {
  console.log(`\n${heading}`);
  for (const chunk of held) process.stdout.write(chunk);
  held.length = 0;
}

async function runEndToEnd(phases, reportDir, built) {
  try {
    const chromium = ensureChromium();
    console.log(`\nEnd-to-end tests in ${chromium}`);
  } catch (error) {
    console.error(`\n${error.message}`);
    return { ...emptyCounts(), failed: 1 };
  }
  if ((await built) !== 0) {
    console.error('\nwxt build failed: the end-to-end tests did not run.');
    return { ...emptyCounts(), failed: 1 };
  }
  // The size budgets are a check like any test: over budget counts as a failure.
  const sized = await run(process.execPath, [join(ROOT, 'scripts', 'check-size.mjs'), BUILD_DIR]);
  // Tells the e2e global setup that the build is fresh, so it does not build a second time.
  const env = { ...process.env, PROSPECT_LENS_E2E_BUILD: BUILD_DIR };
  const counts = await timed(phases, 'e2e', () => vitest('e2e', ['--config', 'vitest.e2e.config.ts'], reportDir, env));
  return sized === 0 ? { ...counts, passed: counts.passed + 1 } : { ...counts, failed: counts.failed + 1 };
}

/** The import layering of docs/architecture.md: one check, counted as one test. */
async function checkBoundaries() {
  const code = await run(process.execPath, [join(ROOT, 'scripts', 'check-boundaries.mjs')]);
  return code === 0 ? { ...emptyCounts(), passed: 1 } : { ...emptyCounts(), failed: 1 };
}

async function runFirefox(phases, reportDir, built, held) {
  const say = (line) => (held ? held.push(`${line}\n`) : console.log(line));
  try {
    const firefox = ensureFirefox();
    say(`End-to-end tests in ${firefox}`);
  } catch (error) {
    say(error.message);
    return { ...emptyCounts(), failed: 1 };
  }
  if ((await built) !== 0) {
    say('wxt build -b firefox failed: the Firefox end-to-end tests did not run.');
    return { ...emptyCounts(), failed: 1 };
  }
  const env = { ...process.env, PROSPECT_LENS_FIREFOX_BUILD: FIREFOX_BUILD_DIR, ...(held ? { FORCE_COLOR: '1' } : {}) };
  return timed(phases, 'e2e firefox', () => vitest('firefox', ['--config', 'vitest.firefox.config.ts'], reportDir, env, held));
}

/**
 * The Chrome build, then the Chromium stage and (after its own build) the Firefox stage side by side;
 * one after the other with PROSPECT_LENS_TEST_SERIAL=1. The builds never overlap: both write WXT's
 * generated .wxt/ folder. Resolves with the counts of each stage.
 */
async function runBrowsers(plan, phases, reportDir) {
  const serial = process.env.PROSPECT_LENS_TEST_SERIAL === '1' || !(plan.e2e && plan.firefox);
  const chromeBuilt = plan.e2e ? await build(phases, 'chrome') : 0;
  if (serial) {
    const results = [];
    if (plan.e2e) results.push(await runEndToEnd(phases, reportDir, chromeBuilt));
    if (plan.firefox) {
      console.log('');
      results.push(await runFirefox(phases, reportDir, build(phases, 'firefox')));
    }
    return results;
  }
  const held = [];
  const chromium = runEndToEnd(phases, reportDir, chromeBuilt);
  const firefox = runFirefox(phases, reportDir, build(phases, 'firefox', held), held);
  const chromiumCounts = await chromium;
  if (held.length === 0) console.log('\n(The Firefox stage is still running; its output follows when it ends.)');
  const firefoxCounts = await firefox;
  release('Firefox stage (run alongside the Chromium stage)', held);
  return [chromiumCounts, firefoxCounts];
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
    rmSync(reportDir, { recursive: true, force: true });
  }
  const total = results.reduce(
    (sum, counts) => ({
      passed: sum.passed + counts.passed,
      failed: sum.failed + counts.failed,
      skipped: sum.skipped + counts.skipped,
    }),
    emptyCounts(),
  );
  console.log(`\nTimes: ${phases.join(', ')}`);
  console.log(summaryLine(total));
  process.exit(total.failed > 0 ? 1 : 0);
}

await main();
