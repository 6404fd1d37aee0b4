// @vitest-environment node
/**
 * Reading lead feedback back from Mautic over real HTTP against the loopback mock: the note every
 * feedback is written as (whatever `feedbackAs` adds) comes back as the same feedback, in the range,
 * bounded by the cap; a 429 or 401 fails in words.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClock } from '@/lib/clock';
import { MauticConnection } from '@/lib/sources/mautic/definition';
import { createMauticDestination } from '@/lib/sources/mautic/destination';
import { readMauticFeedback } from '@/lib/sources/mautic/feedback';
import type { MauticCall } from '@/lib/sources/mautic/client';
import { type MauticMock, startMauticMock } from '@/lib/sources/mautic/mock';
import { SourceError } from '@/lib/sources/types';
import { actionLines, htmlBody } from '@/lib/sources/action-text';
import { closeDbForTests } from '@/lib/store/db';
import { context, makeAction } from './helpers';

const basic = { username: 'api-user', password: 's3cret!' };
let now = Date.parse('2024-11-19T10:00:00Z');
let mock: MauticMock;
let restoreClock: () => void;

beforeEach(async () => {
  await closeDbForTests();
  now = Date.parse('2024-11-19T10:00:00Z');
  restoreClock = setClock(() => now);
});
afterEach(async () => {
  restoreClock();
  await mock?.close();
});

const destination = (creds = basic) => createMauticDestination(MauticConnection.parse({ baseUrl: mock.url, feedbackAs: 'tags' }), creds);

describe('Mautic feedback read-back', () => {
  it('reads back the notes the destination wrote (feedback as tags too), in the range, newest first', async () => {
    mock = await startMauticMock({ basic, now: () => now });
    const rejected = makeAction({ type: 'lead_feedback', feedback: 'rejected', rejectReason: 'competitor', notes: 'Chose <another> vendor', occurredAt: '2024-11-18T09:00:00.000Z' });
    const accepted = makeAction({ type: 'lead_feedback', feedback: 'accepted', notes: '', occurredAt: '2024-11-19T08:00:00.000Z' });
    const old = makeAction({ type: 'lead_feedback', feedback: 'accepted', notes: '', occurredAt: '2024-09-01T08:00:00.000Z' });
    const call = makeAction({ type: 'call', notes: 'Lead accepted by sales', occurredAt: '2024-11-19T09:00:00.000Z' });
    // Each written a minute after it happened, as the outbox would: Mautic lists them by when written.
    for (const a of [rejected, accepted, old, call]) {
      now = Date.parse(a.occurredAt) + 60_000;
      expect(await destination().deliver(a, context())).toMatchObject({ kind: 'delivered' });
    }
    now = Date.parse('2024-11-19T10:00:00Z');

    const { records, capped } = await destination().readFeedback!({ from: '2024-11-01T00:00:00.000Z' }, 1000);
    expect(capped).toBe(false);
    expect(records).toEqual([
      expect.objectContaining({ actionId: accepted.id, email: 'dana.whitfield@northwind.example', name: 'Dana Whitfield', verdict: 'accepted' }),
      expect.objectContaining({ actionId: rejected.id, verdict: 'rejected', reason: 'competitor', notes: 'Chose <another> vendor' }),
    ]);

    const first = await destination().readFeedback!({}, 2);
    expect(first).toMatchObject({ capped: true });
    expect(first.records.map((r) => r.actionId)).toEqual([accepted.id, rejected.id]);
  });

  it('reads back feedback written before the date went as `dateTime` (Mautic left it null), by when it was written', async () => {
    const legacy = makeAction({ type: 'lead_feedback', feedback: 'rejected', rejectReason: 'no_budget', notes: '' });
    const tooOld = makeAction({ type: 'lead_feedback', feedback: 'accepted', notes: '' });
    const note = (id: number, a: typeof legacy, dateAdded: string) => ({ id, lead: 47, text: htmlBody(actionLines(a)), type: 'general', dateTime: null, dateAdded });
    mock = await startMauticMock({ basic, now: () => now, notes: [note(1, tooOld, '2024-10-02T08:00:00+00:00'), note(2, legacy, '2024-11-18T12:00:00+00:00')] });
    const dated = makeAction({ type: 'lead_feedback', feedback: 'accepted', notes: '', occurredAt: '2024-11-19T09:59:00.000Z' });
    expect(await destination().deliver(dated, context())).toMatchObject({ kind: 'delivered' });

    const { records } = await destination().readFeedback!({ from: '2024-11-01T00:00:00.000Z' }, 1000);
    expect(records.map((r) => [r.actionId, r.occurredAt])).toEqual([
      [dated.id, '2024-11-19T09:59:00.000Z'],
      [legacy.id, '2024-11-18T12:00:00.000Z'],
    ]);
  });

  it('fails in words on a 429 and on wrong credentials (401)', async () => {
    mock = await startMauticMock({ basic, now: () => now, rateLimitPerHour: 0 });
    const limited = await destination().readFeedback!({}, 1000).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(SourceError);
    expect((limited as SourceError).message).toMatch(/Mautic/);
    await mock.close();
    mock = await startMauticMock({ basic, now: () => now });
    const denied = await destination({ username: 'api-user', password: 'wrong' }).readFeedback!({}, 1000).catch((e: unknown) => e);
    expect((denied as SourceError).message).toContain('Mautic rejected the credentials (401)');
  });
});

describe('reading feedback back from a busy Mautic', () => {
  it('stops after the cap of notes read, as HubSpot does, and says it was capped', async () => {
    // 20,000 notes with the marker, none of them feedback (the team's calls and tasks).
    const asked: string[] = [];
    const call = (async (_method: string, path: string) => {
      asked.push(path);
      const start = Number(new URLSearchParams(path.split('?')[1]).get('start'));
      const notes = start >= 20_000 ? [] : Array.from({ length: 100 }, (_, i) => ({ id: start + i + 1, text: '<p>Call logged — prospect-lens</p>', dateAdded: new Date(Date.UTC(2026, 10, 30) - (start + i) * 60_000).toISOString() }));
      return { status: 200, headers: new Headers(), body: { total: 20_000, notes } };
    }) as unknown as MauticCall;
    const { records, capped } = await readMauticFeedback(call, {}, 1_000);
    expect(records).toEqual([]);
    expect(capped).toBe(true);
    expect(asked.filter((path) => path.startsWith('/api/notes')).length).toBeLessThanOrEqual(10);
  });
});
