/** Types for chromium-flags.mjs (how every test, benchmark and screenshot Chromium is launched). */
import type { BrowserContext } from 'playwright-core';

type PersistentOptions = NonNullable<Parameters<typeof import('playwright-core').chromium.launchPersistentContext>[1]>;

export function launchChromium(
  profileDir: string,
  options: Omit<PersistentOptions, 'env'> & { env?: Record<string, string> },
): Promise<BrowserContext>;
