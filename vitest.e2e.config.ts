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
    // Each file owns its browser. Two at a time is ~20% faster than one on 2 cores; set
    // PROSPECT_LENS_E2E_WORKERS=1 when chasing a timing-sensitive failure.
    pool: 'forks',
    maxWorkers: Number(process.env.PROSPECT_LENS_E2E_WORKERS ?? 2),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
