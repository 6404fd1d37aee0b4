/**
 * The events stored, whichever store holds them (lib/store/event-chunks.ts): tests look at what an
 * import or a deletion left, not at how it is laid out.
 */
import type { EngagementEvent } from '@/lib/model/engagement';
import { db } from '@/lib/store/db';
import { deleteDoomed, eachEvent, eventStores } from '@/lib/store/event-chunks';

/** Every stored event, by id (the order one record per event gave). */
export async function storedEvents(): Promise<EngagementEvent[]> {
  const tx = (await db()).transaction(['events', 'eventChunks']);
  const out: EngagementEvent[] = [];
  await eachEvent(eventStores(tx), (event) => out.push(event));
  await tx.done;
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Moves every chunked event into `events`, one record per event, as a database from before v5 holds
 * them (summaries untouched): what readers must still read after the upgrade.
 */
export async function toLegacyLayout(which: (event: EngagementEvent) => boolean = () => true): Promise<void> {
  const tx = (await db()).transaction(['events', 'eventChunks'], 'readwrite');
  const stores = eventStores(tx);
  const moving = (await stores.chunks.getAll()).map((chunk) => ({ chunk, events: chunk.events.filter(which) })).filter(({ events }) => events.length > 0);
  for (const { events } of moving) for (const event of events) await stores.legacy.add(event);
  // Taken out of their chunks as a deletion takes them.
  await deleteDoomed(stores, { legacy: [], chunks: moving });
  await tx.done;
}

/** The columns of `rows`' CSV (with tests/unit/import/helpers.ts's `csv`). */
export const HEADER = ['email', 'name', 'event_type', 'occurred_at', 'event_title'];
export const DAY = 86_400_000;
/** The first row's time. */
export const START = Date.UTC(2026, 0, 5, 9);

/** `people` people (`p<first>@example.com` on) with `each` events apiece, a person's rows together (as the canonical export has them), a day apart. */
export function rows(people: number, each: number, first = 0): string[][] {
  const out: string[][] = [];
  for (let p = first; p < first + people; p++) {
    for (let n = 0; n < each; n++) out.push([`p${p}@example.com`, n === 0 ? `Person ${p}` : '', 'email_open', new Date(START + n * DAY + p * 60_000).toISOString(), `Newsletter ${n}`]);
  }
  return out;
}

/** Records in an event store: one per event in `events`, a chunk per record in `eventChunks`. */
export async function records(store: 'events' | 'eventChunks'): Promise<number> {
  return (await db()).count(store);
}
