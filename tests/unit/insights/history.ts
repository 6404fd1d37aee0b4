import type { EngagementEvent, EngagementType } from '@/lib/model/engagement';
import { addToSummary, emptySummary, type DailySummary } from '@/lib/store/summary';

/** Tuesday 2026-11-17, 15:00 UTC. */
export const NOW = Date.UTC(2026, 10, 17, 15, 0);
const DAY = 86_400_000;

export interface Happening {
  type: EngagementType;
  daysAgo: number;
  title?: string;
  url?: string;
}

/** A prospect's history as the store would hold it: the events (newest first) and their summary. */
export function history(happenings: readonly Happening[]): { summary: DailySummary; events: EngagementEvent[] } {
  const events = happenings
    .map((h, i): EngagementEvent => ({
      id: `local:${i}`,
      prospectKey: 'p@example.com',
      source: 'local',
      type: h.type,
      occurredAt: new Date(NOW - h.daysAgo * DAY - 60_000).toISOString(),
      ...(h.title && { title: h.title }),
      ...(h.url && { url: h.url }),
    }))
    .sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : -1));
  const summary: DailySummary = emptySummary('p@example.com', { lists: false });
  for (const event of events) addToSummary(summary, event, 1);
  return { summary, events };
}

export const times = (n: number, h: Happening): Happening[] => Array.from({ length: n }, () => h);
