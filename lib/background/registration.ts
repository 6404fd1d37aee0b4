/**
 * Where the content script runs, decided at run time: it is registered with
 * `scripting.registerContentScripts` for the sites the rep has on, and updated when that changes.
 * The manifest declares no content script, for two reasons:
 * - a site switched off in Options gets no script at all (a declared script would still start there,
 *   read the settings and stop — and the page could watch it do so);
 * - the script is a WXT *unlisted* script, whose wrapper has no ContentScriptContext: that context's
 *   start-up handshake posts a window message and a DOM event naming the extension on every page,
 *   and a page that dispatches the same event stops detection (lib/content/page-context.ts replaces it).
 * The host permissions stay in the manifest: registration and injection need them.
 */
import { browser, type Browser } from 'wxt/browser';
import type { Settings } from '../model/settings';
import { CONTENT_SCRIPT_MATCHES, SITE_IDS, SITE_MATCHES, type SiteId, siteOf } from '../sites';

type Scripting = Pick<
  typeof browser.scripting,
  'getRegisteredContentScripts' | 'registerContentScripts' | 'updateContentScripts' | 'unregisterContentScripts' | 'executeScript'
>;
type Tabs = Pick<typeof browser.tabs, 'query'>;
export type Registration = Browser.scripting.RegisteredContentScript;

/** Each site's registration id: `prospect-lens-gmail`, …; `prospect-lens` alone was the one script of before. */
export const CONTENT_SCRIPT_ID_PREFIX = 'prospect-lens';
export const contentScriptId = (site: SiteId) => `${CONTENT_SCRIPT_ID_PREFIX}-${site}`;
/**
 * entrypoints/content-<site> as built (WXT writes an unlisted script to the output's root): each site's
 * script carries its own adapter only (docs/architecture.md, "What the content script carries").
 */
export const CONTENT_SCRIPT_FILES = {
  gmail: 'content-gmail.js',
  outlook: 'content-outlook.js',
  linkedin: 'content-linkedin.js',
} as const satisfies Record<SiteId, string>;
/**
 * entrypoints/content-sidebar as built: never registered, injected into one frame when its content
 * script asks (lib/background/page-settings.ts, docs/architecture.md "What the content script carries").
 */
export const CONTENT_SIDEBAR_FILE = 'content-sidebar.js';

export function enabledSites({ sites }: Pick<Settings, 'sites'>): SiteId[] {
  return SITE_IDS.filter((site) => sites[site]);
}

/** Host patterns that cover every supported site at once. */
const EVERY_SITE = new Set(['<all_urls>', '*://*/*', 'https://*/*']);

/**
 * The sites whose access a grant of `origins` (`permissions.onAdded`) gave back, among those switched on:
 * a site whose access was withdrawn (Firefox's about:addons, Chrome's site access menu) runs no script in
 * the tabs opened meanwhile, and a grant does not inject it there by itself.
 */
export function sitesGranted(origins: readonly string[], settings: Pick<Settings, 'sites'>): SiteId[] {
  const added = new Set(origins);
  const everySite = [...added].some((origin) => EVERY_SITE.has(origin));
  return enabledSites(settings).filter((site) => everySite || SITE_MATCHES[site].some((pattern) => added.has(pattern)));
}

/**
 * What is passed to `registerContentScripts` for these settings: one script per site that is on.
 * Every field is spelled out, so the snapshot test (tests/unit/hardening) sees any change of reach.
 */
export function contentScriptRegistrations(settings: Pick<Settings, 'sites'>): Registration[] {
  return enabledSites(settings).map((site) => siteRegistration(site));
}

function siteRegistration(site: SiteId): Registration {
  return {
    id: contentScriptId(site),
    js: [CONTENT_SCRIPT_FILES[site]],
    matches: [...CONTENT_SCRIPT_MATCHES[site]],
    excludeMatches: [],
    runAt: 'document_idle',
    // The top page only: the sites render everything the adapters read in their top document.
    allFrames: false,
    // Not into about:blank, data: or blob: documents that merely inherit a supported origin.
    matchOriginAsFallback: false,
    world: 'ISOLATED',
    // Chrome ≥ 96 and Firefox ≥ 105 keep it across browser restarts; it is reconciled at start-up anyway.
    persistAcrossSessions: true,
  };
}

/** Whether a registration is one of ours: a site's, or the one script of before. */
const isOurs = (id: string) => id === CONTENT_SCRIPT_ID_PREFIX || id.startsWith(`${CONTENT_SCRIPT_ID_PREFIX}-`);

/**
 * Whether `current` already says everything `wanted` does. A browser may report a field in another
 * form (an empty list left out): that reads as different and costs one needless update, nothing more.
 */
function sameRegistration(current: Registration, wanted: Registration): boolean {
  // Chrome reports the match patterns sorted: order never matters in these lists.
  const normal = (value: unknown) => (Array.isArray(value) ? [...(value as string[])].sort() : value);
  const same = (a: unknown, b: unknown) => JSON.stringify(normal(a)) === JSON.stringify(normal(b));
  return (Object.keys(wanted) as (keyof Registration)[]).every((key) => same(current[key], wanted[key]));
}

/** Calls run one after another: two overlapping registrations of the same id would fail. */
let queue: Promise<unknown> = Promise.resolve();

export interface SyncOptions {
  /** Inject into open tabs of sites that were just switched on (default). Install does this itself. */
  injectNewSites?: boolean;
  scripting?: Scripting;
  tabs?: Tabs;
}

/**
 * Makes the registered content scripts match `settings.sites`: registers, updates or unregisters each
 * site's, and removes any other of ours (the one script an earlier version registered for every site).
 * Call after every settings write and at start-up. Resolves with the sites newly covered, whose
 * already-open tabs were given the script (so switching a site on needs no reload).
 */
export function syncContentScriptRegistration(settings: Pick<Settings, 'sites'>, options: SyncOptions = {}): Promise<SiteId[]> {
  const { injectNewSites = true, scripting = browser.scripting, tabs = browser.tabs } = options;
  const run = queue.then(async () => {
    const wanted = contentScriptRegistrations(settings);
    const current = new Map((await scripting.getRegisteredContentScripts()).filter((r) => isOurs(r.id)).map((r) => [r.id, r]));
    const wantedIds = new Set(wanted.map((r) => r.id));
    const gone = [...current.keys()].filter((id) => !wantedIds.has(id));
    if (gone.length > 0) await scripting.unregisterContentScripts({ ids: gone });
    const missing = wanted.filter((r) => !current.has(r.id));
    const changed = wanted.filter((r) => current.has(r.id) && !sameRegistration(current.get(r.id)!, r));
    if (missing.length > 0) await scripting.registerContentScripts(missing);
    if (changed.length > 0) await scripting.updateContentScripts(changed);
    // A site is newly covered when its own script was not registered (the one script of before covered
    // every site it matched, and a tab it ran in is given the site's own script: the newer copy stops it).
    const added = enabledSites(settings).filter((site) => !current.has(contentScriptId(site)));
    if (injectNewSites && added.length > 0) await injectIntoOpenTabs(added, { scripting, tabs });
    return added;
  });
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Gives the content script to the open tabs of `sites`. Chrome does not inject content scripts into
 * tabs that were open before the extension was installed, updated or the site switched on: with this,
 * nobody has to reload Gmail. A tab that still runs an older copy gets a newer one, which stops it.
 */
export async function injectIntoOpenTabs(sites: readonly SiteId[], { scripting = browser.scripting, tabs = browser.tabs }: Omit<SyncOptions, 'injectNewSites'> = {}): Promise<number> {
  if (sites.length === 0) return 0;
  const open = await tabs.query({ url: sites.flatMap((site) => [...CONTENT_SCRIPT_MATCHES[site]]) });
  let injected = 0;
  await Promise.all(
    open.map(async (tab) => {
      const site = siteOf(tab.url);
      // The match patterns are wider than siteOf on LinkedIn (see CONTENT_SCRIPT_MATCHES).
      if (tab.id === undefined || tab.discarded || !site || !sites.includes(site)) return;
      try {
        await scripting.executeScript({ target: { tabId: tab.id }, files: [`/${CONTENT_SCRIPT_FILES[site]}`] });
        injected++;
      } catch {
        // A tab that is still loading, or an error page: it gets the script on its next load.
      }
    }),
  );
  return injected;
}
