/**
 * The sales side in the view model: the CRMs' activity without the rep's own synced actions coming
 * back, deals driving the journey and the heat reasons, lead status and rating from any source.
 */
import { describe, expect, it } from 'vitest';
import { storeFinder } from '@/lib/background/finder';
import { buildViews, type ViewDeps } from '@/lib/background/views';
import type { SalesAction } from '@/lib/model/action';
import { DEFAULT_SETTINGS } from '@/lib/model/settings';
import type { ProspectView } from '@/lib/model/view';
import type { EngagementSource, SourceRecord } from '@/lib/sources/types';
import { viewsAt } from './views-clock';

const NOW = Date.parse('2026-11-19T10:00:00Z');
const KEY = 'dana@northwind.example';
viewsAt(NOW);

function source(kind: 'hubspot' | 'salesforce', record: Omit<SourceRecord, 'key' | 'prospect' | 'events'> & Record<string, unknown>): EngagementSource {
  return {
    kind,
    lookup: async (queries) => queries.map((q) => ({ key: q.key, prospect: { key: q.key, name: 'Dana Whitfield' }, events: [], ...record })),
    test: async () => 'ok',
  };
}

async function view(sources: EngagementSource[], actions: SalesAction[] = []): Promise<ProspectView> {
  const deps: ViewDeps = { finder: storeFinder, sources: async () => sources, settings: async () => DEFAULT_SETTINGS, recentActions: async () => actions, now: () => NOW };
  return (await new Promise<ProspectView[]>((resolve) => void buildViews([{ key: KEY, email: KEY }], deps, { onRefreshed: resolve })))[0]!;
}

const at = (hours: number) => new Date(NOW - hours * 3_600_000).toISOString();

describe('sales data in the view', () => {
  it("drops the CRM's copy of an action the rep logged and synced, so the lane shows it once", async () => {
    const action = {
      id: 'a1',
      prospectKey: KEY,
      type: 'call',
      notes: '',
      occurredAt: at(2),
      createdAt: at(2),
      sync: { state: 'done', attempts: 1, destination: 'hubspot', remoteId: '8101' },
    } as SalesAction;
    const v = await view(
      [
        source('hubspot', {
          salesActivity: [
            { id: 'hubspot:calls:8101', source: 'hubspot', type: 'call', at: at(2), author: 'Alex Rivera' },
            { id: 'hubspot:calls:8102', source: 'hubspot', type: 'call', at: at(3), author: 'Sam Okafor' },
          ],
        }),
      ],
      [action],
    );
    expect(v.salesActivity!.map((a) => a.id)).toEqual(['hubspot:calls:8102']);
  });

  it('puts a person with an open deal in the decision stage, and says so in the heat reasons', async () => {
    const v = await view([source('hubspot', { deals: [{ id: 'hubspot:deal:1', source: 'hubspot', name: 'Northwind — Close automation', stage: 'Presentation Scheduled' }] })]);
    expect(v.insights.journey).toBe('decision');
    expect(v.insights.heatReasons[0]).toBe('open deal: Northwind — Close automation (Presentation Scheduled)');
  });

  it('leaves the journey to engagement when there is no deal', async () => {
    const none = await view([source('hubspot', {})]);
    expect(none.insights.journey).toBe('awareness');
    expect(none.insights.heatReasons.join(' ')).not.toContain('deal');
  });

  it("takes lead status from a source's crm field", async () => {
    expect((await view([source('hubspot', { crm: { leadStatus: 'OPEN' } })])).crm).toEqual({ leadStatus: 'OPEN' });
  });

  it("takes Salesforce's lead status and rating from the same crm field", async () => {
    const sf = await view([source('salesforce', { salesforce: { object: 'Lead', id: '00Q1' }, crm: { leadStatus: 'Working - Contacted', rating: 'Hot' } })]);
    expect(sf.crm).toEqual({ leadStatus: 'Working - Contacted', rating: 'Hot' });
  });
});
