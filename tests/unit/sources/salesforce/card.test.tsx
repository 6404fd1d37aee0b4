/**
 * What a Salesforce lookup puts on the card: the person, campaign history as engagement, the
 * team's Tasks and Events in the sales lane (`sales-activity`, with author and time), the account's
 * open deals through the same deal component as HubSpot's, and a Lead's status and rating.
 */
import { render } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProspectCard } from '@/components/card/ProspectCard';
import { forContentScript } from '@/lib/background/content-views';
import { storeFinder } from '@/lib/background/finder';
import { buildViews, resetSourceFailures } from '@/lib/background/views';
import { setClock } from '@/lib/clock';
import { DEFAULT_SETTINGS } from '@/lib/model/settings';
import type { ProspectView } from '@/lib/model/view';
import { createSalesforceSource } from '@/lib/sources/salesforce/source';
import { closeDbForTests } from '@/lib/store/db';
import { makeCallbacks } from '../../components/factory';
import { type Org, startOrg } from './helpers';

const NOW = Date.parse('2026-11-19T10:00:00Z');
let org: Org;
let restoreClock: () => void;

beforeEach(async () => {
  await closeDbForTests();
  resetSourceFailures();
  restoreClock = setClock(() => NOW);
  org = await startOrg({ now: () => NOW });
});
afterEach(async () => {
  restoreClock();
  await org.mock.close();
});

async function viewOf(key: string): Promise<ProspectView> {
  const source = createSalesforceSource(org.client(), org.config.instanceUrl!);
  const deps = { finder: storeFinder, sources: async () => [source], settings: async () => DEFAULT_SETTINGS, recentActions: async () => [], now: () => NOW };
  const fresh = new Promise<ProspectView[]>((resolve) => void buildViews([{ key, email: key }], deps, { onRefreshed: resolve }));
  return (await fresh)[0]!;
}

describe('a Salesforce person on the card', () => {
  it("lists the team's Tasks under Your team with author and time, and the campaign history as engagement", async () => {
    const view = await viewOf('dana.whitfield@northwind.example');
    expect(view.known).toBe(true);
    const card = render(<ProspectCard view={view} expanded onToggle={() => undefined} {...makeCallbacks()} />).container;
    const items = [...card.querySelectorAll<HTMLElement>('[data-testid="sales-activity"]')];
    expect(items.map((e) => [e.dataset.type, e.dataset.author])).toEqual([['call', 'Casey Closer']]);
    expect(items[0]!.dataset.at).toBe(new Date(NOW - 5 * 86_400_000).toISOString());
    expect(items[0]!.textContent).toContain('Intro call');
    expect(card.querySelectorAll('[data-testid="action-item"]')).toHaveLength(0);
    const events = [...card.querySelectorAll<HTMLElement>('[data-testid="engagement-event"]')].map((e) => e.dataset.eventType);
    expect(events.sort()).toEqual(['email_click', 'webinar_attended']);
  });

  it("keeps the account's open deals in the view model", async () => {
    const view = await viewOf('sam.okafor@contoso.example');
    expect(view.deals).toEqual([expect.objectContaining({ source: 'salesforce', name: 'Contoso — 200 seats', stage: 'Proposal/Price Quote', amount: 48000 })]);
    expect(view.salesActivity?.map((a) => a.type)).toEqual(['meeting']);
  });

  it("shows a Lead's status and rating on the card", async () => {
    const view = await viewOf('dana.whitfield@northwind.example');
    expect(view.crm).toEqual({ leadStatus: 'Working - Contacted', rating: 'Hot' });
    const card = render(<ProspectCard view={view} expanded onToggle={() => undefined} {...makeCallbacks()} />).container;
    expect(card.querySelector<HTMLElement>('[data-testid="lead-status"]')!.dataset.value).toBe('Working - Contacted');
    expect(card.querySelector<HTMLElement>('[data-testid="rating"]')!.dataset.value).toBe('Hot');
  });

  it("draws the account's open deals with the shared deal component", async () => {
    const view = await viewOf('sam.okafor@contoso.example');
    const card = render(<ProspectCard view={view} expanded onToggle={() => undefined} {...makeCallbacks()} />).container;
    const deals = [...card.querySelectorAll<HTMLElement>('[data-testid="deal"]')];
    expect(deals.map((d) => [d.dataset.stage, d.dataset.amount])).toEqual([['Proposal/Price Quote', '48000']]);
    expect(deals[0]!.textContent).toContain('Contoso — 200 seats');
  });

  it('sends the page only what the sidebar draws: no activity status, no record ids', async () => {
    const [page] = forContentScript([await viewOf('dana.whitfield@northwind.example')]);
    expect(page!.deals).toBeUndefined();
    expect(page!.salesActivity).toEqual([expect.not.objectContaining({ status: expect.anything() })]);
    expect(page!.salesActivity![0]).toMatchObject({ type: 'call', author: 'Casey Closer' });
  });
});
