import { afterEach, beforeEach } from 'vitest';
import { setClock } from '@/lib/clock';
import type { DestinationKind, SalesAction, SalesActionInput } from '@/lib/model/action';
import { closeDbForTests } from '@/lib/store/db';
import type { DeliveryOutcome, Destination } from '@/lib/sync/types';

export const START = Date.parse('2026-11-02T09:00:00.000Z');

/** A clock the tests move by hand: at `start` when each test begins, the real one again after it. */
export function fakeClock(start = START) {
  let t = start;
  let restore = () => {};
  beforeEach(() => {
    t = start;
    restore = setClock(() => t);
  });
  afterEach(() => restore());
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    set: (ms: number) => {
      t = ms;
    },
    /** For the drain's `sleep`: waiting moves the fake clock instead of real time. */
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}

/** Closes the shared connection so the next test's fresh IndexedDB is used. */
export function freshDatabasePerTest() {
  afterEach(closeDbForTests);
}

/** Deterministic random numbers in [0, 1): the same generator the mocks use for their faults. */
export { mulberry32 as seeded } from '@/tests/mocks/random';

export function callInput(overrides: Partial<SalesActionInput> = {}): SalesActionInput {
  return { prospectKey: 'dana@northwind.example', type: 'call', notes: 'Discussed pricing', ...overrides };
}

/**
 * What a fake destination does with one delivery: an outcome as such ('delivered' records the action),
 * or one of the ways a request goes wrong on the wire: 'lost-response' records it and then reports the
 * connection reset, 'record-then-hang' records it and never answers, 'hang' never answers at all.
 */
export type Answer = DeliveryOutcome | 'hang' | 'lost-response' | 'record-then-hang';

/**
 * A destination that keeps what it received, the way a CRM would: `records` maps action id → the
 * remote ids created for it (more than one is a duplicate). It notes every request, and any that
 * arrives while it has asked the client to wait (a 429's Retry-After).
 */
export class FakeDestination implements Destination {
  readonly records = new Map<string, string[]>();
  /** A record is findable this long after the request that creates it arrives (a slow server, a lagging search). */
  visibleAfterMs = 0;
  /** Like HubSpot's settle: "cannot tell yet" until this long after the action became uncertain. */
  settleMs = 0;
  private readonly visibleAt = new Map<string, number>();
  readonly requests: { at: number; kind: 'deliver' | 'find'; id: string }[] = [];
  readonly insideRetryAfter: number[] = [];
  private waitUntil = 0;
  private next = 1;

  constructor(
    readonly kind: DestinationKind,
    private readonly now: () => number,
    public answer: (action: SalesAction) => Answer = () => ({ kind: 'delivered' }),
    public check: (action: SalesAction) => 'truth' | { unknown: string } = () => 'truth',
    readonly ratePerSecond = 10,
  ) {}

  async deliver(action: SalesAction): Promise<DeliveryOutcome> {
    this.arrive('deliver', action.id);
    const answer = this.answer(action);
    if (answer === 'hang') return new Promise<never>(() => undefined);
    if (answer === 'record-then-hang') {
      this.store(action.id);
      return new Promise<never>(() => undefined);
    }
    if (answer === 'lost-response') {
      this.store(action.id);
      return { kind: 'uncertain', error: 'Connection reset' };
    }
    if (answer.kind === 'delivered') return { kind: 'delivered', remoteId: this.store(action.id) };
    if (answer.kind === 'retry' && answer.retryAfterMs) this.waitUntil = Math.max(this.waitUntil, this.now() + answer.retryAfterMs);
    return answer;
  }

  async findExisting(action: SalesAction) {
    this.arrive('find', action.id);
    const answer = this.check(action);
    if (answer !== 'truth') return answer;
    if (this.now() - Date.parse(action.sync.uncertainSince ?? '') < this.settleMs) return { unknown: 'Waiting for search to catch up' };
    const ids = this.records.get(action.id)?.filter((id) => (this.visibleAt.get(id) ?? 0) <= this.now());
    return ids?.length ? { found: true as const, remoteId: ids[0] } : { found: false as const };
  }

  recordCount(): number {
    return [...this.records.values()].reduce((n, ids) => n + ids.length, 0);
  }

  duplicates(): number {
    return [...this.records.values()].filter((ids) => ids.length > 1).length;
  }

  private arrive(kind: 'deliver' | 'find', id: string) {
    const at = this.now();
    this.requests.push({ at, kind, id });
    if (at < this.waitUntil) this.insideRetryAfter.push(at);
  }

  private store(id: string): string {
    const remoteId = `remote-${this.next++}`;
    this.visibleAt.set(remoteId, this.now() + this.visibleAfterMs);
    this.records.set(id, [...(this.records.get(id) ?? []), remoteId]);
    return remoteId;
  }
}
