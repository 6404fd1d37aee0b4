// @vitest-environment node
/**
 * Lead feedback sent to Mautic as points is two writes: the note, then the points. Once the note is
 * written the feedback has partly arrived, so a failing points step leaves it uncertain: the rep cannot
 * edit a verdict Mautic already holds, and each next try looks for the note and repeats only the points,
 * without writing the note a second time (also after Retry on a dead one). A points step Mautic refuses
 * for good (a 403: the API user may not change points) is dead at the first look, with that reason.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { MauticConnection } from '@/lib/sources/mautic/definition';
import { FEEDBACK_POINTS, createMauticDestination } from '@/lib/sources/mautic/destination';
import { type MauticMock, startMauticMock } from '@/lib/sources/mautic/mock';
import { getAction } from '@/lib/store/outbox';
import { isEditable } from '@/lib/model/action';
import { ActionRefused, editAction, logAction, retryAction } from '@/lib/sync/actions';
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

const key = 'dana.whitfield@northwind.example';
const options = (destination: ReturnType<typeof createMauticDestination>): DrainOptions => ({
  resolveDestination: () => destination,
  getProspect: () => undefined,
  now: clock.now,
  sleep: clock.sleep,
  gate: new DestinationGate(),
  policy: { maxAttempts: 2, random: () => 0 },
});

it('a points step that fails after the note leaves the feedback uncertain and uneditable; the next look finishes the points, no second note', async () => {
  const drain = options(createMauticDestination(MauticConnection.parse({ baseUrl: mock.url, feedbackAs: 'points' }), basic));
  mock.setFault({ path: /\/points\//, times: 2, fault: { type: 'status', status: 503 } });
  const action = await logAction({ prospectKey: key, type: 'lead_feedback', feedback: 'accepted', notes: 'Great fit' }, 'mautic');

  await drainOutbox(drain);
  const half = (await getAction(action.id))!;
  expect(half.sync).toMatchObject({ state: 'pending', attempts: 1, uncertainSince: expect.any(String) });
  expect(mock.notes).toHaveLength(1);
  // Mautic holds "accepted / Great fit": an edit would be found as that note and never written.
  expect(isEditable(half)).toBe(false);
  await expect(editAction(action.id, { prospectKey: key, type: 'lead_feedback', feedback: 'rejected', rejectReason: 'no_budget', notes: 'Budget frozen' })).rejects.toBeInstanceOf(ActionRefused);

  // Each look finds the note and tries the points again; a failing one is not an attempt.
  for (let i = 0; i < 2; i++) {
    clock.advance(60_000);
    await drainOutbox(drain);
  }
  expect((await getAction(action.id))!.sync).toMatchObject({ state: 'done', attempts: 1, remoteId: String(mock.notes[0]!.id) });
  expect(mock.notes).toHaveLength(1);
  expect(mock.notes[0]!.text).toContain('Great fit');
  expect(mock.pointChanges).toEqual([{ contactId: expect.any(Number), delta: FEEDBACK_POINTS }]);
});

it('dead after a day of failing points, still uneditable; Retry adds the points and no second note', async () => {
  const drain = options(createMauticDestination(MauticConnection.parse({ baseUrl: mock.url, feedbackAs: 'points' }), basic));
  mock.setFault({ path: /\/points\//, times: 1_000, fault: { type: 'status', status: 503 } });
  const action = await logAction({ prospectKey: key, type: 'lead_feedback', feedback: 'accepted', notes: '' }, 'mautic');
  for (let i = 0; i < 80 && (await getAction(action.id))!.sync.state !== 'dead'; i++) {
    await drainOutbox(drain);
    clock.advance(31 * 60_000);
  }
  const dead = (await getAction(action.id))!;
  expect(dead.sync).toMatchObject({ state: 'dead', uncertainSince: expect.any(String) });
  expect(dead.sync.lastError).toContain('503');
  expect(isEditable(dead)).toBe(false);
  expect(mock.notes).toHaveLength(1);
  expect(mock.pointChanges).toEqual([]);

  mock.setFault();
  await retryAction(action.id);
  await drainOutbox(drain);
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

it('a points step Mautic refuses for good is dead at the first look, with the refusal, uneditable, one note', async () => {
  const destination = createMauticDestination(MauticConnection.parse({ baseUrl: mock.url, feedbackAs: 'points' }), basic);
  const drain = options(destination);
  mock.setFault({ path: /\/points\//, times: 1_000, fault: { type: 'status', status: 403 } });
  const action = await logAction({ prospectKey: 'dana.whitfield@northwind.example', type: 'lead_feedback', feedback: 'accepted', notes: '' }, 'mautic');

  await drainOutbox(drain); // the note, then the refused points: uncertain
  expect((await getAction(action.id))!.sync.state).toBe('pending');
  clock.advance(60_000);
  await drainOutbox(drain); // the look finds the note; the points are refused again
  const dead = (await getAction(action.id))!;
  expect(dead.sync).toMatchObject({ state: 'dead', uncertainSince: expect.any(String) });
  expect(dead.sync.lastError).toContain('403');
  expect(dead.sync.lastError).not.toMatch(/confirm/i);
  expect(isEditable(dead)).toBe(false);
  expect(mock.notes).toHaveLength(1);
});
