import { buildInsights } from '@/lib/insights';
import { history, NOW } from './history';

describe('buildInsights', () => {
  const { summary, events } = history([
    { type: 'email_open', daysAgo: 0 },
    { type: 'email_open', daysAgo: 29 },
    { type: 'email_open', daysAgo: 30 },
    { type: 'page_view', daysAgo: 89 },
    { type: 'page_view', daysAgo: 90 },
    { type: 'form_submit', daysAgo: 200 },
  ]);

  it('counts the last 30 and 90 days, today included', () => {
    const insights = buildInsights({ summary, events, now: NOW });
    expect(insights.counts30).toEqual({ email_open: 2 });
    expect(insights.counts90).toEqual({ email_open: 3, page_view: 1 });
  });

  it('gives 90 daily numbers, oldest first, today last', () => {
    const { series90 } = buildInsights({ summary, events, now: NOW });
    expect(series90).toHaveLength(90);
    expect(series90[89]).toBe(1); // today
    expect(series90[60]).toBe(1); // 29 days ago
    expect(series90[59]).toBe(1); // 30 days ago
    expect(series90[0]).toBe(1); // 89 days ago
    expect(series90.reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('passes the stage, score and all-time totals through, and finds the last touch', () => {
    const insights = buildInsights({
      prospect: { lifecycleStage: 'opportunity', leadScore: 87 },
      summary,
      events,
      allTime: { emailOpens: 41 },
      now: NOW,
    });
    expect(insights).toMatchObject({
      lifecycleStage: 'opportunity',
      leadScore: 87,
      allTime: { emailOpens: 41 },
      lastTouch: events[0]!.occurredAt,
      journey: 'decision',
    });
  });

  it('describes someone with no history at all', () => {
    expect(buildInsights({ events: [], now: NOW })).toEqual({
      heat: 'cold',
      heatScore: 0,
      heatReasons: ['no engagement recorded'],
      journey: 'awareness',
      counts30: {},
      counts90: {},
      series90: new Array(90).fill(0),
    });
  });
});
