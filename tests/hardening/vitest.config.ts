import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * `npm run test:hardening`, the Node part: the long runs (1,000-action sync under faults, the bundle
 * and manifest checks on a fresh build) and the unit-level hardening cases that `npm test` also runs.
 * Same setup as the unit tests (fake IndexedDB, fake browser). The browser part uses ./vitest.e2e.config.ts.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root,
  plugins: [WxtVitest(), preact()],
  test: {
    environment: 'happy-dom',
    setupFiles: ['fake-indexeddb/auto', './tests/unit/setup.ts'],
    include: ['tests/hardening/**/*.hardening.test.ts', 'tests/unit/hardening/**/*.test.{ts,tsx}'],
    globals: true,
    pool: 'threads',
    testTimeout: 300_000,
  },
});
