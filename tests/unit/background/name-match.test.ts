import { describe, expect, it } from 'vitest';
import { storeFinder } from '@/lib/background/finder';
import { checkRequest } from '@/lib/background/guard';
import { threadDomains } from '@/lib/background/tab-builder';
import { buildViews, type ViewDeps } from '@/lib/background/views';
import { nameCandidate } from '@/lib/identity/candidate';
import type { Candidate, Prospect } from '@/lib/model/prospect';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/model/settings';
import type { EngagementSource, LookupQuery, SourceRecord } from '@/lib/sources/types';
import { upsertProspects } from '@/lib/store/prospects';
import { viewsAt } from './views-clock';

/*
 * People Outlook shows by name only (issue 14): resolved by name against the real local store
 * (fake-indexeddb) and the sources, never given an address the page did not show.
 */
const NOW = Date.UTC(2026, 11, 3, 12);
viewsAt(NOW);

function deps(sources: EngagementSource[] = [], settings: Settings = DEFAULT_SETTINGS): ViewDeps {
  return { finder: storeFinder, sources: async () => sources, settings: async () => settings, recentActions: async () => [], now: () => NOW };
}

const person = (key: string, name: string, extra: Partial<Prospect> = {}): Prospect => ({
  key,
  emails: [key],
  name,
  domain: key.split('@')[1],
  refs: [],
  ...extra,
});
const dana = nameCandidate('Dana Whitfield', 'from') as Candidate;

describe('a name-only person', () => {
  it('matches the one stored person of that name, however the name is spaced or cased: a card marked "name"', async () => {
    await upsertProspects([person('dana@northwind.example', 'DANA  Whitfield', { lifecycleStage: 'opportunity' }), person('li@contoso.example', 'Li Wei')]);
    const [view] = await buildViews([dana], deps());
    expect(view).toMatchObject({ detectedKey: 'name:dana whitfield', key: 'dana@northwind.example', known: true, match: 'name', alternatives: [] });
    expect(view!.prospect.emails).toEqual(['dana@northwind.example']);
  });

  it('prefers the namesake at a domain the thread shows', async () => {
    await upsertProspects([person('dana@northwind.example', 'Dana Whitfield'), person('dana.w@tailspin.example', 'Dana Whitfield')]);
    const [view] = await buildViews([dana], deps(), { threadDomains: ['tailspin.example'] });
    expect(view).toMatchObject({ key: 'dana.w@tailspin.example', known: true, match: 'name' });
  });

  it('offers every namesake, with no default, when nothing tells them apart', async () => {
    await upsertProspects([person('dana@northwind.example', 'Dana Whitfield'), person('dana.w@tailspin.example', 'Dana Whitfield')]);
    const [view] = await buildViews([dana], deps(), { threadDomains: ['fabrikam.example'] });
    expect(view).toMatchObject({ key: 'name:dana whitfield', known: false, match: 'none' });
    expect(view!.alternatives.map((a) => a.key)).toEqual(['dana.w@tailspin.example', 'dana@northwind.example']);
    expect(view!.prospect.emails).toEqual([]);
  });

  it('is never a colleague on the own domains', async () => {
    await upsertProspects([person('dana@acme.example', 'Dana Whitfield'), person('dana@northwind.example', 'Dana Whitfield')]);
    const [view] = await buildViews([dana], deps([], { ...DEFAULT_SETTINGS, ownDomains: ['acme.example'] }));
    expect(view).toMatchObject({ key: 'dana@northwind.example', match: 'name' });
  });

  it('found nowhere is a card with just the name: no address is made up', async () => {
    await upsertProspects([person('dana@northwind.example', 'Dana Whitfield-Smith')]);
    const [view] = await buildViews([dana], deps());
    expect(view).toMatchObject({ key: 'name:dana whitfield', known: false, match: 'none', alternatives: [], prospect: { name: 'Dana Whitfield', emails: [] } });
  });

  it('is asked of the sources by name, with the thread’s domains; one answer is a match by name', async () => {
    const queries: LookupQuery[][] = [];
    const source: EngagementSource = {
      kind: 'hubspot',
      async lookup(q) {
        queries.push(q);
        return q.map((query): SourceRecord => ({ key: query.key, prospect: { key: query.key, emails: ['dana@northwind.example'], name: 'Dana Whitfield' }, events: [] }));
      },
      test: async () => 'ok',
    };
    const refreshed = new Promise<import('@/lib/model/view').ProspectView[]>((resolve) => void buildViews([dana], deps([source]), { threadDomains: ['northwind.example'], onRefreshed: resolve }));
    const [view] = await refreshed;
    expect(queries).toEqual([[{ key: 'name:dana whitfield', emails: [], name: 'Dana Whitfield', domains: ['northwind.example'] }]]);
    expect(view).toMatchObject({ key: 'name:dana whitfield', known: true, match: 'name', prospect: { emails: ['dana@northwind.example'] } });
  });
});

describe('a person shown with an address', () => {
  it('is never matched by name alone', async () => {
    await upsertProspects([person('dana@northwind.example', 'Dana Whitfield')]);
    const [view] = await buildViews([{ key: 'd.w@gmail.com', email: 'd.w@gmail.com', name: 'Dana Whitfield', role: 'from' }], deps());
    expect(view).toMatchObject({ key: 'd.w@gmail.com', known: false, match: 'none', alternatives: [] });
  });
});

describe('threadDomains', () => {
  it('are the shown addresses’ domains, without free-mail', () => {
    expect(
      threadDomains([
        { key: 'a@northwind.example', email: 'a@northwind.example' },
        { key: 'b@gmail.com', email: 'b@gmail.com' },
        { key: 'name:c', name: 'C' },
        { key: 'd@northwind.example', email: 'd@northwind.example' },
      ]),
    ).toEqual(['northwind.example']);
  });

  it('leave out the people looked up with the context menu: they are not in the thread', () => {
    expect(
      threadDomains([
        { key: 'a@northwind.example', email: 'a@northwind.example' },
        { key: 'p@fabrikam.example', email: 'p@fabrikam.example', role: 'lookup' },
      ]),
    ).toEqual(['northwind.example']);
  });
});

describe('the guard', () => {
  const ID = 'abcdefghijklmnopabcdefghijklmnop';
  const ORIGIN = `chrome-extension://${ID}/`;
  const url = 'https://outlook.cloud.microsoft/mail/inbox/id/AAQk';
  const outlookTab = { id: ID, url, tab: { id: 4, url } };
  const detected = (candidates: unknown[]) => ({ type: 'detected', url, candidates, selfAddresses: [] });

  it('accepts a detection with name-only people from Outlook', () => {
    expect(checkRequest(detected([dana, { key: 'li@contoso.example', email: 'li@contoso.example' }]), outlookTab, ID, ORIGIN)).toMatchObject({ ok: true });
  });

  it('refuses a name key that carries an address, or looks like one', () => {
    for (const forged of [{ ...dana, email: 'bait@evil.example' }, { key: 'name:bait@evil.example', name: 'Bait' }, { key: 'name:dana' }]) {
      expect(checkRequest(detected([forged]), outlookTab, ID, ORIGIN)).toMatchObject({ ok: false, code: 'invalid' });
    }
  });
});
