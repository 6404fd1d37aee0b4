// @vitest-environment node
/**
 * The Mautic source looking up a person a page showed by name only (`name:` keys, issue 14), over
 * real HTTP against the loopback mock: exact `where` filters on first and last name (a missing
 * `expr` is Mautic's 500), never the `search=` LIKE.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import { MauticConnection } from '@/lib/sources/mautic/definition';
import { type MauticMock, startMauticMock } from '@/lib/sources/mautic/mock';
import { mauticSeed } from '@/lib/sources/mautic/mock-seed';
import { createMauticSource } from '@/lib/sources/mautic/source';
import { closeDbForTests } from '@/lib/store/db';

const basic = { username: 'api-user', password: 's3cret!' };
const now = Date.parse('2024-11-19T10:00:00Z');
let mock: MauticMock;
let restoreClock: () => void;

beforeEach(async () => {
  await closeDbForTests();
  restoreClock = setClock(() => now);
});
afterEach(async () => {
  restoreClock();
  await mock.close();
});

async function start(withNamesake = false) {
  const seed = mauticSeed(now);
  const namesake = { id: 990, points: 0, stage: null, owner: null, lastActive: null, fields: { email: 'dana.w@tailspin.example', firstname: 'Dana', lastname: 'Whitfield', company: 'Tailspin' }, tags: [] };
  mock = await startMauticMock({ basic, now: () => now, contacts: withNamesake ? [...seed.contacts, namesake] : seed.contacts });
  return createMauticSource(MauticConnection.parse({ baseUrl: mock.url, authMethod: 'basic' }), basic, undefined, { timeoutMs: 2000 });
}
const byName = (name: string, domains?: string[]) => ({ key: `name:${name.toLowerCase()}`, emails: [], name, ...(domains ? { domains } : {}) });

describe('Mautic by name', () => {
  it('finds the one contact with that first and last name by exact filters', async () => {
    const source = await start();
    const [record] = await source.lookup([byName('Dana Whitfield')]);
    expect(record).toMatchObject({ key: 'name:dana whitfield', prospect: { emails: ['dana.whitfield@northwind.example'] } });
    const list = mock.requests.find((r) => r.path === '/api/contacts')!;
    expect(Object.fromEntries(list.query)).toMatchObject({
      'where[0][col]': 'firstname',
      'where[0][expr]': 'eq',
      'where[0][val]': 'Dana',
      'where[1][col]': 'lastname',
      'where[1][expr]': 'eq',
      'where[1][val]': 'Whitfield',
    });
    expect(list.query.has('search')).toBe(false);
  });

  it('answers nothing for namesakes it cannot tell apart, and the one at a thread domain', async () => {
    const source = await start(true);
    expect(await source.lookup([byName('Dana Whitfield')])).toEqual([]);
    const [record] = await source.lookup([byName('Dana Whitfield', ['tailspin.example'])]);
    expect(record?.prospect.emails).toEqual(['dana.w@tailspin.example']);
  });
});
