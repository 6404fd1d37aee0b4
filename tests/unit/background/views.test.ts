import { describe, expect, it, vi } from 'vitest';
import { storeFinder } from '@/lib/background/finder';
import { buildViews, forgetLookupsOnErase, type ViewDeps } from '@/lib/background/views';
import { deleteEverything } from '@/lib/data/erase';
import { getCached } from '@/lib/store/cache';
import type { ProspectView } from '@/lib/model/view';
import { DEFAULT_SETTINGS } from '@/lib/model/settings';
import { AccessNotGranted, type EngagementSource, SourceError, type SourceRecord } from '@/lib/sources/types';
import { render, screen } from '@testing-library/preact';
import { h } from 'preact';
import { SourceNotices } from '@/components/card/SourceNotices';
import { addEvents } from '@/lib/store/events';
import { upsertProspects } from '@/lib/store/prospects';
import { viewsAt } from './views-clock';

const NOW = Date.UTC(2026, 10, 27, 12);
viewsAt(NOW);

function fakeSource(answer: (keys: string[]) => SourceRecord[] | Promise<SourceRecord[]>): EngagementSource & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    kind: 'hubspot',
    calls,
    async lookup(queries) {
      calls.push(queries.map((q) => q.key));
      return answer(queries.map((q) => q.key));
    },
    async test() {
      return 'ok';
    },
  };
}

function deps(sources: EngagementSource[] = []): ViewDeps {
  return {
    finder: storeFinder,
    sources: async () => sources,
    settings: async () => DEFAULT_SETTINGS,
    recentActions: async () => [],
    now: () => NOW,
  };
}

const dana = { key: 'dana@northwind.example', email: 'dana@northwind.example', name: 'Dana W.' };

async function seedDana() {
  await upsertProspects([{ key: dana.key, emails: [dana.key], name: 'Dana Whitfield', lifecycleStage: 'opportunity', leadScore: 87, refs: [] }]);
  await addEvents(
    Array.from({ length: 25 }, (_, i) => ({
      id: `local:${i}`,
      prospectKey: dana.key,
      source: 'local' as const,
      type: 'email_click' as const,
      occurredAt: new Date(NOW - i * 3_600_000).toISOString(),
      title: `Click ${i}`,
    })),
  );
}

describe('buildViews', () => {
  it('builds a known card from the local store: stored fields win, newest 20 events first', async () => {
    await seedDana();
    const [view] = await buildViews([dana], deps());
    expect(view).toMatchObject({ key: dana.key, known: true, match: 'email', prospect: { name: 'Dana Whitfield', lifecycleStage: 'opportunity' } });
    expect(view!.events).toHaveLength(20);
    expect(view!.events[0]!.title).toBe('Click 0');
    expect(view!.insights.counts30.email_click).toBe(25);
  });

  it('gives an unknown person a card built from what the page showed', async () => {
    const [view] = await buildViews([{ key: 'x@new.example', email: 'x@new.example', name: 'Xavier' }], deps());
    expect(view).toMatchObject({ key: 'x@new.example', known: false, match: 'none', prospect: { name: 'Xavier' }, events: [] });
  });

  it('answers at once, asks the source behind, then caches: the second build uses the cache', async () => {
    const source = fakeSource((keys) =>
      keys.map((key) => ({
        key,
        prospect: { key, lifecycleStage: 'salesqualifiedlead', refs: [{ source: 'hubspot', externalId: '501', url: 'https://app.hubspot.com/contacts/1/record/0-1/501' }] },
        events: [{ id: 'hubspot:w1', prospectKey: key, source: 'hubspot', type: 'webinar_attended', occurredAt: new Date(NOW - 86_400_000).toISOString() }],
        allTime: { emailOpens: 40 },
      })),
    );
    const refreshed = new Promise<ProspectView[]>((resolve) => void buildViews([dana], deps([source]), { onRefreshed: resolve }).then((first) => {
      expect(first[0]!.sources).toEqual([{ source: 'hubspot', state: 'loading', fetchedAt: undefined }]);
      expect(first[0]!.known).toBe(false);
    }));
    const [fresh] = await refreshed;
    expect(fresh).toMatchObject({ known: true, prospect: { lifecycleStage: 'salesqualifiedlead' }, insights: { allTime: { emailOpens: 40 } } });
    expect(fresh!.events.map((e) => e.id)).toEqual(['hubspot:w1']);
    expect(fresh!.links).toEqual([{ label: 'Open in HubSpot', url: 'https://app.hubspot.com/contacts/1/record/0-1/501' }]);

    const onRefreshed = vi.fn();
    const [cached] = await buildViews([dana], deps([source]), { onRefreshed });
    expect(cached!.sources[0]!.state).toBe('ok');
    expect(source.calls).toHaveLength(1);
  });

  it('asks a source once for a person shown in two places at the same time (a tab and its side panel)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const source = fakeSource(async (keys) => {
      await gate;
      return keys.map((key) => ({ key, prospect: { key, refs: [] }, events: [] }));
    });
    const sidebar = new Promise<ProspectView[]>((resolve) => void buildViews([dana], deps([source]), { onRefreshed: resolve }));
    const panel = new Promise<ProspectView[]>((resolve) => void buildViews([dana, { key: 'li@x.example', email: 'li@x.example' }], deps([source]), { onRefreshed: resolve }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await Promise.all([sidebar, panel]);
    expect(source.calls).toEqual([[dana.key], ['li@x.example']]);
  });

  it('shows a failing source as an error on the card, keeping the local data', async () => {
    await seedDana();
    const source = fakeSource(() => {
      throw new SourceError('auth', 'HubSpot rejected the token (401) — check it in Options');
    });
    const [view] = await new Promise<ProspectView[]>((resolve) => void buildViews([dana], deps([source]), { onRefreshed: resolve }));
    expect(view!.sources).toEqual([{ source: 'hubspot', state: 'error', message: 'HubSpot rejected the token (401) — check it in Options' }]);
    expect(view!.events).toHaveLength(20);
  });

  it("rests a failing source for a minute, or as long as its Retry-After says when that is longer", async () => {
    const asked = (source: { calls: string[][] }) => source.calls.length;
    const build = async (source: EngagementSource, now: number) =>
      new Promise<ProspectView[]>((resolve) => void buildViews([dana], { ...deps([source]), now: () => now }, { onRefreshed: resolve }).then((views) => {
        // Not asked: nothing comes back to refresh the card with.
        if (views[0]!.sources[0]!.state === 'error') setTimeout(() => resolve(views), 20);
      }));
    // HubSpot's daily limit: wait until midnight UTC (here, an hour).
    const daily = fakeSource(() => {
      throw new SourceError('rate-limited', 'HubSpot: daily limit reached', 3_600_000);
    });
    await build(daily, NOW);
    for (let minute = 1; minute <= 59; minute++) await build(daily, NOW + minute * 61_000);
    expect(asked(daily), 'lookups inside the Retry-After window').toBe(1);
    await build(daily, NOW + 3_600_000);
    expect(asked(daily)).toBe(2);

    // A shorter Retry-After still rests the source the whole minute.
    const brief = fakeSource(() => {
      throw new SourceError('rate-limited', 'Mautic: slow down', 5_000);
    });
    await build(brief, NOW + 10 * 3_600_000);
    await build(brief, NOW + 10 * 3_600_000 + 30_000);
    expect(asked(brief)).toBe(1);
    await build(brief, NOW + 10 * 3_600_000 + 60_000);
    expect(asked(brief)).toBe(2);
  });

  it('ends a rest set before the clock stepped back, instead of resting as long again as the step', async () => {
    const build = async (source: EngagementSource, now: number) =>
      new Promise<ProspectView[]>((resolve) => void buildViews([dana], { ...deps([source]), now: () => now }, { onRefreshed: resolve }).then((views) => {
        if (views[0]!.sources[0]!.state === 'error') setTimeout(() => resolve(views), 20);
      }));
    const limited = fakeSource(() => {
      throw new SourceError('rate-limited', 'HubSpot: slow down', 120_000);
    });
    await build(limited, NOW);
    // A step back of seconds keeps the rest.
    await build(limited, NOW - 10_000);
    expect(limited.calls).toHaveLength(1);
    // NTP steps the clock back three hours: the two-minute rest would last three hours.
    await build(limited, NOW - 3 * 3_600_000);
    expect(limited.calls).toHaveLength(2);
  });

  it('says access is not granted once: the card words it, so the source adds no bracketed repeat', async () => {
    const source = fakeSource(() => {
      throw new AccessNotGranted();
    });
    const [view] = await new Promise<ProspectView[]>((resolve) => void buildViews([dana], deps([source]), { onRefreshed: resolve }));
    expect(view!.sources).toEqual([{ source: 'hubspot', state: 'no-access' }]);
    render(h(SourceNotices, { sources: view!.sources, names: {}, onRetry: () => undefined }));
    expect(screen.getByTestId('source-status').textContent!.match(/not granted/gi)).toHaveLength(1);
  });

  it("keeps a 403's own words beside no access: they say what is missing", async () => {
    const source = fakeSource(() => {
      throw new SourceError('no-access', 'HubSpot refused access (403) — the private app is missing a scope');
    });
    const [view] = await new Promise<ProspectView[]>((resolve) => void buildViews([dana], deps([source]), { onRefreshed: resolve }));
    expect(view!.sources).toEqual([{ source: 'hubspot', state: 'no-access', message: 'HubSpot refused access (403) — the private app is missing a scope' }]);
  });

  it('never renders a non-https link from a source', async () => {
    const source = fakeSource((keys) => keys.map((key) => ({ key, prospect: { key, refs: [{ source: 'hubspot', externalId: '1', url: 'javascript:alert(1)' }] }, events: [] })));
    const [view] = await new Promise<ProspectView[]>((resolve) => void buildViews([dana], deps([source]), { onRefreshed: resolve }));
    expect(view!.links).toEqual([]);
  });

  it('gives one card per detected key', async () => {
    const views = await buildViews([dana, { ...dana, name: 'Dana again' }], deps());
    expect(views).toHaveLength(1);
  });
});

describe('an answer whose details were cut short (SourceRecord.partial)', () => {
  const answer = (key: string, partial: boolean): SourceRecord => ({
    key,
    prospect: { key, lifecycleStage: 'opportunity', refs: [] },
    events: partial ? [] : [{ id: 'hubspot:w1', prospectKey: key, source: 'hubspot', type: 'webinar_attended', occurredAt: new Date(NOW - 86_400_000).toISOString() }],
    ...(partial ? { partial: true as const } : {}),
  });
  const refreshed = (source: EngagementSource) => new Promise<ProspectView[]>((resolve) => void buildViews([dana], deps([source]), { onRefreshed: resolve }));

  it('is shown, and asked again at the next build instead of being kept for hours', async () => {
    const source = fakeSource((keys) => keys.map((key) => answer(key, source.calls.length === 1)));
    const [first] = await refreshed(source);
    expect(first).toMatchObject({ known: true, sources: [{ source: 'hubspot', state: 'ok' }] });
    const [complete] = await refreshed(source);
    expect(source.calls).toHaveLength(2);
    expect(complete!.events.map((e) => e.id)).toEqual(['hubspot:w1']);
    // The complete answer is fresh: the build after it asks nothing.
    await buildViews([dana], deps([source]));
    expect(source.calls).toHaveLength(2);
  });

  it('never replaces a complete answer in the cache, even a stale one', async () => {
    const source = fakeSource((keys) => keys.map((key) => answer(key, source.calls.length > 1)));
    await refreshed(source);
    // Refresh (a card's Retry) asks again; the answer comes back cut short.
    await new Promise<ProspectView[]>((resolve) => void buildViews([dana], deps([source]), { refresh: true, onRefreshed: resolve }));
    expect(source.calls).toHaveLength(2);
    const [view] = await buildViews([dana], deps([source]));
    expect(view!.events.map((e) => e.id)).toEqual(['hubspot:w1']);
  });
});

describe('"Delete everything" while a CRM lookup is on its way', () => {
  it('keeps nothing of its answer in the new, empty database', async () => {
    let answer: (records: SourceRecord[]) => void = () => undefined;
    const source = fakeSource(() => new Promise<SourceRecord[]>((resolve) => (answer = resolve)));
    const refreshed = vi.fn();
    await buildViews([dana], deps([source]), { onRefreshed: refreshed });
    await vi.waitFor(() => expect(source.calls).toHaveLength(1));

    forgetLookupsOnErase();
    await deleteEverything();
    answer([{ key: dana.key, prospect: { key: dana.key, name: 'Dana Whitfield', company: 'Northwind', refs: [] }, events: [] }]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await getCached('hubspot', dana.key)).toBeUndefined();
  });
});
