import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * `npm run test:hardening`, the Node part: the long runs (1,000-action sync under faults, the bundle
 * and manifest checks on a fresh build). The unit-level hardening cases (tests/unit/hardening) run once,
 * in `npm test`; CI runs both commands, so listing them here too ran them twice.
 * Same setup as the unit tests (fake IndexedDB, fake browser). The browser part uses ./vitest.e2e.config.ts.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root,
  plugins: [WxtVitest(), preact()],
  test: {
    environment: 'happy-dom',
    setupFiles: ['fake-indexeddb/auto', './tests/unit/setup.ts'],
    include: ['tests/hardening/**/*.hardening.test.ts'],
    globals: true,
    pool: 'threads',
    testTimeout: 300_000,
  },
});
