/**
 * Per-destination pacing for the drain loop: a token bucket (the destination's `ratePerSecond`, with a
 * burst of one second's worth) and a "blocked until" time taken from a 429's Retry-After. While a
 * destination is blocked no request goes to it, for any action — the server asked the whole client to
 * wait, not just the request it refused.
 *
 * The blocks are also kept in `storage.session`, so a worker that restarts inside a Retry-After window
 * (Chrome stops idle workers after 30 s) still honours it. Session storage is cleared with the browser
 * session, which is fine: a Retry-After is seconds or minutes, not days.
 *
 * Each block keeps when it was set (`at`): one set later than the clock now reads is over, since the
 * clock stepped back meanwhile and the block would last the step again (clock-step.ts).
 */
import { sessionArea } from '../platform';
import type { DestinationKind } from '../model/action';
import { MAX_RETRY_AFTER_MS } from '../sources/http';
import { clockSteppedBack } from './clock-step';

interface Block {
  /** No request before this (epoch ms)… */
  until: number;
  /** …as asked at this time. */
  at: number;
}

type Blocks = Partial<Record<DestinationKind, Block>>;
type Times = Partial<Record<DestinationKind, number>>;


export interface BlockStore {
  /** Each destination's block end (epoch ms)… */
  load(): Promise<Times>;
  /** …and when each was set; a store without them (one written before blocks kept it) leaves them unknown. */
  loadSetAt?(): Promise<Times>;
  save(until: Times, setAt: Times): Promise<void>;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class DestinationGate {
  private readonly buckets = new Map<DestinationKind, Bucket>();
  private blocks: Blocks = {};
  private loaded = false;

  constructor(private readonly store?: BlockStore) {}

  /** Reads the stored blocks once per context (a fresh worker); later calls do nothing. */
  async load(): Promise<void> {
    if (this.loaded || !this.store) return;
    this.loaded = true;
    try {
      const until = await this.store.load();
      const setAt = (await this.store.loadSetAt?.()) ?? {};
      // A block stored without its time (by the version before blocks kept it) is taken as set as long
      // before its end as any Retry-After can be: a bare time further ahead is from a clock that stepped back.
      for (const [kind, end] of Object.entries(until) as [DestinationKind, number][]) this.extendBlock(kind, { until: end, at: setAt[kind] ?? end - MAX_RETRY_AFTER_MS });
    } catch {
      // Without the stored blocks the per-action nextAttemptAt still honours each Retry-After.
    }
  }

  /**
   * No request to `kind` before `until` (epoch ms), as asked at `now`. A shorter block never shortens a
   * longer one, unless that one is over because the clock stepped back.
   */
  block(kind: DestinationKind, until: number, now: number): void {
    if (!this.extendBlock(kind, { until, at: now }, now)) return;
    const blocks = Object.entries(this.blocks) as [DestinationKind, Block][];
    const times = (pick: (block: Block) => number): Times => Object.fromEntries(blocks.map(([k, block]) => [k, pick(block)]));
    this.store?.save(times((b) => b.until), times((b) => b.at)).catch(() => undefined);
  }

  blockedUntil(kind: DestinationKind, now: number): number | undefined {
    const block = this.blocks[kind];
    return block && block.until > now && !clockSteppedBack(block.at, now) ? block.until : undefined;
  }

  /**
   * Takes a token for one request to `kind` and returns 0, or returns how many milliseconds to wait
   * (the rest of a Retry-After window, or until the bucket refills) and takes nothing.
   */
  tryTake(kind: DestinationKind, ratePerSecond: number, now: number): number {
    const blocked = this.blockedUntil(kind, now);
    if (blocked !== undefined) return blocked - now;
    const rate = Math.max(ratePerSecond, 0.001);
    const capacity = Math.max(1, rate);
    const bucket = this.buckets.get(kind) ?? { tokens: capacity, at: now };
    // A clock that moved backwards (tests, a system time change) refills nothing rather than draining.
    bucket.tokens = Math.min(capacity, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * rate);
    bucket.at = now;
    this.buckets.set(kind, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) * 1000) / rate);
  }

  private extendBlock(kind: DestinationKind, block: Block, now?: number): boolean {
    if (!Number.isFinite(block.until) || !Number.isFinite(block.at)) return false;
    const current = now === undefined ? this.blocks[kind]?.until : this.blockedUntil(kind, now);
    if (current !== undefined && block.until <= current) return false;
    this.blocks[kind] = block;
    return true;
  }
}

const SESSION_KEY = 'syncBlockedUntil';
/** When each block was set, beside it: a block from the version before this one, in this session, has none. */
const SET_AT_KEY = 'syncBlockedAt';

async function sessionTimes(key: string): Promise<Times> {
  const stored = (await sessionArea().get(key))[key];
  return stored && typeof stored === 'object' ? (stored as Times) : {};
}

export const sessionBlockStore: BlockStore = {
  load: () => sessionTimes(SESSION_KEY),
  loadSetAt: () => sessionTimes(SET_AT_KEY),
  async save(until, setAt) {
    await sessionArea().set({ [SESSION_KEY]: until, [SET_AT_KEY]: setAt });
  },
};

/** The gate the background's drains share: rate limits only work if every drain in a context uses one. */
export const sharedGate = new DestinationGate(sessionBlockStore);
