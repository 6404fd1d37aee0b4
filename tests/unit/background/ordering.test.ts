import { afterEach, describe, expect, it } from 'vitest';
import { lookedUpKeys, newestKey, orderViews } from '@/lib/background/ordering';
import { buildTabViews } from '@/lib/background/tab-builder';
import type { Candidate } from '@/lib/model/prospect';
import { closeDbForTests } from '@/lib/store/db';
import { makeUnknownView, makeView } from '../components/factory';

const hot = (key: string, heatScore = 80) => makeView({ key, insights: { heat: 'hot', heatScore } });
const warm = (key: string, heatScore = 50) => makeView({ key, insights: { heat: 'warm', heatScore } });
const cold = (key: string, heatScore = 10) => makeView({ key, insights: { heat: 'cold', heatScore } });
const keys = (views: { key: string }[]) => views.map((v) => v.key);

describe('orderViews', () => {
  it('puts the newest message’s sender first, then hot, warm, cold, then people with no data', () => {
    const views = [makeUnknownView('u1@x.example'), cold('c@x.example'), hot('h@x.example'), warm('w@x.example'), makeUnknownView('u2@x.example'), cold('newest@x.example', 5)];
    expect(keys(orderViews(views, 'newest@x.example'))).toEqual(['newest@x.example', 'h@x.example', 'w@x.example', 'c@x.example', 'u1@x.example', 'u2@x.example']);
  });

  it('puts the newest sender first even when the store knows nothing of them', () => {
    expect(keys(orderViews([hot('h@x.example'), makeUnknownView('new@x.example')], 'new@x.example'))).toEqual(['new@x.example', 'h@x.example']);
  });

  it('breaks heat ties by heat score, then keeps the page order', () => {
    const views = [warm('w40@x.example', 40), warm('w60@x.example', 60), hot('h70@x.example', 70), hot('h90@x.example', 90), warm('w60b@x.example', 60)];
    expect(keys(orderViews(views))).toEqual(['h90@x.example', 'h70@x.example', 'w60@x.example', 'w60b@x.example', 'w40@x.example']);
  });

  it('matches the newest sender by the detected key, also when the card resolved to a stored key', () => {
    const resolved = makeView({ key: 'crm-key-42', detectedKey: 'dana+work@x.example', insights: { heat: 'cold', heatScore: 1 } });
    expect(keys(orderViews([hot('h@x.example'), resolved], 'dana+work@x.example'))).toEqual(['crm-key-42', 'h@x.example']);
  });

  it('orders by heat alone when there is no newest sender, or they have no card (the rep wrote last)', () => {
    const views = [cold('c@x.example'), hot('h@x.example')];
    expect(keys(orderViews(views))).toEqual(['h@x.example', 'c@x.example']);
    expect(keys(orderViews(views, 'me@acme.example'))).toEqual(['h@x.example', 'c@x.example']);
  });

  it('puts the people looked up with the context menu before everyone the page shows', () => {
    const views = [hot('h@x.example'), cold('newest@x.example'), makeUnknownView('looked@y.example')];
    expect(keys(orderViews(views, 'newest@x.example', ['looked@y.example']))).toEqual(['looked@y.example', 'newest@x.example', 'h@x.example']);
  });

  it('returns a new array and leaves the input alone', () => {
    const views = [cold('c@x.example'), hot('h@x.example')];
    const ordered = orderViews(views);
    expect(ordered).not.toBe(views);
    expect(keys(views)).toEqual(['c@x.example', 'h@x.example']);
    expect(orderViews([])).toEqual([]);
  });
});

describe('newestKey', () => {
  it('is the key of the candidate marked newest', () => {
    expect(newestKey([{ key: 'a@x.example', role: 'from' }, { key: 'b@x.example', role: 'from', newest: true }])).toBe('b@x.example');
    expect(newestKey([{ key: 'a@x.example', role: 'from' }])).toBeUndefined();
  });
});

describe('lookedUpKeys', () => {
  it('are the keys of the candidates the context menu looked up', () => {
    expect(lookedUpKeys([{ key: 'a@x.example', role: 'from' }, { key: 'b@x.example', role: 'lookup' }])).toEqual(['b@x.example']);
  });
});

describe('buildTabViews', () => {
  afterEach(async () => {
    await closeDbForTests();
  });

  it('builds the tab’s cards in card order, without the user or mailing lists', async () => {
    const candidates: Candidate[] = [
      { key: 'dana@northwind.example', email: 'dana@northwind.example', role: 'from' },
      { key: 'sales-team@googlegroups.com', email: 'sales-team@googlegroups.com', role: 'to' },
      { key: 'jonas@fabrikam.example', email: 'jonas@fabrikam.example', role: 'from', newest: true },
    ];
    const views = await buildTabViews({ url: 'https://mail.google.com/mail/u/0/#inbox/x', candidates, selfAddresses: ['sam@acme.example'] }, { onRefreshed: () => {} });
    expect(views.map((v) => v.detectedKey)).toEqual(['jonas@fabrikam.example', 'dana@northwind.example']);
  });

  it('gives a person both looked up and on the page one card, first, with what the page said of them', async () => {
    // The tab owner keeps the page's people and the context menu's apart (tab-views.ts).
    const candidates: Candidate[] = [
      { key: 'jonas@fabrikam.example', email: 'jonas@fabrikam.example', role: 'from', newest: true },
      { key: 'dana@northwind.example', email: 'dana@northwind.example', name: 'Dana Whitfield', role: 'to' },
      { key: 'dana@northwind.example', email: 'dana@northwind.example', role: 'lookup' },
      { key: 'pilots@fabrikam.example', email: 'pilots@fabrikam.example', role: 'lookup' },
    ];
    const views = await buildTabViews({ url: 'https://mail.google.com/mail/u/0/#inbox/x', candidates, selfAddresses: [] }, { onRefreshed: () => {} });
    expect(views.map((v) => v.detectedKey)).toEqual(['dana@northwind.example', 'pilots@fabrikam.example', 'jonas@fabrikam.example']);
    expect(views[0]!.prospect.name).toBe('Dana Whitfield');
  });
});
