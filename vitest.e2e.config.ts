import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: node environment, each test file launches real headless Chromium with the built
 * extension (tests/e2e/helpers). Run through `npm test` (which builds first) or directly with
 * `npx vitest run -c vitest.e2e.config.ts` (the global setup then builds once).
 */
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.test.ts'],
    globalSetup: ['tests/e2e/helpers/global-setup.ts'],
    // Two browsers at a time keep 2 cores busy without starving either; each file owns its browser.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
