/** The card's first and last marketing touch (issue 15 item 5): from the person's oldest events, not only the newest 20. */
import { describe, expect, it } from 'vitest';
import { storeFinder } from '@/lib/background/finder';
import { buildViews, type ViewDeps } from '@/lib/background/views';
import { DEFAULT_SETTINGS } from '@/lib/model/settings';
import type { EngagementEvent } from '@/lib/model/engagement';
import { addEvents } from '@/lib/store/events';
import { upsertProspects } from '@/lib/store/prospects';
import { viewsAt } from './views-clock';

const NOW = Date.UTC(2026, 10, 27, 12);
viewsAt(NOW);

const deps: ViewDeps = { finder: storeFinder, sources: async () => [], settings: async () => DEFAULT_SETTINGS, recentActions: async () => [], now: () => NOW };
const KEY = 'dana@northwind.example';
const event = (i: number, daysAgo: number, extra: Partial<EngagementEvent>): EngagementEvent => ({
  id: `local:${i}`,
  prospectKey: KEY,
  source: 'local',
  type: 'email_click',
  occurredAt: new Date(NOW - daysAgo * 86_400_000).toISOString(),
  ...extra,
});

describe('touches on the card', () => {
  it('finds the first touch among events older than the newest 20, and the last among the newest', async () => {
    await upsertProspects([{ key: KEY, emails: [KEY], name: 'Dana', refs: [] }]);
    await addEvents([
      event(0, 200, { type: 'email_sent', campaign: 'Sent only — no touch' }),
      event(1, 190, { type: 'form_submit', campaign: 'Webinar: Close faster' }),
      ...Array.from({ length: 30 }, (_, i) => event(10 + i, 100 - i, { type: 'page_view', channel: 'organic' })),
      event(99, 1, { type: 'email_click', campaign: 'Q4 nurture #3' }),
    ]);
    const [view] = await buildViews([{ key: KEY, email: KEY }], deps);
    expect(view!.touches).toEqual({
      first: { label: 'Webinar: Close faster', isCampaign: true, at: new Date(NOW - 190 * 86_400_000).toISOString() },
      last: { label: 'Q4 nurture #3', isCampaign: true, at: new Date(NOW - 86_400_000).toISOString() },
    });
  });

  it('has no touches for a person without any', async () => {
    const [view] = await buildViews([{ key: 'new@x.example', email: 'new@x.example' }], deps);
    expect(view).not.toHaveProperty('touches');
  });
});
