/**
 * The popup's list and the card show a person's (or everyone's) newest actions, and those are where the
 * rep retries or deletes one. A dead action older than the newest five used to drop out of both, out of
 * the rep's reach for good: a restore that holds every pending action of an old file made that common.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SalesAction } from '@/lib/model/action';
import { closeDbForTests } from '@/lib/store/db';
import { deleteAction, putAction, recentActions } from '@/lib/store/outbox';
import { makeAction } from './factory';

afterEach(closeDbForTests);

const dead = (notes: string): SalesAction => makeAction({ notes, sync: { state: 'dead', attempts: 3, destination: 'hubspot', updatedAt: new Date().toISOString(), lastError: 'refused' } });
const done = (notes: string): SalesAction => makeAction({ notes, sync: { state: 'done', attempts: 1, destination: 'hubspot', updatedAt: new Date().toISOString(), remoteId: 'r' } });
const notes = (actions: SalesAction[]) => actions.map((a) => a.notes);

describe('recent actions', () => {
  it('keep an older dead action beside the newest five, newest first, for a person and for everyone', async () => {
    const old = dead('old and failed');
    const newer = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'].map(done);
    for (const action of [old, ...newer]) await putAction(action);
    const expected = ['n6', 'n5', 'n4', 'n3', 'n2', 'old and failed'];
    expect(notes(await recentActions(5, old.prospectKey))).toEqual(expected);
    expect(notes(await recentActions(5))).toEqual(expected);
  });

  it('surface many dead ones five at a time as the rep deals with them', async () => {
    const held = Array.from({ length: 12 }, (_, i) => dead(`held ${i}`));
    for (const action of [...held, ...['n1', 'n2', 'n3', 'n4', 'n5', 'n6'].map(done)]) await putAction(action);
    const seen = new Set<string>();
    for (let round = 0; round < 5; round++) {
      const shown = (await recentActions(5, held[0]!.prospectKey)).filter((a) => a.sync.state === 'dead');
      expect(shown.length).toBeLessThanOrEqual(5);
      for (const action of shown) {
        seen.add(action.id);
        await deleteAction(action.id);
      }
    }
    expect(seen.size).toBe(12);
  });
});
