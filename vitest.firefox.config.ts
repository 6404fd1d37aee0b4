import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The end-to-end scenarios in real Firefox (ESR in CI): each file launches headless Firefox through
 * puppeteer-core (WebDriver BiDi) with the Firefox build installed as a temporary add-on
 * (tests/e2e-firefox/helpers). Run through `npm test` (which builds first) or directly with
 * `npx vitest run -c vitest.firefox.config.ts` (the global setup then builds once).
 */
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    environment: 'node',
    include: ['tests/e2e-firefox/**/*.firefox.test.ts'],
    globalSetup: ['tests/e2e-firefox/helpers/global-setup.ts'],
    // Two test processes at a time when the suite runs alone on CI's 2 cores; `npm test`, which runs it
    // beside the Chromium suite, asks for one (scripts/test.mjs, runFirefox). PROSPECT_LENS_E2E_WORKERS=1
    // serialises.
    pool: 'forks',
    maxWorkers: Number(process.env.PROSPECT_LENS_E2E_WORKERS ?? 2),
    // One module cache per fork (puppeteer-core and the helpers load once per fork), and so one Firefox
    // per fork, into which each file installs the add-on afresh (tests/e2e-firefox/helpers/launch.ts).
    // PROSPECT_LENS_E2E_ISOLATE=1: a process, and so a Firefox, per file.
    isolate: process.env.PROSPECT_LENS_E2E_ISOLATE === '1',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
