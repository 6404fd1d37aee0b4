/** Types for ensure-browser.mjs, so the TypeScript e2e helpers can share its lookup. */
export function findChromium(env?: NodeJS.ProcessEnv): string | undefined;
export function ensureChromium(): string;
export function findFirefox(env?: NodeJS.ProcessEnv): string | undefined;
export function ensureFirefox(): string;
/** Debian's German language pack for firefox-esr, which ensureFirefox installs when it can. */
export const DEBIAN_FIREFOX_LANGPACK: string;
