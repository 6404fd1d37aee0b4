/**
 * Detection health: how each site's page readers found what they found. Every adapter keeps its
 * selectors as finders with a precise selector (from a real capture) and a looser fallback
 * (lib/detect/selectors.ts). When a site changes its markup, the precise selector stops matching and
 * the fallback answers instead: detection keeps working, less surely. Counting which one answered,
 * scan by scan, is what makes that drift visible (Options, "Detection health"; diagnostics).
 * See docs/architecture.md, "Detection health".
 */
import { z } from './zod';

/** A finder's name as the adapters export it (`sender`, `recipientLine`…). */
const finderName = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/);

/** What one scan reports: the finders that matched precisely, and those that matched only by fallback. */
export const ScanHealth = z.object({
  precise: z.array(finderName).max(40),
  fallback: z.array(finderName).max(40),
});
export type ScanHealth = z.infer<typeof ScanHealth>;

/** One recorded scan. */
export interface ScanRecord {
  at: string;
  precise: number;
  fallback: number;
  /** The finders that answered from their fallback, for support (names only, never page content). */
  fallbackFinders: string[];
}

/** How many recent scans per site are kept: enough for a share, small enough to rewrite each time. */
export const SCANS_KEPT = 50;

export type HealthState = 'unseen' | 'precise' | 'fallback';

/** A site's health as Options and diagnostics show it. */
export interface SiteHealth {
  state: HealthState;
  /** When a page of this site last showed something detection could read (ISO), if ever. */
  lastSeen?: string;
  scans: number;
  /** Finder hits over the kept scans, and the share (0–1) that came from a fallback. */
  hits: number;
  fallbackShare: number;
  /** The finders that answered from their fallback in the kept scans. */
  fallbackFinders: string[];
}

export function summariseHealth(scans: readonly ScanRecord[]): SiteHealth {
  if (scans.length === 0) return { state: 'unseen', scans: 0, hits: 0, fallbackShare: 0, fallbackFinders: [] };
  let precise = 0;
  let fallback = 0;
  const finders = new Set<string>();
  for (const scan of scans) {
    precise += scan.precise;
    fallback += scan.fallback;
    for (const name of scan.fallbackFinders) finders.add(name);
  }
  const hits = precise + fallback;
  return {
    state: fallback > 0 ? 'fallback' : 'precise',
    lastSeen: scans[scans.length - 1]?.at,
    scans: scans.length,
    hits,
    fallbackShare: hits === 0 ? 0 : fallback / hits,
    fallbackFinders: [...finders].sort(),
  };
}
