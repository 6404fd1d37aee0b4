/**
 * Detection for the sites one content script serves. Each site has a script of its own (a Gmail tab
 * carries no Outlook or LinkedIn adapter: docs/architecture.md, "What the content script carries"), so
 * the scan is made from the adapters given; lib/detect/index.ts makes it for every site.
 */
import type { Candidate } from '@/lib/model/prospect';
import { siteOf, type SiteId } from '@/lib/sites';
import { isPersonCandidate } from '../identity/candidate';
import { selfKey } from '../identity/email';
import { type Finder, recordHits } from './selectors';
import type { Adapter } from './types';

/** The `detected` request's limits (lib/model/messages.ts), repeated here to keep zod out of the content script. */
export const MAX_CANDIDATES = 200;
export const MAX_SELF_ADDRESSES = 20;

/** A site's adapter, and its finders by name, the names detection health reports them under. */
export interface SiteDetector {
  adapter: Adapter;
  finders: Record<string, Finder>;
}

/**
 * Which of the site's finders matched in this scan: by their precise selector, or only by their
 * fallback (a sign the site's markup moved; docs/architecture.md, "Detection health"). Finders that
 * matched nothing are in neither list: most pages show only some of them.
 */
export interface ScanHealth {
  precise: string[];
  fallback: string[];
}

export interface Detection {
  site: SiteId | null;
  candidates: Candidate[];
  selfAddresses: string[];
  health: ScanHealth;
}

/**
 * The scan of `sites`: the prospects a supported page shows now, without the signed-in user's own
 * addresses (a thread always lists them; `filterCandidates` drops the rest of what should not show) and
 * without anyone whose key the background would refuse, which would cost the whole page its cards.
 * Every other URL, a site not among them too, gives nothing.
 */
export function detectOn(sites: Partial<Record<SiteId, SiteDetector>>): (document: Document, url: string | URL) => Detection {
  return (document, url) => {
    const site = siteOf(url);
    const detector = site && sites[site];
    if (!site || !detector) return { site: null, candidates: [], selfAddresses: [], health: { precise: [], fallback: [] } };
    const { result: found, hits } = recordHits(() => detector.adapter(document, new URL(url)));
    const health: ScanHealth = { precise: [], fallback: [] };
    for (const [name, finder] of Object.entries(detector.finders)) {
      const hit = hits.get(finder);
      if (hit) health[hit].push(name);
    }
    const self = new Set(found.selfAddresses.map(selfKey));
    const candidates = found.candidates.filter((c) => isPersonCandidate(c) && (!c.email || !self.has(selfKey(c.email))));
    return {
      site,
      candidates: candidates.slice(0, MAX_CANDIDATES),
      selfAddresses: found.selfAddresses.slice(0, MAX_SELF_ADDRESSES),
      health,
    };
  };
}
