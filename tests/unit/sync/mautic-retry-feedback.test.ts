// @vitest-environment node
/**
 * Lead feedback sent to Mautic as points is two writes: the note, then the points. When the points
 * step keeps failing until the action is dead, the rep's Retry (which counts attempts from zero again)
 * must finish the points without writing the note a second time.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MauticConnection } from '@/lib/sources/mautic/definition';
import { FEEDBACK_POINTS, createMauticDestination } from '@/lib/sources/mautic/destination';
import { type MauticMock, startMauticMock } from '@/lib/sources/mautic/mock';
import { getAction } from '@/lib/store/outbox';
import { logAction, retryAction } from '@/lib/sync/actions';
import { type DrainOptions, drainOutbox } from '@/lib/sync/drain';
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

it('Retry on feedback whose points step went dead adds the points and no second note', async () => {
  const destination = createMauticDestination(MauticConnection.parse({ baseUrl: mock.url, feedbackAs: 'points' }), basic);
  const options: DrainOptions = {
    resolveDestination: () => destination,
    getProspect: () => undefined,
    now: clock.now,
    sleep: clock.sleep,
    gate: new DestinationGate(),
    policy: { maxAttempts: 2, random: () => 0 },
  };
  mock.setFault({ path: /\/points\//, times: 2, fault: { type: 'status', status: 503 } });
  const action = await logAction({ prospectKey: 'dana.whitfield@northwind.example', type: 'lead_feedback', feedback: 'accepted', notes: '' }, 'mautic');

  await drainOutbox(options);
  clock.advance(5_000);
  await drainOutbox(options);
  expect((await getAction(action.id))!.sync).toMatchObject({ state: 'dead', attempts: 2 });
  expect(mock.notes).toHaveLength(1);
  expect(mock.pointChanges).toEqual([]);

  await retryAction(action.id);
  clock.advance(5_000);
  await drainOutbox(options);

  expect((await getAction(action.id))!.sync).toMatchObject({ state: 'done', remoteId: String(mock.notes[0]!.id) });
  expect(mock.notes).toHaveLength(1);
  expect(mock.pointChanges).toEqual([{ contactId: expect.any(Number), delta: FEEDBACK_POINTS }]);
});

it('is not taken for delivered when the look for its note gets a page it cannot read (a login page), and writes nothing', async () => {
  const destination = createMauticDestination(MauticConnection.parse({ baseUrl: mock.url, feedbackAs: 'points' }), basic);
  const options: DrainOptions = { resolveDestination: () => destination, getProspect: () => undefined, now: clock.now, sleep: clock.sleep, gate: new DestinationGate(), policy: { random: () => 0 } };
  mock.setFault({ method: 'GET', path: /^\/api\/notes/, times: 1, fault: { type: 'raw', status: 200, body: '<html><title>Sign in</title></html>', contentType: 'text/html' } });
  const action = await logAction({ prospectKey: 'dana.whitfield@northwind.example', type: 'lead_feedback', feedback: 'accepted', notes: '' }, 'mautic');

  await drainOutbox(options);
  expect((await getAction(action.id))!.sync).toMatchObject({ state: 'pending', attempts: 1 });
  expect(mock.notes).toHaveLength(0);

  clock.advance(60_000);
  await drainOutbox(options);
  expect((await getAction(action.id))!.sync).toMatchObject({ state: 'done' });
  expect(mock.notes).toHaveLength(1);
  expect(mock.pointChanges).toHaveLength(1);
});
