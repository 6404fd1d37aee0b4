// @vitest-environment node
/**
 * The HubSpot source looking up a person a page showed by name only (`name:` keys, issue 14), over
 * real HTTP against the loopback mock, which applies HubSpot's search rules (filter groups ORed,
 * filters ANDed, EQ case-insensitive, group and filter limits).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HubSpotConnection } from '@/lib/sources/hubspot/definition';
import { type HubSpotMock, startHubSpotMock } from '@/lib/sources/hubspot/mock';
import { hubspotSeed } from '@/lib/sources/hubspot/mock-seed';
import { nameSplits } from '@/lib/identity/name';
import { createHubSpotSource } from '@/lib/sources/hubspot/source';
import { jsonResponse, scriptedFetch } from './helpers';

const now = Date.parse('2024-11-19T10:00:00Z');
let mock: HubSpotMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

/** The seed plus a second Dana Whitfield, at Tailspin. */
async function start(withNamesake = false) {
  const seed = hubspotSeed(now);
  const namesake = { id: '777', properties: { email: 'dana.w@tailspin.example', firstname: 'Dana', lastname: 'Whitfield', company: 'Tailspin Toys' } };
  mock = await startHubSpotMock({ now: () => now, contacts: withNamesake ? [...seed.contacts, namesake] : seed.contacts });
  return createHubSpotSource(HubSpotConnection.parse({ baseUrl: mock.url }), { token: mock.token }, undefined, { timeoutMs: 2000 });
}
const byName = (name: string, domains?: string[]) => ({ key: `name:${name.toLowerCase()}`, emails: [], name, ...(domains ? { domains } : {}) });
const searches = () => mock!.requests.filter((r) => r.path === '/crm/v3/objects/contacts/search');

describe('HubSpot by name', () => {
  it('finds the one contact with that first and last name, filed under the name key', async () => {
    const source = await start();
    const records = await source.lookup([byName('Priya  RAMAN')]);
    expect(records.map((r) => [r.key, r.prospect.emails])).toEqual([['name:priya  raman', ['priya.raman@fabrikam.example']]]);
    const [search] = searches();
    expect(search!.method).toBe('POST');
    expect(JSON.parse(search!.body).filterGroups).toEqual([
      { filters: [{ propertyName: 'firstname', operator: 'EQ', value: 'Priya' }, { propertyName: 'lastname', operator: 'EQ', value: 'RAMAN' }] },
    ]);
  });

  it('reads "Last, First" the other way round', async () => {
    const source = await start();
    const records = await source.lookup([byName('Whitfield, Dana')]);
    expect(records[0]?.prospect.emails).toEqual(['dana.whitfield@northwind.example']);
  });

  it('answers nothing when namesakes cannot be told apart, and the one at a thread domain when they can', async () => {
    const source = await start(true);
    expect(await source.lookup([byName('Dana Whitfield')])).toEqual([]);
    const [record] = await source.lookup([byName('Dana Whitfield', ['tailspin.example'])]);
    expect(record?.prospect.emails).toEqual(['dana.w@tailspin.example']);
  });

  it('takes only a contact whose whole name is the name, whatever search answers', async () => {
    const contact = (id: string, firstname: string, lastname: string) => ({ id, properties: { email: `${id}@x.example`, firstname, lastname } });
    const fetchImpl = scriptedFetch((url) =>
      url.endsWith('/contacts/search')
        ? jsonResponse(200, { total: 2, results: [contact('a', 'Dana', 'Whitfield-Smith'), contact('b', 'Dana', 'Whitfield')] })
        : jsonResponse(200, { results: [] }),
    );
    const source = createHubSpotSource(HubSpotConnection.parse({ baseUrl: 'https://api.hubapi.com' }), { token: 'pat' }, fetchImpl);
    const [record] = await source.lookup([byName('Dana Whitfield')]);
    expect(record?.prospect.emails).toEqual(['b@x.example']);
  });

  it('never searches by name for a query with an address, or by one word', async () => {
    const source = await start();
    await source.lookup([{ key: 'x@nowhere.example', emails: ['x@nowhere.example'], name: 'Dana Whitfield' }, byName('Dana')]);
    expect(searches()).toEqual([]);
  });
});

describe('nameSplits', () => {
  it('tries both places a middle name can belong', () => {
    expect(nameSplits('Anna Maria Schmidt')).toEqual([
      { firstname: 'Anna', lastname: 'Maria Schmidt' },
      { firstname: 'Anna Maria', lastname: 'Schmidt' },
    ]);
    expect(nameSplits('Dana Whitfield')).toEqual([{ firstname: 'Dana', lastname: 'Whitfield' }]);
    expect(nameSplits('Whitfield, Dana')).toEqual([{ firstname: 'Dana', lastname: 'Whitfield' }]);
    expect(nameSplits('Dana')).toEqual([]);
  });
});
