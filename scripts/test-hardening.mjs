#!/usr/bin/env node
/**
 * `npm run test:hardening`: the hardening suite (docs/hardening.md). It builds Chrome and Firefox
 * copies of the extension into a temporary folder (never .output/), then runs
 *   1. tests/hardening/vitest.config.ts — the 1,000-action sync under faults, the bundle, manifest and
 *      web-ext lint checks on those builds (the unit-level cases in tests/unit/hardening run in `npm test`);
 *   2. tests/hardening/vitest.e2e.config.ts — isolation, secret hygiene and CSP in real Chromium.
 * Each test prints its numbers as `hardening-result {...}`; they are gathered into a table at the end,
 * followed by the line CI reads: `N passed, N failed`. Exit code non-zero when anything failed.
 *
 * PROSPECT_LENS_HARDENING_BUILD=DIR uses the builds already in DIR/chrome-mv3 and DIR/firefox-mv3
 * instead of building: CI (.ci/run) points it at the .output/ that `npm test` has just built, so each
 * browser is built once per CI run. Without it, this script builds its own fresh copies, so a direct
 * run never tests a stale build.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './ensure-browser.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'node_modules', '.bin');

/** Runs a program, echoing its output, and resolves with its exit code and what it printed. */
function run(program, args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(program, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const echo = (stream) => (chunk) => {
      output += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', echo(process.stdout));
    child.stderr.on('data', echo(process.stderr));
    child.on('error', (error) => resolve({ code: 1, output: `could not start ${program}: ${error.message}` }));
    child.on('close', (code, signal) => resolve({ code: signal ? 1 : (code ?? 1), output }));
  });
}

function counts(reportPath, exitCode) {
  try {
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    const failedFiles = report.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((t) => t.status === 'failed')).length;
    const failed = report.numFailedTests + failedFiles;
    return { passed: report.numPassedTests, failed: failed === 0 && exitCode !== 0 ? 1 : failed, skipped: report.numPendingTests };
  } catch {
    return { passed: 0, failed: 1, skipped: 0 };
  }
}

async function vitest(label, config, reportDir, env) {
  const reportPath = join(reportDir, `${label}.json`);
  const args = ['run', '-c', config, '--reporter=default', '--reporter=json', `--outputFile.json=${reportPath}`];
  const { code, output } = await run(join(BIN, 'vitest'), args, env);
  return { ...counts(reportPath, code), output };
}

/** The `hardening-result {...}` lines, as objects (ANSI colour codes removed). */
function results(output) {
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  return [...plain.matchAll(/hardening-result (\{.*\})/g)].flatMap((m) => {
    try {
      return [JSON.parse(m[1])];
    } catch {
      return [];
    }
  });
}

function table(rows) {
  const lines = ['| case | numbers |', '| --- | --- |'];
  for (const { name, ...numbers } of rows) lines.push(`| ${name} | \`${JSON.stringify(numbers)}\` |`);
  return lines.join('\n');
}

async function main() {
  const started = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'prospect-lens-hardening-'));
  const total = { passed: 0, failed: 0, skipped: 0 };
  const gathered = [];
  try {
    let chromium;
    try {
      chromium = ensureChromium();
    } catch (error) {
      console.error(error.message);
      total.failed++;
    }
    const given = process.env.PROSPECT_LENS_HARDENING_BUILD;
    const build = given ? resolve(ROOT, given) : join(work, 'build');
    for (const browser of ['chrome', 'firefox']) {
      if (given) {
        // A build handed over must be complete; a missing one is a failure, never a quiet rebuild.
        if (!existsSync(join(build, `${browser}-mv3`, 'manifest.json'))) {
          console.error(`No ${browser} build in ${build} (PROSPECT_LENS_HARDENING_BUILD): the hardening suite cannot run.`);
          total.failed++;
        }
        continue;
      }
      const { code } = await run('node', [join(ROOT, 'scripts/build-to.mjs'), build, browser]);
      if (code !== 0) {
        console.error(`The ${browser} build failed: the hardening suite cannot run.`);
        total.failed++;
      }
    }
    if (total.failed === 0) {
      const node = await vitest('node', 'tests/hardening/vitest.config.ts', work, { ...process.env, PROSPECT_LENS_HARDENING_BUILD: build });
      console.log(`\nEnd-to-end hardening in ${chromium}`);
      const e2e = await vitest('e2e', 'tests/hardening/vitest.e2e.config.ts', work, { ...process.env, PROSPECT_LENS_E2E_BUILD: join(build, 'chrome-mv3') });
      for (const part of [node, e2e]) {
        total.passed += part.passed;
        total.failed += part.failed;
        total.skipped += part.skipped;
        gathered.push(...results(part.output));
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`\nHardening results (${((performance.now() - started) / 1000).toFixed(0)} s)\n${table(gathered)}\n`);
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
  process.exit(total.failed > 0 ? 1 : 0);
}

await main();
