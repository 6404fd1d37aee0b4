/**
 * A HubSpot that answers every lookup with its daily limit: a 429 that asks for an hour's rest. Files
 * that mock `connectedSources` to it count how often it was asked in `counter` (a `vi.hoisted` object,
 * so the count survives `vi.resetModules`, which a worker restart is played with).
 */
import { type EngagementSource, type LookupQuery, SourceError } from '@/lib/sources/types';

export function restingCrm(counter: { asked: number }): EngagementSource {
  return {
    kind: 'hubspot',
    lookup: async (_queries: LookupQuery[]) => {
      counter.asked++;
      throw new SourceError('rate-limited', 'HubSpot: daily limit reached (HTTP 429)', 3_600_000);
    },
    test: async () => 'ok',
  };
}
