/**
 * Background lookup (localHistory: the person's summary, with the newest 20 and oldest 30 events it
 * keeps or else read from the events; buildInsights; first and last touch — as lib/background/views.ts
 * does it for the local store) at 10k, 100k and 1M stored events over 500 / 5k / 50k prospects
 * (Zipf s = 1.0), in the browser's real IndexedDB. Each size gets its own origin (its own database): a
 * plain page on 127.0.0.1 that loads bench/pages/store-entry.ts bundled and imports the events through
 * the import's own writer (every event reaches the local store by an import in the product). Once
 * every size is written, each in a tab that stays open, it times FIRST_LOOKUPS different people's first
 * lookup after the import, then, after WARMUP untimed ones, LOOKUPS lookups of keys drawn with the same
 * Zipf distribution, then the same FIRST_LOOKUPS people again — each set in parts, the sizes in turn
 * (BLOCKS, below) — and last the lookups of people nobody stored. Each set counts the lookups that had
 * to read events (a summary keeping none).
 *
 * Writing is the slow part. A size whose writing would not end before `deadline` (extrapolated from
 * the rate measured while writing) is stopped and reported as not measured, with the numbers.
 */
import { summarise } from '../lib/stats.mjs';
import { scriptPage, startServer } from '../lib/server.mjs';

export const LOOKUP_SIZES = [
  { events: 10_000, prospects: 500, budgetP95Ms: 10 },
  { events: 100_000, prospects: 5_000, budgetP95Ms: 12 },
  { events: 1_000_000, prospects: 50_000, budgetP95Ms: 20 },
];
/**
 * Lookups timed per size, after WARMUP untimed ones (each size has a fresh page, whose first lookups
 * also compile the insights code). With 500 and no warm-up, the 10k set's p95 — the growth figure's
 * denominator — moved between 2.5 and 4.9 ms within one run (2026-12-03).
 */
const LOOKUPS = 2_000;
const WARMUP = 200;
/** Different people whose first lookup after the import is timed, per size (Zipf-drawn, so fewer when 50 draws per person find fewer). */
const FIRST_LOOKUPS = 400;
/**
 * The first lookups again, split by how much history the person has (their stored events). The 400
 * people of the 10k set are most of its 500, down to the tail; those of the 1M set are mostly its
 * heaviest, since a Zipf draw over 50,000 people stops at 400 long before the tail: on 2026-12-05 the
 * median summary read was 4.3 KB at 10k and 14.5 KB at 1M. Within a band the people have comparable
 * summaries, so comparing a band across sizes asks whether a bigger store makes the same read slower.
 */
export const HISTORY_BANDS = [
  { label: '1–19 events', min: 1, max: 19 },
  { label: '20–99 events', min: 20, max: 99 },
  { label: '100 events or more', min: 100, max: Infinity },
];
/** A band's p95 growth is reported only where both sizes have at least this many people in it. */
const BAND_MIN_PEOPLE = 20;

function byHistory(times) {
  return HISTORY_BANDS.map((band) => {
    const ms = times.ms.filter((_, i) => times.events[i] >= band.min && times.events[i] <= band.max);
    const chars = times.summaryChars.filter((_, i) => times.events[i] >= band.min && times.events[i] <= band.max);
    return { band: band.label, ms: summarise(ms), summaryChars: summarise(chars) };
  });
}

/** Events generated at a time (the import writes them 250 rows a batch). */
const BATCH = 5_000;
/** Events written per page.evaluate, so progress and the deadline are checked between chunks. */
const CHUNK = 50_000;

/**
 * The timed lookups run in BLOCKS parts, the written sizes in turn (the first size in each part moves
 * on by one), so every size is timed across the same minutes. Timed one size after another, as until
 * 2026-12-06, the 10k set was timed minutes before the 1M set, and the growth figure moved with whatever
 * the machine did in between: 1.70×, 2.56× and 1.37× in three runs of the same code on 2026-12-05.
 */
const BLOCKS = 10;

/** Writes one size into a tab of its own; the tab stays open for the lookups (`open`), unless writing stopped. */
async function writeSize(browser, bundle, size, deadline, log) {
  const server = await startServer(scriptPage(bundle, 'store bench'));
  const tab = await browser.context.newPage();
  const closeAll = async () => {
    await tab.close();
    await server.close();
  };
  try {
    await tab.goto(`${server.origin}/index.html`);
    const now = Date.now();
    const started = Date.now();
    let written = 0;
    let writingMs = 0;
    if (Date.now() > deadline) {
      log(`lookup ${size.events}: not written, the run's time is up`);
      await closeAll();
      return { result: { ...size, measured: false, written: 0, writeSeconds: 0, eventsPerSecond: null } };
    }
    while (written < size.events) {
      const count = Math.min(CHUNK, size.events - written);
      const last = written + count === size.events;
      writingMs += await tab.evaluate(([from, n, prospects, batch, at, end]) => globalThis.PLStoreBench.seed(from, n, prospects, batch, at, end), [written, count, size.prospects, BATCH, now, last]);
      written += count;
      const rate = written / ((Date.now() - started) / 1000);
      const finishAt = Date.now() + ((size.events - written) / rate) * 1000;
      if (written < size.events && finishAt > deadline) {
        log(`lookup ${size.events}: stopped writing at ${written} events (${Math.round(rate)} events/s; would need ${Math.round((size.events - written) / rate)} s more)`);
        await closeAll();
        return { result: { ...size, measured: false, written, writeSeconds: (Date.now() - started) / 1000, eventsPerSecond: rate } };
      }
    }
    const writeSeconds = (Date.now() - started) / 1000;
    const stored = await tab.evaluate(() => globalThis.PLStoreBench.countEvents());
    log(`lookup ${size.events}: written in ${writeSeconds.toFixed(0)} s`);
    const result = { ...size, measured: true, stored, writeSeconds, eventsPerSecond: size.events / writeSeconds, importMsPerEvent: writingMs / size.events };
    return { result, open: { size, tab, now, result, close: closeAll } };
  } catch (error) {
    await closeAll().catch(() => {});
    throw error;
  }
}

/** One set of lookup times from its parts, in the order they were timed. */
function joined(parts) {
  return {
    ms: parts.flatMap((p) => p.ms),
    summaryDays: parts.flatMap((p) => p.summaryDays),
    summaryChars: parts.flatMap((p) => p.summaryChars),
    events: parts.flatMap((p) => p.events),
    readEvents: parts.reduce((sum, p) => sum + p.readEvents, 0),
  };
}

/**
 * Runs `part(open[i], block)` for every block and every open size, block by block and the sizes in turn
 * (block b starts with open[b mod n]), each size's tab brought to the front first; joins each size's parts.
 */
async function inTurn(open, part) {
  const parts = open.map(() => []);
  for (let block = 0; block < BLOCKS; block++) {
    for (let k = 0; k < open.length; k++) {
      const i = (block + k) % open.length;
      await open[i].tab.bringToFront();
      parts[i].push(await part(open[i], block));
    }
  }
  return parts.map(joined);
}

/** `deadline`: the wall-clock time (ms since epoch) by which writing must end. */
export async function lookup({ browser, bundle, deadline, log }) {
  const results = [];
  const open = [];
  try {
    for (const size of LOOKUP_SIZES) {
      const written = await writeSize(browser, bundle, size, deadline, log);
      results.push(written.result);
      if (written.open) open.push(written.open);
    }
    // First: each person's first lookup after the import, a tenth of the people at a time.
    const per = FIRST_LOOKUPS / BLOCKS;
    const firstLookupsPart = ({ tab, size, now }, block) =>
      tab.evaluate(([n, prospects, at, part]) => globalThis.PLStoreBench.firstLookups(n, prospects, at, 31337, part), [FIRST_LOOKUPS, size.prospects, now, [block * per, (block + 1) * per]]);
    const first = await inTurn(open, firstLookupsPart);
    for (const { tab, size, now } of open) await tab.evaluate(([n, prospects, at]) => globalThis.PLStoreBench.lookups(n, prospects, at, 777), [WARMUP, size.prospects, now]);
    const timed = await inTurn(open, ({ tab, size, now }, block) =>
      tab.evaluate(([n, prospects, at, seed]) => globalThis.PLStoreBench.lookups(n, prospects, at, seed), [LOOKUPS / BLOCKS, size.prospects, now, 424242 + block]),
    );
    // The same people once more: what is left of their first lookup's time once the store is warm.
    const again = await inTurn(open, firstLookupsPart);
    for (const [i, o] of open.entries()) {
      // People nobody stored, as most of a mailbox's correspondents are.
      const unknown = await o.tab.evaluate(([n, at]) => globalThis.PLStoreBench.unknownLookups(n, at), [FIRST_LOOKUPS, o.now]);
      Object.assign(o.result, {
        lookupMs: summarise(timed[i].ms),
        summaryDays: summarise(timed[i].summaryDays),
        eventsOfLookedUpProspect: summarise(timed[i].events),
        lookupsReadingEvents: timed[i].readEvents,
        firstLookups: first[i].ms.length,
        firstLookupsReadingEvents: first[i].readEvents,
        samePeopleAgainMs: summarise(again[i].ms),
        unknownPeopleMs: summarise(unknown.ms),
        firstLookupMs: summarise(first[i].ms),
        eventsOfFirstLookedUpProspect: summarise(first[i].events),
        firstLookupSummaryChars: summarise(first[i].summaryChars),
        firstLookupByHistory: byHistory(first[i]),
      });
      log(`lookup ${o.size.events}: p95 ${o.result.lookupMs.p95.toFixed(2)} ms, first after an import ${o.result.firstLookupMs.p95.toFixed(2)} ms`);
    }
  } finally {
    for (const o of open) await o.close().catch(() => {});
  }
  const [small, , large] = results;
  const both = small?.measured && large?.measured;
  return {
    lookups: LOOKUPS,
    warmup: WARMUP,
    firstLookups: FIRST_LOOKUPS,
    batch: BATCH,
    sizes: results,
    p95Growth10kTo1M: both ? large.lookupMs.p95 / small.lookupMs.p95 : null,
    firstLookupP95Growth10kTo1M: both ? large.firstLookupMs.p95 / small.firstLookupMs.p95 : null,
    firstLookupP95GrowthByHistory: both
      ? small.firstLookupByHistory.map(({ band, ms }, i) => {
          const at1M = large.firstLookupByHistory[i].ms;
          const enough = ms.n >= BAND_MIN_PEOPLE && at1M.n >= BAND_MIN_PEOPLE;
          return { band, people10k: ms.n, people1M: at1M.n, growth: enough ? at1M.p95 / ms.p95 : null };
        })
      : null,
  };
}
