/**
 * How a summary's counts are stored (lib/store/summary.ts): a day's counts are a list in COUNTED_TYPES
 * order. Summaries stored before, with counts keyed by type name, are still read right by every path
 * that reads one (a lookup, an event added, an import's summaries, a deletion) and written back as lists.
 */
import { serialize } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { writeBatch } from '@/lib/import/write-batch';
import { ENGAGEMENT_TYPES, type EngagementEvent, type EngagementType } from '@/lib/model/engagement';
import { closeDbForTests, db } from '@/lib/store/db';
import { addEvents, deleteEventsBefore, deleteEventsByOrigin, getSummary, localHistory } from '@/lib/store/events';
import { ImportSession } from '@/lib/store/import-batch';
import { addToSummary, COUNTED_TYPES, type DailySummary, emptySummary, fromStored, type NamedCountsSummary } from '@/lib/store/summary';

afterEach(async () => {
  const store = await db();
  await Promise.all([store.clear('events'), store.clear('summaries'), store.clear('prospects')]);
  await closeDbForTests();
});

const START = Date.UTC(2026, 0, 1, 9);
const DAY_MS = 86_400_000;
const KEY = 'dana@northwind.example';

/** `days` days of `types` each, one event per type per day (`count` of them), oldest first. */
function year(days: number, types: readonly EngagementType[], { key = KEY, origin = 'import:year.csv' } = {}): EngagementEvent[] {
  return Array.from({ length: days }, (_, day) =>
    types.map((type, t): EngagementEvent => ({
      id: `local:${key}:${day}:${type}`,
      prospectKey: key,
      source: 'local',
      type,
      occurredAt: new Date(START + day * DAY_MS + t * 60_000).toISOString(),
      title: `Campaign ${day % 40} — message ${t}`,
      campaign: 'Q1 nurture',
      channel: 'email',
      origin,
    })),
  ).flat();
}

function summaryOf(events: readonly EngagementEvent[], key = KEY): DailySummary {
  const summary = emptySummary(key);
  for (const event of events) addToSummary(summary, event, 1);
  return summary;
}

/** The same summary as v2 to v4 stored it: each day's counts keyed by type name. */
function named(summary: DailySummary): NamedCountsSummary {
  const { byDay, ...rest } = summary;
  const days: NamedCountsSummary['days'] = {};
  for (const [day, counts] of Object.entries(byDay)) days[day] = Object.fromEntries(counts.flatMap((n, i) => (n ? [[COUNTED_TYPES[i]!, n]] : [])));
  return { ...rest, days };
}

describe('a day’s counts as a list', () => {
  it('are in an order that only ever grows at the end, with a place for every type', () => {
    // Stored summaries index into this order: a type moved or removed would count as another.
    expect(COUNTED_TYPES.slice(0, 17)).toEqual([
      'email_sent', 'email_open', 'email_click', 'email_reply', 'email_bounce', 'unsubscribe', 'page_view',
      'form_submit', 'content_download', 'webinar_registered', 'webinar_attended', 'event_attended', 'ad_click',
      'social', 'score_change', 'stage_change', 'other',
    ]);
    expect([...COUNTED_TYPES].sort()).toEqual([...ENGAGEMENT_TYPES].sort());
  });

  it('keep a busy person’s year (every type, every day, the kept events) under a third of its size keyed by names', () => {
    const summary = summaryOf(year(366, ENGAGEMENT_TYPES));
    expect(Object.keys(summary.byDay)).toHaveLength(366);
    // The structured clone Chromium stores is V8's serializer, Node's `v8.serialize`.
    expect(serialize(summary).length * 3).toBeLessThan(serialize(named(summary)).length);
  });

  it('read from a summary keyed by names, are the same as the lists the events make; unknown names and bad counts are left out', () => {
    const events = year(30, ['email_open', 'page_view', 'other', 'email_sent']);
    const summary = summaryOf(events);
    expect(fromStored(named(summary))).toEqual(summary);
    const odd = named(summary);
    const firstDay = Object.keys(odd.days).sort()[0]!;
    Object.assign(odd.days[firstDay]!, { not_a_type: 5, email_click: -2, form_submit: 'x', social: 0 });
    expect(fromStored(odd)).toEqual(summary);
    expect(fromStored(summary)).toBe(summary);
  });
});

describe('a damaged summary', () => {
  it('reads as the counts that are sound: a day that is not a list, or holds a count that is not a whole number ≥ 0, is dropped', () => {
    const sound = summaryOf(year(3, ['email_open', 'page_view']));
    const [first, second, third] = Object.keys(sound.byDay).sort();
    const damaged = { ...sound, byDay: { ...sound.byDay, [first!]: 'x', [second!]: [1, Number.NaN] } } as unknown as DailySummary;
    expect(fromStored(damaged).byDay).toEqual({ [third!]: sound.byDay[third!] });
    const more = (counts: unknown) => fromStored({ ...sound, byDay: { [first!]: counts } } as unknown as DailySummary).byDay;
    expect(more([1, -1])).toEqual({});
    expect(more([0.5])).toEqual({});
    expect(more(['2'])).toEqual({});
    expect(more(new Array(COUNTED_TYPES.length + 1).fill(1))).toEqual({});
    expect(more([1, , 2])).toEqual({});
    expect(fromStored({ ...sound, byDay: null } as unknown as DailySummary).byDay).toEqual({});
    expect(fromStored({ prospectKey: KEY, total: 1 } as unknown as DailySummary).byDay).toEqual({});
  });

  it('reads kept lists that are not lists of events as unknown, counts a bad total again, and drops a bad last touch', () => {
    const sound = summaryOf(year(3, ['email_open', 'page_view']));
    const read = (damage: object) => fromStored({ ...sound, ...damage } as unknown as DailySummary);
    for (const latest of [{}, 'x', [null], [{ id: 1 }]]) {
      const summary = read({ latest });
      expect(summary.latest).toBeUndefined();
      expect(summary.earliest).toBeUndefined();
      expect(summary.total).toBe(6);
    }
    expect(read({ earliest: undefined }).latest).toBeUndefined();
    for (const total of [undefined, Number.NaN, -1, 2.5, '6']) expect(read({ total }).total).toBe(6);
    expect(read({ lastTouch: 5 })).not.toHaveProperty('lastTouch');
    expect(read({ lastTouch: 5 }).latest).toEqual(sound.latest);
  });

  it('with damaged kept lists, total or last touch, still gives a card and lets retention delete everyone’s old events', async () => {
    const old = year(2, ['email_open']);
    const other = year(2, ['email_open'], { key: 'ann@tailspin.example' });
    await addEvents([...old, ...other]);
    const store = await db();
    const stored = (await store.get('summaries', KEY))!;
    await store.put('summaries', { ...stored, latest: {}, earliest: 'x', total: undefined, lastTouch: 7 } as unknown as DailySummary);
    const history = await localHistory(KEY);
    expect(history.latest.map((e) => e.id)).toEqual([...old].reverse().map((e) => e.id));
    expect(history.summary?.total).toBe(2);
    await store.put('summaries', { ...stored, latest: {} } as unknown as DailySummary);
    expect(await deleteEventsBefore(new Date(START + DAY_MS).toISOString())).toBe(2);
    expect((await getSummary(KEY))?.total).toBe(1);
    expect((await getSummary('ann@tailspin.example'))?.total).toBe(1);
  });

  it('keyed by names, leaves out a count that is not a whole positive number', () => {
    const days = { '2026-01-01': { email_open: Number.POSITIVE_INFINITY, page_view: 1.5, email_click: 2 } };
    expect(fromStored({ prospectKey: KEY, total: 2, days } as NamedCountsSummary).byDay).toEqual({ '2026-01-01': [0, 0, 2] });
  });

  it('an event of a type with no place in the lists counts as other', () => {
    const summary = emptySummary(KEY);
    addToSummary(summary, { ...year(1, ['email_open'])[0]!, type: 'not_yet_a_type' as EngagementType }, 1);
    expect(Object.values(summary.byDay)).toEqual([[...new Array(COUNTED_TYPES.indexOf('other')).fill(0), 1]]);
  });
});

describe('a summary stored with counts keyed by names', () => {
  async function storeNamed(events: readonly EngagementEvent[]): Promise<DailySummary> {
    await addEvents(events);
    const summary = summaryOf(events);
    await (await db()).put('summaries', named(summary));
    return summary;
  }

  const stored = async () => (await db()).get('summaries', KEY);

  it('is read by a lookup with its counts', async () => {
    const summary = await storeNamed(year(10, ['email_open', 'webinar_attended']));
    expect((await localHistory(KEY)).summary).toEqual(summary);
    expect(await getSummary(KEY)).toEqual(summary);
  });

  it('gets an added event’s count and is written back as lists', async () => {
    const events = year(10, ['email_open']);
    await storeNamed(events);
    const more = year(11, ['email_open']).slice(10);
    await addEvents(more);
    expect(await stored()).toEqual(summaryOf([...events, ...more]));
    expect(await stored()).not.toHaveProperty('days');
  });

  it('gets an import’s counts added, and is written back as lists', async () => {
    const events = year(5, ['page_view']);
    await storeNamed(events);
    const imported = year(8, ['page_view', 'form_submit']).filter((e) => !events.some((old) => old.id === e.id));
    const session = new ImportSession('import:more.csv');
    await writeBatch(session, imported.map((event) => ({ prospect: { key: KEY, emails: [KEY], domain: 'northwind.example', origin: 'import:more.csv' }, events: [event] })));
    await session.flush(true);
    expect(await stored()).toEqual(summaryOf([...events, ...imported]));
  });

  it('loses the counts of deleted events, and is written back as lists', async () => {
    const kept = year(6, ['email_click'], { origin: 'import:kept.csv' });
    const removed = year(4, ['ad_click'], { origin: 'import:removed.csv' });
    await storeNamed([...kept, ...removed]);
    expect(await deleteEventsByOrigin('import:removed.csv')).toBe(removed.length);
    expect(await stored()).toEqual(summaryOf(kept));
  });
});
