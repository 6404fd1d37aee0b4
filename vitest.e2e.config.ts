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
 * End-to-end tests: node environment, real headless Chromium with the built extension
 * (tests/e2e/helpers), the test build with shortened sync waits; each file installs its own copy of the
 * extension in its test process's Chromium. Run through `npm test`
 * (which builds first) or directly with `npx vitest run -c vitest.e2e.config.ts` (the global setup
 * then builds once).
 */
export default defineConfig({
  resolve: { alias: { '@': root } },
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.test.ts'],
    globalSetup: ['tests/e2e/helpers/global-setup.ts'],
    // Each fork has its Chromium, each file its own copy of the extension (tests/e2e/helpers/launch.ts).
    // Set PROSPECT_LENS_E2E_WORKERS=1 when chasing a timing-sensitive failure.
    pool: 'forks',
    maxWorkers: Number(process.env.PROSPECT_LENS_E2E_WORKERS ?? 2),
    // A fork runs its files one after another with one module cache, so playwright-core, the mocks and
    // the helpers are loaded once per fork, not once per file (before: 133 s of import summed over 30
    // files, at load ~14). The files share no module state (their harness and mocks are made in
    // beforeAll and closed in afterAll). They share the fork's Chromium, but each file installs its own
    // copy of the extension, with an id and so storage of its own, and its close leaves the browser as it
    // found it (tests/e2e/helpers/launch.ts). PROSPECT_LENS_E2E_ISOLATE=1: a process per file;
    // PROSPECT_LENS_E2E_OWN_BROWSER=1: a Chromium per file.
    isolate: process.env.PROSPECT_LENS_E2E_ISOLATE === '1',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
