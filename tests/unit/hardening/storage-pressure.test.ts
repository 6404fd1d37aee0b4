/**
 * Storage pressure on a fake disk of fixed size: when the quota runs out the cache goes first and
 * the write is retried; when even that is not enough the rep reads "Storage is full"; the outbox is
 * never evicted, whatever else is written.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { UserFacingError } from '@/lib/errors';
import { closeDbForTests, db } from '@/lib/store/db';
import { putCached } from '@/lib/store/cache';
import { allActions } from '@/lib/store/outbox';
import { STORAGE_FULL_MESSAGE, StorageFullError, isQuotaError, withStoragePressure } from '@/lib/store/pressure';
import { logAction } from '@/lib/sync/actions';
import { limitStorage } from './support/quota';

let disk: ReturnType<typeof limitStorage> | undefined;
afterEach(async () => {
  disk?.restore();
  disk = undefined;
  await closeDbForTests();
});

const bigRecord = (i: number) => ({ contact: i, notes: 'x'.repeat(2_000) });
const action = (i: number) => ({ prospectKey: 'dana@northwind.example', type: 'note' as const, notes: `Call ${i} ${'y'.repeat(500)}` });

async function fillCacheUntilFull(): Promise<number> {
  let written = 0;
  for (;;) {
    try {
      await putCached('hubspot', `p${written}@x.example`, bigRecord(written));
      written++;
    } catch (error) {
      expect(isQuotaError(error)).toBe(true);
      return written;
    }
  }
}

describe('storage pressure', () => {
  it('the fake disk really fills up: a plain write fails with QuotaExceededError and stores nothing', async () => {
    await db();
    disk = limitStorage(50_000);
    const cached = await fillCacheUntilFull();
    expect(cached).toBeGreaterThan(10);
    expect(await (await db()).count('cache')).toBe(cached);
  });

  it('a cache write under pressure evicts the cache, then succeeds', async () => {
    await db();
    disk = limitStorage(50_000);
    await fillCacheUntilFull();
    await withStoragePressure(() => putCached('hubspot', 'new@x.example', bigRecord(-1)));
    const left = await (await db()).getAllKeys('cache');
    expect(left).toEqual(['hubspot:new@x.example']);
  });

  it('an action logged when the disk is full of cache is saved, and nothing in the outbox goes', async () => {
    await db();
    disk = limitStorage(60_000);
    const early = [];
    for (let i = 0; i < 10; i++) early.push((await logAction(action(i), 'hubspot')).id);
    await fillCacheUntilFull();
    const saved = await withStoragePressure(() => logAction(action(99), 'hubspot'));
    const ids = (await allActions()).map((a) => a.id);
    expect(ids).toEqual(expect.arrayContaining([...early, saved.id]));
    expect(ids).toHaveLength(11);
  });

  it('when only the outbox is left, the rep reads "Storage is full" and every saved action stays', async () => {
    await db();
    disk = limitStorage(30_000);
    const saved: string[] = [];
    let refusal: unknown;
    for (let i = 0; i < 200 && !refusal; i++) {
      try {
        saved.push((await withStoragePressure(() => logAction(action(i), 'hubspot'))).id);
      } catch (error) {
        refusal = error;
      }
    }
    expect(refusal).toBeInstanceOf(StorageFullError);
    expect(refusal).toBeInstanceOf(UserFacingError); // the router hands its words to the rep
    expect((refusal as Error).message).toBe(STORAGE_FULL_MESSAGE);
    expect(saved.length).toBeGreaterThan(10);
    expect((await allActions()).map((a) => a.id).sort()).toEqual([...saved].sort());
  });

  it('other failures pass through untouched, and nothing is evicted for them', async () => {
    let evictions = 0;
    const failure = new TypeError('not a quota problem');
    await expect(withStoragePressure(() => Promise.reject(failure), { evict: async () => ++evictions })).rejects.toBe(failure);
    expect(evictions).toBe(0);
    expect(isQuotaError(new DOMException('x', 'AbortError'))).toBe(false);
    expect(isQuotaError(Object.assign(new DOMException('aborted', 'AbortError'), { cause: new DOMException('q', 'QuotaExceededError') }))).toBe(true);
  });
});
