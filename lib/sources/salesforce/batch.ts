/**
 * One query for many people, each kept to a cap of their own. A SOQL LIMIT counts the whole answer,
 * not each address or id in its IN list: a shared info@ address with 60 Leads once filled a lookup's
 * LIMIT 50, and the other person asked with it was cached as unknown. So the query asks for
 * keys × cap rows, in the order the cap keeps (the newest, or the deals closing soonest), and the
 * rows are split per key here.
 *
 * When that LIMIT cuts the answer, some key has at least `cap` rows (there are keys × cap of them):
 * its first `cap` are all in, since every row left out comes after every row in. The keys that got
 * fewer are asked again without the full ones, so each round settles at least one key. A key's rows
 * are always the start of its own list: an answer cut short (a batch not followed, client.ts) loses
 * only the tail.
 */

export interface Rows<R> {
  records: R[];
  done: boolean;
}

export interface PerKey<R> {
  /** Keys per query (the IN list's own bound), lowered so that keys × cap fits in one LIMIT. */
  chunk: number;
  cap: number;
  /** The most rows any one answer may have (MAX_PAGE). */
  maxRows: number;
  ask(keys: string[], limit: number): Promise<Rows<R>>;
  /** The keys a row is about (a campaign member names its Lead or its Contact). */
  keysOf(row: R): (string | null | undefined)[];
}

export async function queryPerKey<R>(keys: readonly string[], spec: PerKey<R>): Promise<Map<string, R[]>> {
  const out = new Map<string, R[]>();
  const size = Math.max(1, Math.min(spec.chunk, Math.floor(spec.maxRows / spec.cap)));
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += size) {
    let pending = unique.slice(i, i + size);
    while (pending.length > 0) {
      const limit = pending.length * spec.cap;
      const { records, done } = await spec.ask(pending, limit);
      const rows = new Map<string, R[]>(pending.map((key) => [key, []]));
      for (const row of records) for (const key of new Set(spec.keysOf(row))) if (key) rows.get(key)?.push(row);
      const cut = !done || records.length >= limit;
      const complete = (key: string) => !cut || rows.get(key)!.length >= spec.cap;
      const again = pending.filter((key) => !complete(key));
      // No key filled up (rows the keys do not name): keep what came rather than ask the same again.
      const settles = again.length < pending.length;
      for (const key of pending) if (complete(key) || !settles) out.set(key, rows.get(key)!.slice(0, spec.cap));
      pending = settles ? again : [];
    }
  }
  return out;
}
