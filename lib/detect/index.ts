import type { SiteId } from '@/lib/sites';
import { detectGmail, GMAIL } from './gmail';
import { detectLinkedIn, LINKEDIN } from './linkedin';
import { detectOutlook, OUTLOOK } from './outlook';
import { detectOn, type SiteDetector } from './scan';

export { detectOn, MAX_CANDIDATES, MAX_SELF_ADDRESSES, type Detection, type ScanHealth, type SiteDetector } from './scan';

export { watchLocation, type WatchLocationOptions } from './location';
export { observationRoot, watchPage, type WatchPageOptions } from './observer';

/** Every site's adapter: what tests and tools scan with. A content script carries its own site's only. */
export const SITE_DETECTORS: Record<SiteId, SiteDetector> = {
  gmail: { adapter: detectGmail, finders: GMAIL },
  outlook: { adapter: detectOutlook, finders: OUTLOOK },
  linkedin: { adapter: detectLinkedIn, finders: LINKEDIN },
};

/** The prospects a supported page shows now (detectOn, lib/detect/scan.ts); every other URL gives nothing. */
export const detect = detectOn(SITE_DETECTORS);
