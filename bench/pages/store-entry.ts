/**
 * The background's lookup path, run in a plain page on 127.0.0.1 against the browser's real
 * IndexedDB. Synthetic events are written the way every event reaches the local store in the product,
 * by an import: lib/import/write-batch.ts's `writeBatch` on one `ImportSession`, 250 rows a batch, one
 * event and its person per row, the summaries written as the import writes them. Then lookups exactly
 * as lib/background/views.ts does them for the local store — localHistory, then buildInsights and the
 * first and last touch.
 *
 * `firstLookups` times people's first lookup after the import, before anything else looks them up:
 * whatever the import left in their summary is what that lookup finds.
 */
import { buildInsights } from '@/lib/insights';
import type { EngagementEvent, EngagementType } from '@/lib/model/engagement';
import { touchesOf } from '@/lib/insights/touches';
import type { MappedRow } from '@/lib/import/rows';
import { writeBatch } from '@/lib/import/write-batch';
import { countEvents, localHistory } from '@/lib/store/events';
import { ImportSession } from '@/lib/store/import-batch';
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
const ORIGIN = 'import:bench.csv';
/** Rows per batch: the import's default (lib/import/import.ts). */
const IMPORT_BATCH = 250;

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
      origin: ORIGIN,
    });
  }
  return events;
}

let session: ImportSession | undefined;

/** The row an export would hold for an event: its person (as identify() makes it) and the event. */
function row(event: EngagementEvent): MappedRow {
  const domain = event.prospectKey.slice(event.prospectKey.indexOf('@') + 1);
  return { prospect: { key: event.prospectKey, emails: [event.prospectKey], domain, origin: ORIGIN }, events: [event] };
}

/**
 * Imports events from..from+count-1, `batchSize` generated at a time and written IMPORT_BATCH rows a
 * batch; `last` ends the import (its final summaries). Resolves with the time spent writing (ms).
 */
async function seed(from: number, count: number, prospects: number, batchSize: number, now: number, last: boolean): Promise<number> {
  session ??= new ImportSession(ORIGIN);
  let writing = 0;
  for (let at = from; at < from + count; at += batchSize) {
    const rows = syntheticEvents(at, Math.min(batchSize, from + count - at), prospects, now).map(row);
    const started = performance.now();
    for (let i = 0; i < rows.length; i += IMPORT_BATCH) await writeBatch(session, rows.slice(i, i + IMPORT_BATCH));
    writing += performance.now() - started;
  }
  if (last) {
    const started = performance.now();
    await session.flush(true);
    writing += performance.now() - started;
    session = undefined;
  }
  return writing;
}

/** Times `count` lookups of keys drawn with the same Zipf distribution (`seed` picks the draw); returns each duration (ms). */
async function lookups(count: number, prospects: number, now: number, seed = 424242): Promise<LookupTimes> {
  const rank = zipfSampler(prospects, 1, seededRandom(seed + prospects));
  return timeLookups(Array.from({ length: count }, () => prospectKey(rank())), now);
}

/**
 * Times the first lookup of up to `count` different people, drawn with the same Zipf distribution
 * (`seed` picks the draw; at most 50 draws per person asked for). The suite calls it before any other
 * lookup, a part of the list at a time, and once more with the same seed at the end: the same people, warm.
 */
async function firstLookups(count: number, prospects: number, now: number, seed: number, part?: [from: number, to: number]): Promise<LookupTimes> {
  const rank = zipfSampler(prospects, 1, seededRandom(seed + prospects));
  const keys = new Set<string>();
  for (let draws = 0; keys.size < count && draws < count * 50; draws++) keys.add(prospectKey(rank()));
  // `part`: only those people of the list (the suite times the list a part at a time, sizes in turn).
  return timeLookups(part ? [...keys].slice(...part) : [...keys], now);
}

/**
 * Times the lookups of `count` people nobody stored (most of a mailbox's correspondents): no summary, so
 * the lookup also looks for events an import may have written before their summary (lib/store/events.ts).
 */
async function unknownLookups(count: number, now: number): Promise<LookupTimes> {
  return timeLookups(Array.from({ length: count }, (_, i) => `nobody-${i}@unknown-${i % 97}.example`), now);
}

interface LookupTimes {
  ms: number[];
  summaryDays: number[];
  /** The summary each lookup read, as JSON characters (0 for nobody stored). */
  summaryChars: number[];
  /** Each looked-up person's stored events (the summary's total). */
  events: number[];
  /** Lookups of a stored person whose summary kept no events, so the lookup read them from the events store. */
  readEvents: number;
}

async function timeLookups(keys: readonly string[], now: number): Promise<LookupTimes> {
  const ms: number[] = [];
  const summaryDays: number[] = [];
  const summaryChars: number[] = [];
  const events: number[] = [];
  let readEvents = 0;
  for (const key of keys) {
    const started = performance.now();
    const { summary, latest, earliest } = await localHistory(key);
    buildInsights({ summary, events: latest, now });
    touchesOf([...earliest, ...latest]);
    ms.push(performance.now() - started);
    // After the timing: how much the lookup had to read, as JSON characters of the summary.
    summaryChars.push(summary ? JSON.stringify(summary).length : 0);
    summaryDays.push(summary ? Object.keys(summary.byDay).length : 0);
    events.push(summary?.total ?? 0);
    if (summary && !summary.latest) readEvents++;
  }
  return { ms, summaryDays, summaryChars, events, readEvents };
}

Object.assign(globalThis, { PLStoreBench: { seed, lookups, firstLookups, unknownLookups, countEvents } });
