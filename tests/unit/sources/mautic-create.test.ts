// @vitest-environment node
/** Adding an unknown person to Mautic through the destination, over HTTP against the loopback mock. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import { MauticConnection } from '@/lib/sources/mautic/definition';
import { createMauticDestination } from '@/lib/sources/mautic/destination';
import { type MauticMock, startMauticMock } from '@/lib/sources/mautic/mock';
import { closeDbForTests } from '@/lib/store/db';
import { recordOf } from '@/lib/sync/create';
import { context, makeAction } from './helpers';

const basic = { username: 'api-user', password: 's3cret!' };
const KEY = 'ines.moreau@lumen-analytics.example';
let mock: MauticMock;
let restoreClock: () => void;

beforeEach(async () => {
  await closeDbForTests();
  restoreClock = setClock(() => Date.parse('2024-11-19T10:00:00Z'));
  mock = await startMauticMock({ basic });
});
afterEach(async () => {
  restoreClock();
  await mock.close();
});

const destination = (creds = basic) => createMauticDestination(MauticConnection.parse({ baseUrl: mock.url }), creds, undefined, { timeoutMs: 2000 });
const create = (email = KEY, attempts = 0) =>
  makeAction({ type: 'crm_create', prospectKey: email, notes: '', record: recordOf({ emails: [email], name: 'Inès Moreau', company: 'Lumen Analytics', title: 'Head of Data' }), sync: { state: 'inflight', attempts, destination: 'mautic', updatedAt: '2024-11-19T10:00:05.000Z' } });
const withEmail = (email: string) => mock.contacts.filter((c) => String(c.fields.email).toLowerCase() === email);

describe('Mautic: Add to Mautic', () => {
  it('creates the contact with the page’s fields after an exact look-up finds none', async () => {
    const outcome = await destination().deliver(create(), context());
    const [contact] = withEmail(KEY);
    expect(outcome).toEqual({ kind: 'delivered', remoteId: String(contact!.id) });
    expect(contact!.fields).toEqual({ email: KEY, firstname: 'Inès', lastname: 'Moreau', company: 'Lumen Analytics', position: 'Head of Data' });
    const [lookup, post] = mock.requests;
    expect(lookup!.query.get('where[0][expr]')).toBe('eq');
    expect(post).toMatchObject({ method: 'POST', path: '/api/contacts/new' });
  });

  it('creates nothing when Mautic has the address already, and a repeat adds no second contact', async () => {
    await destination().deliver(create(), context());
    const again = await destination().deliver(create(KEY, 1), context());
    expect(withEmail(KEY)).toHaveLength(1);
    expect(again).toEqual({ kind: 'delivered', remoteId: String(withEmail(KEY)[0]!.id) });
    expect(mock.requests.filter((r) => r.path === '/api/contacts/new')).toHaveLength(1);
  });

  it('says why when Mautic refuses the credentials', async () => {
    const outcome = await destination({ username: 'api-user', password: 'wrong' }).deliver(create(), context());
    expect(outcome).toMatchObject({ kind: 'fatal', error: expect.stringMatching(/Mautic/) });
    expect(withEmail(KEY)).toHaveLength(0);
  });
});

describe('the Mautic mock’s contacts/new', () => {
  const post = (body: unknown) =>
    fetch(`${mock.url}/api/contacts/new`, { method: 'POST', headers: { authorization: `Basic ${btoa('api-user:s3cret!')}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('refuses an address Mautic cannot take, in Mautic’s errors shape', async () => {
    const reply = await post({ email: 'not-an-address', firstname: 'X' });
    expect(reply.status).toBe(400);
    expect(await reply.json()).toMatchObject({ errors: [{ code: 400, message: expect.stringMatching(/email/) }] });
  });

  it('merges a second create with the same email into the first (200), as Mautic does', async () => {
    expect((await post({ email: KEY })).status).toBe(201);
    expect((await post({ email: KEY.toUpperCase(), lastname: 'Moreau' })).status).toBe(200);
    expect(withEmail(KEY)).toHaveLength(1);
  });
});
