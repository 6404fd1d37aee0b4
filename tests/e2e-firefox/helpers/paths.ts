import { join } from 'node:path';
import { PROJECT_ROOT } from '../../e2e/helpers/paths';

/** Where the Firefox build is: the one scripts/test.mjs just made, else WXT's default output. */
export function firefoxBuildDir(): string {
  return process.env.PROSPECT_LENS_FIREFOX_BUILD ?? join(PROJECT_ROOT, '.output', 'firefox-mv3');
}
