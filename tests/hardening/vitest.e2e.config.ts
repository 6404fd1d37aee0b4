import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:hardening`, the browser part: real headless Chromium with the extension built by
 * scripts/test-hardening.mjs (PROSPECT_LENS_E2E_BUILD); same helpers as tests/e2e.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root,
  resolve: { alias: { '@': root } },
  test: {
    environment: 'node',
    include: ['tests/hardening/e2e/**/*.e2e.test.ts'],
    globalSetup: ['tests/e2e/helpers/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 90_000,
    hookTimeout: 60_000,
  },
});
