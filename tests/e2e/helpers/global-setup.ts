import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureChromium } from '../../../scripts/ensure-browser.mjs';
import { PROJECT_ROOT } from './paths';

/**
 * Vitest global setup for the e2e config: finds (or installs) Chromium once and builds the extension
 * once for all e2e files. scripts/test.mjs has already built when it sets PROSPECT_LENS_E2E_BUILD;
 * a direct `vitest -c vitest.e2e.config.ts` run builds here so it never tests a stale build.
 */
export default function setup(): void {
  ensureChromium();
  if (process.env.PROSPECT_LENS_E2E_BUILD) return;
  const wxt = join(PROJECT_ROOT, 'node_modules', '.bin', 'wxt');
  const { status } = spawnSync(wxt, ['build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (status !== 0) throw new Error(`wxt build failed (exit ${status}); the end-to-end tests cannot run.`);
}
