import { describe, expect, it } from 'vitest';
import type { EngagementEvent } from '@/lib/model/engagement';
import { addSummaries } from '@/lib/store/import-batch';
import { addToSummary, emptySummary, KEPT_EARLIEST, KEPT_LATEST } from '@/lib/store/summary';

const event = (i: number, day = i): EngagementEvent => ({
  id: `local:${String(i).padStart(4, '0')}`,
  prospectKey: 'dana@northwind.example',
  source: 'local',
  type: 'email_open',
  occurredAt: new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString(),
});

const ids = (events: EngagementEvent[] | undefined) => events?.map((e) => e.id);

describe('the events a summary keeps', () => {
  it('are the newest and the oldest, in order, however many are added', () => {
    const summary = emptySummary('dana@northwind.example');
    const added = Array.from({ length: 50 }, (_, i) => (i * 37) % 101); // 50 distinct days, out of order
    for (const i of added) addToSummary(summary, event(i), 1);
    addToSummary(summary, event(added[0]!), 1); // the same event again is kept once
    const all = [...added].sort((a, b) => a - b);
    expect(ids(summary.latest)).toEqual(all.slice(-KEPT_LATEST).reverse().map((i) => event(i).id));
    expect(ids(summary.earliest)).toEqual(all.slice(0, KEPT_EARLIEST).map((i) => event(i).id));
  });

  it('become unknown when a kept event is taken out, and stay when another one is', () => {
    const summary = emptySummary('dana@northwind.example');
    for (let i = 0; i < 60; i++) addToSummary(summary, event(i), 1);
    addToSummary(summary, event(35), -1); // neither among the 20 newest nor the 30 oldest
    expect(summary.latest).toHaveLength(KEPT_LATEST);
    addToSummary(summary, event(59), -1);
    expect(summary.latest).toBeUndefined();
    expect(summary.earliest).toBeUndefined();
    addToSummary(summary, event(61), 1); // unknown stays unknown: the rest are not in the summary
    expect(summary.latest).toBeUndefined();
  });

  it('of an import, added to a stored summary, are the newest and oldest of both; a summary that kept none keeps none', () => {
    const stored = emptySummary('dana@northwind.example');
    const delta = emptySummary('dana@northwind.example');
    for (let i = 0; i < 40; i++) addToSummary(i % 2 ? stored : delta, event(i), 1);
    const both = emptySummary('dana@northwind.example');
    for (let i = 0; i < 40; i++) addToSummary(both, event(i), 1);
    expect(addSummaries(structuredClone(stored), delta)).toEqual(both);
    const old = emptySummary('dana@northwind.example', { lists: false });
    expect(addSummaries(old, delta).latest).toBeUndefined();
  });
});
