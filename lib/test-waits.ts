/**
 * Shortened production waits for the end-to-end test build, and only for it.
 *
 * The fault end-to-end tests (tests/e2e/sync-*-faults) drive the real outbox against loopback servers
 * that fail, and most of their wall time went to waits the engine imposes on purpose: HubSpot's search
 * settle (a minute), the first look at an uncertain action (30 s), the backoff between retries. Those
 * waits are the behaviour under test, so the tests may not skip them; the test build divides them by
 * TEST_WAIT_DIVISOR instead, and the tests scale what they expect by the same divisor.
 *
 * The switch is `__PROSPECT_LENS_TEST_WAITS__`, a constant Vite writes into the bundle at build time
 * (wxt.config.ts sets it to true only when the build runs with PROSPECT_LENS_TEST_WAITS=1, which
 * scripts/test.mjs and the e2e global setup do for the Chromium e2e build). Nothing at run time can
 * change it — no setting, message, storage key or page — and in a production build the shortened branch
 * is removed as dead code: scripts/check-test-waits.mjs proves on every `npm test` that the production
 * builds carry no trace of it while the test build does. Unit tests see neither (the constant is
 * undeclared there), so they run on the production waits.
 */
declare const __PROSPECT_LENS_TEST_WAITS__: boolean | undefined;

/** The test build's waits are the production ones divided by this. */
export const TEST_WAIT_DIVISOR = 10;

/** What a test build sets on its global object, so a test can tell which build it drives. */
export const TEST_WAITS_GLOBAL = '__prospectLensTestWaits';

const TEST_BUILD = typeof __PROSPECT_LENS_TEST_WAITS__ === 'boolean' && __PROSPECT_LENS_TEST_WAITS__;

if (TEST_BUILD) (globalThis as Record<string, unknown>)[TEST_WAITS_GLOBAL] = TEST_WAIT_DIVISOR;

/** A production wait of `ms`, or the shortened one in the e2e test build. */
export function productionWait(ms: number): number {
  return TEST_BUILD ? Math.round(ms / TEST_WAIT_DIVISOR) : ms;
}
