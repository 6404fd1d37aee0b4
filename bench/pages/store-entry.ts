/**
 * The background's lookup path, run in a plain page on 127.0.0.1 against the browser's real
 * IndexedDB: synthetic events written through `addEvents` (which keeps the per-prospect summaries),
 * then lookups exactly as lib/background/views.ts does them for the local store — localHistory (the
 * summary with the newest 20 and the oldest 30 events it keeps), then buildInsights and the first and
 * last touch.
 */
import { buildInsights } from '@/lib/insights';
import type { EngagementEvent, EngagementType } from '@/lib/model/engagement';
import { touchesOf } from '@/lib/insights/touches';
import { addEvents, countEvents, localHistory } from '@/lib/store/events';
import { seededRandom, zipfSampler } from './random';

const DAY_MS = 86_400_000;
/** The default retention (lib/model/settings.ts): stored events span at most a year. */
const SPAN_DAYS = 365;
/** Roughly how often each type shows up in a marketing system's activity log. */
const TYPE_MIX: [EngagementType, number][] = [
  ['email_open', 35], ['email_sent', 20], ['email_click', 12], ['page_view', 20], ['form_submit', 3],
  ['content_download', 3], ['webinar_registered', 2], ['webinar_attended', 1], ['ad_click', 2], ['social', 2],
];
const TYPE_TOTAL = TYPE_MIX.reduce((a, [, w]) => a + w, 0);
const PAGES = ['/pricing', '/blog/roi-guide', '/product/tour', '/customers', '/docs/getting-started', '/contact-sales'];

export const prospectKey = (rank: number) => `prospect-${rank}@company-${rank % 997}.example`;

function pickType(random: () => number): EngagementType {
  let roll = random() * TYPE_TOTAL;
  for (const [type, weight] of TYPE_MIX) if ((roll -= weight) < 0) return type;
  return 'other';
}

/** Events `from` .. `from + count - 1` of a data set; event i is the same on every run. */
function syntheticEvents(from: number, count: number, prospects: number, now: number): EngagementEvent[] {
  const random = seededRandom(from * 7919 + prospects);
  const rank = zipfSampler(prospects, 1, random);
  const events: EngagementEvent[] = [];
  for (let i = from; i < from + count; i++) {
    const type = pickType(random);
    events.push({
      id: `bench:${i}`,
      prospectKey: prospectKey(rank()),
      source: 'local',
      type,
      occurredAt: new Date(now - Math.floor(random() * SPAN_DAYS * DAY_MS)).toISOString(),
      title: type === 'page_view' ? 'Visited a page' : `Campaign ${i % 40} — message ${i % 7}`,
      ...(type === 'page_view' && { url: `https://www.example.com${PAGES[i % PAGES.length]}` }),
      campaign: `Q${(i % 4) + 1} nurture`,
      channel: 'email',
      origin: 'import:bench.csv',
    });
  }
  return events;
}

/** Writes events from..from+count-1 in batches; resolves with the time spent writing (ms). */
async function seed(from: number, count: number, prospects: number, batchSize: number, now: number): Promise<number> {
  let writing = 0;
  for (let at = from; at < from + count; at += batchSize) {
    const batch = syntheticEvents(at, Math.min(batchSize, from + count - at), prospects, now);
    const started = performance.now();
    await addEvents(batch);
    writing += performance.now() - started;
  }
  return writing;
}

/** Times `count` lookups of keys drawn with the same Zipf distribution (`seed` picks the draw); returns each duration (ms). */
async function lookups(count: number, prospects: number, now: number, seed = 424242): Promise<{ ms: number[]; summaryDays: number[]; events: number[] }> {
  const rank = zipfSampler(prospects, 1, seededRandom(seed + prospects));
  const ms: number[] = [];
  const summaryDays: number[] = [];
  const events: number[] = [];
  for (let i = 0; i < count; i++) {
    const key = prospectKey(rank());
    const started = performance.now();
    const { summary, latest, earliest } = await localHistory(key);
    buildInsights({ summary, events: latest, now });
    touchesOf([...earliest, ...latest]);
    ms.push(performance.now() - started);
    summaryDays.push(summary ? Object.keys(summary.days).length : 0);
    events.push(summary?.total ?? 0);
  }
  return { ms, summaryDays, events };
}

Object.assign(globalThis, { PLStoreBench: { seed, lookups, countEvents } });
