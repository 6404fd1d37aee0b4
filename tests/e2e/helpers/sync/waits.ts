import { TEST_WAIT_DIVISOR, TEST_WAITS_GLOBAL } from '@/lib/test-waits';
import type { ExtensionHarness } from '../launch';

/**
 * The divisor of the build's deliberate sync waits (lib/test-waits.ts): 10 in the e2e test build that
 * `npm test` makes, 1 in a production build. A fault test that scales its mock's timings by it first
 * asserts it got the build it expects, so a wrong build fails loudly instead of racing the engine.
 */
export async function testWaitDivisor(ext: ExtensionHarness): Promise<number> {
  const worker = await ext.serviceWorker();
  const divisor = await worker.evaluate((name) => (globalThis as Record<string, unknown>)[name], TEST_WAITS_GLOBAL);
  return divisor === undefined ? 1 : Number(divisor);
}

export { TEST_WAIT_DIVISOR };
