import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const PROJECT_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Where the Chrome build is: the one scripts/test.mjs just made, else WXT's default output. */
export function extensionBuildDir(): string {
  return process.env.PROSPECT_LENS_E2E_BUILD ?? join(PROJECT_ROOT, '.output', 'chrome-mv3');
}
