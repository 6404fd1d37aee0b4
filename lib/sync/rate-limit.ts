/**
 * Per-destination pacing for the drain loop: a token bucket (the destination's `ratePerSecond`, with a
 * burst of one second's worth) and a "blocked until" time taken from a 429's Retry-After. While a
 * destination is blocked no request goes to it, for any action — the server asked the whole client to
 * wait, not just the request it refused.
 *
 * The blocks are also kept in `storage.session`, so a worker that restarts inside a Retry-After window
 * (Chrome stops idle workers after 30 s) still honours it. Session storage is cleared with the browser
 * session, which is fine: a Retry-After is seconds or minutes, not days.
 */
import { sessionArea } from '../platform';
import type { DestinationKind } from '../model/action';

type Blocks = Partial<Record<DestinationKind, number>>;

export interface BlockStore {
  load(): Promise<Blocks>;
  save(blocks: Blocks): Promise<void>;
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
      const stored = await this.store.load();
      for (const [kind, until] of Object.entries(stored) as [DestinationKind, number][]) this.extendBlock(kind, until);
    } catch {
      // Without the stored blocks the per-action nextAttemptAt still honours each Retry-After.
    }
  }

  /** No request to `kind` before `until` (epoch ms). A shorter block never shortens a longer one. */
  block(kind: DestinationKind, until: number): void {
    if (!this.extendBlock(kind, until)) return;
    this.store?.save({ ...this.blocks }).catch(() => undefined);
  }

  blockedUntil(kind: DestinationKind, now: number): number | undefined {
    const until = this.blocks[kind];
    return until !== undefined && until > now ? until : undefined;
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

  private extendBlock(kind: DestinationKind, until: number): boolean {
    if (!Number.isFinite(until) || until <= (this.blocks[kind] ?? 0)) return false;
    this.blocks[kind] = until;
    return true;
  }
}

const SESSION_KEY = 'syncBlockedUntil';

export const sessionBlockStore: BlockStore = {
  async load() {
    const stored = (await sessionArea().get(SESSION_KEY))[SESSION_KEY];
    return stored && typeof stored === 'object' ? (stored as Blocks) : {};
  },
  async save(blocks) {
    await sessionArea().set({ [SESSION_KEY]: blocks });
  },
};

/** The gate the background's drains share: rate limits only work if every drain in a context uses one. */
export const sharedGate = new DestinationGate(sessionBlockStore);
