/**
 * The recent scans of each site (lib/model/detection-health.ts), in the `config` store: written by the
 * background only, from what content scripts report with `detected`. A page can make its own site look
 * unhealthy here, and nothing more: the record holds counts and finder names, never page content.
 */
import { clock } from '../clock';
import { SCANS_KEPT, type ScanHealth, type ScanRecord, type SiteHealth, summariseHealth } from '../model/detection-health';
import { SITE_IDS, type SiteId } from '../sites';
import { db } from './db';

const HEALTH_ID = 'detection-health';

type Stored = Partial<Record<SiteId, ScanRecord[]>>;

function parseStored(value: unknown): Stored {
  const stored: Stored = {};
  if (!value || typeof value !== 'object') return stored;
  for (const site of SITE_IDS) {
    const scans = (value as Record<string, unknown>)[site];
    if (Array.isArray(scans)) stored[site] = scans.slice(-SCANS_KEPT) as ScanRecord[];
  }
  return stored;
}

/** Adds one scan to its site's record; a scan where no finder matched (an inbox, a blank page) adds nothing. */
export async function recordScan(site: SiteId, health: ScanHealth): Promise<void> {
  const hits = health.precise.length + health.fallback.length;
  if (hits === 0) return;
  const tx = (await db()).transaction('config', 'readwrite');
  const store = tx.objectStore('config');
  const stored = parseStored((await store.get(HEALTH_ID))?.value);
  const scan: ScanRecord = { at: clock.iso(), precise: health.precise.length, fallback: health.fallback.length, fallbackFinders: health.fallback };
  stored[site] = [...(stored[site] ?? []), scan].slice(-SCANS_KEPT);
  await store.put({ id: HEALTH_ID, value: stored, updatedAt: scan.at });
  await tx.done;
}

/** Every site's health, unseen ones included. */
export async function detectionHealth(): Promise<Record<SiteId, SiteHealth>> {
  const stored = parseStored((await (await db()).get('config', HEALTH_ID))?.value);
  return Object.fromEntries(SITE_IDS.map((site) => [site, summariseHealth(stored[site] ?? [])])) as Record<SiteId, SiteHealth>;
}
