import type { Candidate } from '@/lib/model/prospect';

/** What one site adapter reads from a page. */
export interface SiteDetection {
  candidates: Candidate[];
  /** The signed-in user's own addresses as the page shows them (normalised). */
  selfAddresses: string[];
}

/** A site adapter: a pure function of the document and its URL. */
export type Adapter = (document: Document, url: URL) => SiteDetection;
