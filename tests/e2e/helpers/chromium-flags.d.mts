/** Types for chromium-flags.mjs (the flags, features and environment of every test and benchmark Chromium). */
import type { BrowserContext } from 'playwright-core';

export const DISABLED_FEATURES: readonly string[];
export const CHROMIUM_FLAGS: readonly string[];
export function chromiumEnv(extra?: Record<string, string>): Record<string, string | undefined>;
export function checkDisabledFeatures(context: BrowserContext): Promise<void>;
