import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { ensureChromium } from '../../../scripts/ensure-browser.mjs';
import { PROJECT_ROOT } from './paths';

/**
 * Vitest global setup for the e2e configs: finds (or installs) Chromium once and builds the extension
 * once for all e2e files. scripts/test.mjs (and scripts/test-hardening.mjs) have already built when they
 * set PROSPECT_LENS_E2E_BUILD; a direct vitest run builds here so it never tests a stale build:
 * - vitest.e2e.config.ts asks for the test build with shortened waits (lib/test-waits.ts) by setting
 *   PROSPECT_LENS_E2E_TEST_BUILD to the folder it wants it in;
 * - otherwise (the hardening suite's browser part) the production build, `wxt build` into .output/.
 */
export default function setup(): void {
  ensureChromium();
  const testBuild = process.env.PROSPECT_LENS_E2E_TEST_BUILD;
  if (testBuild) {
    const args = [join(PROJECT_ROOT, 'scripts', 'build-to.mjs'), dirname(testBuild), 'chrome'];
    const env = { ...process.env, PROSPECT_LENS_TEST_WAITS: '1' };
    const { status } = spawnSync(process.execPath, args, { cwd: PROJECT_ROOT, stdio: 'inherit', env });
    if (status !== 0) throw new Error(`The Chrome test build failed (exit ${status}); the end-to-end tests cannot run.`);
    return;
  }
  if (process.env.PROSPECT_LENS_E2E_BUILD) return;
  const wxt = join(PROJECT_ROOT, 'node_modules', '.bin', 'wxt');
  const { PROSPECT_LENS_TEST_WAITS: _ignored, ...env } = process.env;
  const { status } = spawnSync(wxt, ['build'], { cwd: PROJECT_ROOT, stdio: 'inherit', env });
  if (status !== 0) throw new Error(`wxt build failed (exit ${status}); the end-to-end tests cannot run.`);
}
