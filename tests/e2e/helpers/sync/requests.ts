import type { LoggedRequest } from '@/tests/mocks';

/**
 * When each request reached a mock, in wall-clock milliseconds. The mocks log requests without a time,
 * so this wraps the log's `push` (the mock appends to the same array it exposes). Only requests that
 * arrive after the call are stamped.
 */
export function stampArrivals(requests: LoggedRequest[]): (request: LoggedRequest) => number | undefined {
  const arrivals = new WeakMap<LoggedRequest, number>();
  requests.push = (...items: LoggedRequest[]) => {
    for (const item of items) arrivals.set(item, Date.now());
    return Array.prototype.push.apply(requests, items);
  };
  return (request) => arrivals.get(request);
}

/** Resolves with the `n`-th (1-based) logged request that `matches`, polling the mock's log. */
export async function waitForNthRequest(
  requests: LoggedRequest[],
  matches: (request: LoggedRequest) => boolean,
  n: number,
  timeoutMs = 15_000,
): Promise<LoggedRequest> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = requests.filter(matches)[n - 1];
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`Request #${n} did not reach the mock within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const MARKER = /\[prospect-lens:([0-9a-f-]{36})\]/g;

/** The action ids carried by `[prospect-lens:<id>]` markers in a CRM record's text or a request body. */
export function markedIds(text: string): string[] {
  return [...text.matchAll(MARKER)].map((m) => m[1]!);
}

/** How many times each key occurs. */
export function tally(keys: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
