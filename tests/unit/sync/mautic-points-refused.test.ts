// @vitest-environment node
/**
 * Mautic lead feedback sent as points, with an API user that may not change points (403): the note is
 * written, the points are refused for good. The first look finds the note and is refused again, so the
 * action is dead with that reason at once — not after a day of looks saying "could not confirm" — and
 * it stays uneditable, with its one note.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { isEditable } from '@/lib/model/action';
import { MauticConnection } from '@/lib/sources/mautic/definition';
import { createMauticDestination } from '@/lib/sources/mautic/destination';
import { type MauticMock, startMauticMock } from '@/lib/sources/mautic/mock';
import { getAction } from '@/lib/store/outbox';
import { logAction } from '@/lib/sync/actions';
import { drainOutbox } from '@/lib/sync/drain';
import { DestinationGate } from '@/lib/sync/rate-limit';
import { fakeClock, freshDatabasePerTest } from './helpers';

freshDatabasePerTest();
const clock = fakeClock();
const basic = { username: 'api-user', password: 's3cret!' };
let mock: MauticMock;
beforeEach(async () => {
  mock = await startMauticMock({ basic, now: clock.now });
});
afterEach(async () => {
  await mock.close();
});

it('a points step Mautic refuses for good is dead at the first look, with the refusal, uneditable, one note', async () => {
  const destination = createMauticDestination(MauticConnection.parse({ baseUrl: mock.url, feedbackAs: 'points' }), basic);
  const options = { resolveDestination: () => destination, getProspect: () => undefined, now: clock.now, sleep: clock.sleep, gate: new DestinationGate(), policy: { random: () => 0 } };
  mock.setFault({ path: /\/points\//, times: 1_000, fault: { type: 'status', status: 403 } });
  const action = await logAction({ prospectKey: 'dana.whitfield@northwind.example', type: 'lead_feedback', feedback: 'accepted', notes: '' }, 'mautic');

  await drainOutbox(options); // the note, then the refused points: uncertain
  expect((await getAction(action.id))!.sync.state).toBe('pending');
  clock.advance(60_000);
  await drainOutbox(options); // the look finds the note; the points are refused again
  const dead = (await getAction(action.id))!;
  expect(dead.sync).toMatchObject({ state: 'dead', uncertainSince: expect.any(String) });
  expect(dead.sync.lastError).toContain('403');
  expect(dead.sync.lastError).not.toMatch(/confirm/i);
  expect(isEditable(dead)).toBe(false);
  expect(mock.notes).toHaveLength(1);
});
