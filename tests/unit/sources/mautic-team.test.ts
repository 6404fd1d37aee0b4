// @vitest-environment node
/** Mautic's side of the team over real HTTP against the loopback mock: the owner and the notes colleagues wrote. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import { MauticConnection } from '@/lib/sources/mautic/definition';
import { type MauticMock, type MauticMockOptions, startMauticMock } from '@/lib/sources/mautic/mock';
import { createMauticSource } from '@/lib/sources/mautic/source';
import { SourceError } from '@/lib/sources/types';
import { closeDbForTests } from '@/lib/store/db';

const NOW = Date.parse('2026-11-19T10:00:00Z');
const basic = { username: 'api-user', password: 's3cret!' };
const dana = { key: 'dana.whitfield@northwind.example', emails: ['dana.whitfield@northwind.example'] };
let mock: MauticMock;
let restoreClock: () => void;

async function start(options: MauticMockOptions = {}) {
  mock = await startMauticMock({ basic, now: () => NOW, team: true, ...options });
}
beforeEach(async () => {
  await closeDbForTests();
  restoreClock = setClock(() => NOW);
});
afterEach(async () => {
  restoreClock();
  await mock?.close();
});
const source = () => createMauticSource(MauticConnection.parse({ baseUrl: mock.url }), basic);

describe("Mautic: the team's notes and the owner", () => {
  it('names the owner and lists the notes newest first with author and kind, never their text', async () => {
    await start();
    const [record] = await source().lookup([dana]);
    expect(record!.prospect.owner).toBe('Alex Rivera');
    expect(record!.salesActivity!.map((a) => [a.type, a.author])).toEqual([
      ['call', 'Sam Okafor'],
      ['note', undefined],
    ]);
    expect(JSON.stringify(record)).not.toContain('confidential');
    const asked = mock.requests.find((r) => r.path === '/api/notes')!;
    expect(asked.query.get('where[0][col]')).toBe('lead');
    expect(asked.query.get('where[0][expr]')).toBe('eq');
    expect(asked.headers.authorization).toMatch(/^Basic /);
  });

  it('caps the notes read for a contact with thousands', async () => {
    const notes = Array.from({ length: 3000 }, (_, i) => ({ id: i + 1, lead: 47, text: `n${i}`, type: 'call', dateTime: new Date(NOW - i * 60_000).toISOString(), createdByUser: 'Sam Okafor' }));
    await start({ notes });
    const [record] = await source().lookup([dana]);
    expect(record!.salesActivity).toHaveLength(20);
    expect(record!.salesActivity![0]!.at).toBe(new Date(NOW).toISOString());
    expect(mock.requests.find((r) => r.path === '/api/notes')!.query.get('limit')).toBe('20');
  });

  it('shows the contact without notes when the notes answer is not what Mautic documents', async () => {
    await start({ notes: [{ id: 1, lead: 47, text: 'x', type: 'call', dateTime: 'not a date' }] });
    const [record] = await source().lookup([dana]);
    expect(record!.prospect.name).toBe('Dana Whitfield');
    expect(record!.salesActivity).toBeUndefined();
  });

  it('fails the lookup on the hourly rate limit, in words', async () => {
    await start({ rateLimitPerHour: 2 });
    const error = await source()
      .lookup([dana])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ kind: 'rate-limited' });
  });
});
