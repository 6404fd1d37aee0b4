import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureFirefox } from '../../../scripts/ensure-browser.mjs';
import { PROJECT_ROOT } from '../../e2e/helpers/paths';

/**
 * Vitest global setup for the Firefox config: finds (or installs) Firefox once and builds the Firefox
 * add-on once for all files. scripts/test.mjs has already built when it sets PROSPECT_LENS_FIREFOX_BUILD;
 * a direct `vitest -c vitest.firefox.config.ts` run builds here so it never tests a stale build.
 */
export default function setup(): void {
  ensureFirefox();
  if (process.env.PROSPECT_LENS_FIREFOX_BUILD) return;
  const wxt = join(PROJECT_ROOT, 'node_modules', '.bin', 'wxt');
  const { status } = spawnSync(wxt, ['build', '-b', 'firefox'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (status !== 0) throw new Error(`wxt build -b firefox failed (exit ${status}); the Firefox end-to-end tests cannot run.`);
}
