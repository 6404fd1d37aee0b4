import type { FirefoxHarness } from './launch';

interface ScriptingGlobals {
  browser: { scripting: { getRegisteredContentScripts(): Promise<{ id: string; matches?: string[] }[]> } };
}

/**
 * The match patterns of the content scripts the event page registered (lib/background/registration.ts),
 * once they satisfy `accept` — by default, once there is a registration at all. The add-on registers
 * it on install, a moment after it starts, so a test that opens a site right away waits for this first.
 */
export async function registeredMatches(
  ext: Pick<FirefoxHarness, 'inExtension'>,
  accept: (matches: string[] | null) => boolean = (matches) => matches !== null,
  timeoutMs = 10_000,
): Promise<string[] | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const scripts = await ext.inExtension(() => (globalThis as unknown as ScriptingGlobals).browser.scripting.getRegisteredContentScripts(), null);
    // One registration per site (lib/background/registration.ts): every pattern of them all.
    const matches = scripts.length > 0 ? scripts.flatMap((script) => script.matches ?? []) : null;
    if (accept(matches)) return matches;
    if (Date.now() > deadline) throw new Error(`The content script's registration is still ${JSON.stringify(matches)} after ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
