// @vitest-environment node
/**
 * Found by the sync-under-faults run: a 429 with Retry-After answered to the existence check that
 * precedes re-sending an uncertain action must stop every request to that destination for the window,
 * just as a 429 to the delivery itself does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import { HubSpotConnection } from '@/lib/sources/hubspot/definition';
import { createHubSpotDestination } from '@/lib/sources/hubspot/destination';
import { closeDbForTests } from '@/lib/store/db';
import { updateAction } from '@/lib/store/outbox';
import { logAction } from '@/lib/sync/actions';
import { drainOutbox } from '@/lib/sync/drain';
import { DestinationGate } from '@/lib/sync/rate-limit';
import { type HubSpotMock, startHubSpotMock } from '../../mocks';

let t = Date.parse('2026-11-02T09:00:00.000Z');
let mock: HubSpotMock;
let restore = () => {};

beforeEach(async () => {
  t = Date.parse('2026-11-02T09:00:00.000Z');
  restore = setClock(() => t);
  mock = await startHubSpotMock({ now: () => t });
});
afterEach(async () => {
  restore();
  await closeDbForTests();
  await mock.close();
});

describe('Retry-After on the existence check', () => {
  it('blocks the destination: no request follows the 429 inside its window', async () => {
    const destination = createHubSpotDestination(HubSpotConnection.parse({ baseUrl: mock.url, ownerId: '9001' }), { token: mock.token }, undefined, { timeoutMs: 2_000 });
    const uncertain = await logAction({ prospectKey: 'dana.whitfield@northwind.example', type: 'note', notes: 'Maybe sent' }, 'hubspot');
    await updateAction(uncertain.id, (row) => ({
      ...row,
      sync: { ...row.sync, attempts: 1, uncertainSince: new Date(t - 120_000).toISOString(), nextAttemptAt: new Date(t - 1).toISOString() },
    }));
    t += 1_000;
    await logAction({ prospectKey: 'dana.whitfield@northwind.example', type: 'note', notes: 'Next one' }, 'hubspot');
    mock.setFault({ path: '/crm/v3/objects/notes/search', times: 1, fault: { type: 'status', status: 429, body: { message: 'Slow down' }, headers: { 'retry-after': '10' } } });

    await drainOutbox({ resolveDestination: () => destination, getProspect: () => undefined, gate: new DestinationGate(), sleep: async (ms) => void (t += ms) });

    const answered429 = mock.requests.findIndex((r) => r.status === 429);
    expect(answered429).toBeGreaterThanOrEqual(0);
    // The drain's clock did not move past the window, so nothing may follow the 429 in this drain.
    expect(mock.requests.slice(answered429 + 1).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });
});
