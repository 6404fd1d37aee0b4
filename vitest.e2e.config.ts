import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// These tests run on the Chrome test build, whose deliberate sync waits are divided by 10
// (lib/test-waits.ts). scripts/test.mjs builds it and passes PROSPECT_LENS_E2E_BUILD; a direct run asks
// the global setup to build it into .output/e2e-test-build. Set here, before the global setup and the
// test processes start, so both see the same folder.
if (!process.env.PROSPECT_LENS_E2E_BUILD) {
  process.env.PROSPECT_LENS_E2E_BUILD = join(root, '.output', 'e2e-test-build', 'chrome-mv3');
  process.env.PROSPECT_LENS_E2E_TEST_BUILD = process.env.PROSPECT_LENS_E2E_BUILD;
}

/**
 * End-to-end tests: node environment, each test file launches real headless Chromium with the built
 * extension (tests/e2e/helpers), the test build with shortened sync waits. Run through `npm test`
 * (which builds first) or directly with `npx vitest run -c vitest.e2e.config.ts` (the global setup
 * then builds once).
 */
export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.test.ts'],
    globalSetup: ['tests/e2e/helpers/global-setup.ts'],
    // Each file owns its browser. Two at a time is ~20% faster than one on 2 cores; set
    // PROSPECT_LENS_E2E_WORKERS=1 when chasing a timing-sensitive failure.
    pool: 'forks',
    maxWorkers: Number(process.env.PROSPECT_LENS_E2E_WORKERS ?? 2),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
