/**
 * How the tab owner builds a detection's cards: drop the people a rep never needs a card for, then
 * resolve and assemble the rest (views.ts) from the store, the cache and the connected sources.
 */
import { clock } from '../clock';
import { mergeCandidates } from '../identity/candidate';
import { filterCandidates } from '../identity/filter';
import { baseAddress } from '../identity/email';
import { FREE_MAIL_DOMAINS } from '../identity/free-mail';
import { domainOf } from '../match/resolve';
import type { Candidate } from '../model/prospect';
import type { Settings } from '../model/settings';
import type { ProspectView } from '../model/view';
import { newestFeedback, recentActions } from '../store/outbox';
import { countProspects } from '../store/prospects';
import { getSettings } from '../store/settings';
import { connectedSources } from './connections';
import { storeFinder } from './finder';
import type { BuildOptions, Detection } from './tab-views';
import { createRateLimiter } from './rate-limit';
import { isLookedUp, lookedUpKeys, newestKey, orderViews } from './ordering';
import { buildViews, type ViewDeps } from './views';

export const viewDeps: ViewDeps = {
  finder: storeFinder,
  sources: async () => connectedSources(await getSettings()),
  settings: getSettings,
  recentActions: (key: string) => recentActions(5, key),
  newestFeedback,
  now: () => clock.now(),
};

/**
 * What one tab's builds may make the sources do (docs/hardening.md): the content script chooses the
 * people it reports, up to 200 a detection and 5 detections a second, and each person asked costs a
 * request to every connected CRM (the rep's quota, shared with sync) and a row in the `cache` store.
 * So a tab may have at most PEOPLE_AT_ONCE people asked at once, then PEOPLE_PER_MINUTE (new ones,
 * stale answers refreshed and a card's Retry alike). A busy thread (30 people) fits; people past the
 * budget get their card from local data and are asked once it allows (`retryLater`) or on the tab's
 * next build.
 */
const PEOPLE_AT_ONCE = 50;
const PEOPLE_PER_MINUTE = 50;
/** A build of no tab (a test): one budget for all such builds. */
const NO_TAB = -1;

const budgets = createRateLimiter({ burst: PEOPLE_AT_ONCE, perSecond: PEOPLE_PER_MINUTE / 60 });

/** Each tab's next try for the people its budget left out; a newer build of the tab replaces it. */
const retries = new Map<number, ReturnType<typeof setTimeout>>();

/**
 * The tab's cards in card order (ordering.ts): people looked up with the context menu first, then the
 * newest message's sender, then by heat, unknown last. The tab owner passes the tab's state, whose
 * `tabId` keys the tab's budget of people asked of the sources.
 */
export async function buildTabViews(detection: Detection & { tabId?: number }, options: BuildOptions): Promise<ProspectView[]> {
  const tabId = detection.tabId ?? NO_TAB;
  clearTimeout(retries.get(tabId));
  retries.delete(tabId);
  // Read once for the whole build: the filter, the resolver and the sources all see the same settings.
  const settings = await getSettings();
  const candidates = onePerPerson(visibleCandidates(lookupsFirst(detection.candidates), settings, detection.selfAddresses));
  const newest = newestKey(candidates);
  const lookedUp = lookedUpKeys(candidates);
  const deps: ViewDeps = { ...viewDeps, settings: async () => settings, sources: () => connectedSources(settings) };
  const build = (refresh: boolean | undefined) =>
    buildViews(candidates, deps, {
      refresh,
      threadDomains: threadDomains(candidates),
      onRefreshed: (fresher) => options.onRefreshed(orderViews(fresher, newest, lookedUp)),
      admit: (keys) => {
        const now = clock.now();
        const granted = budgets.takeUpTo(tabId, keys.length, now);
        if (granted < keys.length) retryLater(tabId, Math.max(1_000, budgets.waitFor(tabId, keys.length - granted, now)), () => build(false));
        return granted;
      },
    });
  const views = await build(options.refresh);
  return orderViews(await markNoDataYet(views, deps), newest, lookedUp);
}

/**
 * Builds the tab's cards again once its budget allows, for the people left out: their answers reach
 * the tab through `onRefreshed`, which the tab owner publishes only while no newer detection or
 * rebuild of the tab came (tab-views.ts); a newer build of the tab replaces this try.
 */
function retryLater(tabId: number, ms: number, build: () => Promise<unknown>): void {
  clearTimeout(retries.get(tabId));
  retries.set(
    tabId,
    setTimeout(() => {
      retries.delete(tabId);
      void build().catch(() => undefined);
    }, ms),
  );
}

/**
 * A tab's detection holds the people looked up with the context menu after the page's, and a person in
 * both twice (tab-views.ts). One candidate per person, the looked-up first: role `lookup`, which puts
 * their card first (ordering.ts), with what the page said of them too.
 */
export function lookupsFirst(candidates: readonly Candidate[]): Candidate[] {
  const lookedUp = candidates.filter(isLookedUp);
  if (lookedUp.length === 0) return [...candidates];
  return mergeCandidates([...lookedUp, ...candidates.filter((c) => !isLookedUp(c))]);
}

/**
 * An empty store with no CRM connected (the first minutes after install): every view says so, and
 * the sidebar draws one "No data yet" line instead of a card per person (docs/architecture.md,
 * "The compact card"). An import or a connection rebuilds open tabs, which drops the mark.
 */
async function markNoDataYet(views: ProspectView[], deps: ViewDeps): Promise<ProspectView[]> {
  if (views.length === 0 || views.some((v) => v.known)) return views;
  if ((await deps.sources()).length > 0 || (await countProspects()) > 0) return views;
  return views.map((view) => ({ ...view, noDataYet: true }));
}

/**
 * The companies a thread shows: the domains of the people it shows with an address, after the
 * filter (so never the rep's own or a colleague's) and without free-mail providers. A person shown
 * by name only is told apart from namesakes by them (lib/match/resolve.ts, matchByName).
 */
export function threadDomains(candidates: readonly Candidate[]): string[] {
  const domains = new Set<string>();
  // The thread's own people only: someone looked up with the context menu is not in the thread.
  for (const candidate of candidates.filter((c) => !isLookedUp(c))) {
    const domain = domainOf(candidate.email);
    if (domain && !FREE_MAIL_DOMAINS.has(domain)) domains.add(domain);
  }
  return [...domains];
}

/**
 * `alice+news@x.com` and `alice@x.com` in one thread are one person, so one card: the first the page
 * showed stands for both, as the page wrote it (the +tag is dropped only to compare, never from what
 * the rep sees or what goes to a CRM), and is the newest sender if either was. Dots are never
 * dropped: `a.lice@x.com` is someone else (lib/identity/email.ts, baseAddress).
 */
export function onePerPerson(candidates: readonly Candidate[]): Candidate[] {
  const byBase = new Map<string, Candidate>();
  const out: Candidate[] = [];
  for (const candidate of candidates) {
    const base = candidate.email ? baseAddress(candidate.email) : undefined;
    const first = base === undefined ? undefined : byBase.get(base);
    if (!first) {
      if (base !== undefined) byBase.set(base, candidate);
      out.push(candidate);
      continue;
    }
    if (candidate.newest && !first.newest) out[out.indexOf(first)] = byBase.set(base!, { ...first, newest: true }).get(base!)!;
  }
  return out;
}

/**
 * Drops the user, colleagues, automated senders, mailing lists and muted people. Colleagues are addresses on the own
 * domains from Options and, until those are set, on the signed-in account's domain as the page shows it
 * (unless that is a free-mail provider): a rep's own team is never a prospect.
 */
export function visibleCandidates(candidates: Candidate[], settings: Settings, selfAddresses: string[] = []): Candidate[] {
  const signedInDomains = selfAddresses.map((a) => domainOf(a.toLowerCase())).filter((d): d is string => !!d && !FREE_MAIL_DOMAINS.has(d));
  return filterCandidates(candidates, {
    selfAddresses,
    myAddresses: settings.myAddresses,
    ownDomains: settings.ownDomains.length > 0 ? settings.ownDomains : signedInDomains,
    ignoreList: settings.ignoreList,
  });
}
