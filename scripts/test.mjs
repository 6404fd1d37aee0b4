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

/** Runs a program with the terminal attached and resolves with its exit code. */
function run(program, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(program, args, { cwd: ROOT, stdio: 'inherit', env });
    child.on('error', (error) => {
      console.error(`could not start ${program}: ${error.message}`);
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

async function vitest(label, configArgs, reportDir, env) {
  const reportPath = join(reportDir, `${label}.json`);
  const args = ['run', ...configArgs, '--passWithNoTests', '--reporter=default', '--reporter=json',
    `--outputFile.json=${reportPath}`];
  const exitCode = await run(join(BIN, 'vitest'), args, env);
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

async function runEndToEnd(phases, reportDir) {
  try {
    const chromium = ensureChromium();
    console.log(`\nEnd-to-end tests in ${chromium}`);
  } catch (error) {
    console.error(`\n${error.message}`);
    return { ...emptyCounts(), failed: 1 };
  }
  const built = await timed(phases, 'build', () => run(join(BIN, 'wxt'), ['build']));
  if (built !== 0) {
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

async function runFirefox(phases, reportDir) {
  try {
    const firefox = ensureFirefox();
    console.log(`\nEnd-to-end tests in ${firefox}`);
  } catch (error) {
    console.error(`\n${error.message}`);
    return { ...emptyCounts(), failed: 1 };
  }
  const built = await timed(phases, 'build firefox', () => run(join(BIN, 'wxt'), ['build', '-b', 'firefox']));
  if (built !== 0) {
    console.error('\nwxt build -b firefox failed: the Firefox end-to-end tests did not run.');
    return { ...emptyCounts(), failed: 1 };
  }
  const env = { ...process.env, PROSPECT_LENS_FIREFOX_BUILD: FIREFOX_BUILD_DIR };
  return timed(phases, 'e2e firefox', () => vitest('firefox', ['--config', 'vitest.firefox.config.ts'], reportDir, env));
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
    if (plan.e2e) results.push(await runEndToEnd(phases, reportDir));
    if (plan.firefox) results.push(await runFirefox(phases, reportDir));
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
