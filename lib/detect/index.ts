import type { Candidate } from '@/lib/model/prospect';
import { siteOf, type SiteId } from '@/lib/sites';
import { baseAddress } from '../identity/email';
import { detectGmail } from './gmail';
import { detectLinkedIn } from './linkedin';
import { detectOutlook } from './outlook';
import type { Adapter } from './types';

export { watchLocation, type WatchLocationOptions } from './location';
export { observationRoot, watchPage, type WatchPageOptions } from './observer';

/** The `detected` request's limits (lib/model/messages.ts), repeated here to keep zod out of the content script. */
export const MAX_CANDIDATES = 200;
export const MAX_SELF_ADDRESSES = 20;

const ADAPTERS: Record<SiteId, Adapter> = {
  gmail: detectGmail,
  outlook: detectOutlook,
  linkedin: detectLinkedIn,
};

export interface Detection {
  site: SiteId | null;
  candidates: Candidate[];
  selfAddresses: string[];
}

/**
 * The prospects a supported page shows now, without the signed-in user's own addresses (a thread
 * always lists them; `filterCandidates` drops the rest of what should not show). Every other URL
 * gives nothing.
 */
export function detect(document: Document, url: string | URL): Detection {
  const site = siteOf(url);
  if (!site) return { site: null, candidates: [], selfAddresses: [] };
  const found = ADAPTERS[site](document, new URL(url));
  const self = new Set(found.selfAddresses.map(baseAddress));
  const candidates = found.candidates.filter((c) => !c.email || !self.has(baseAddress(c.email)));
  return {
    site,
    candidates: candidates.slice(0, MAX_CANDIDATES),
    selfAddresses: found.selfAddresses.slice(0, MAX_SELF_ADDRESSES),
  };
}
