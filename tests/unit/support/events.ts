/**
 * The events stored, whichever store holds them (lib/store/event-chunks.ts): tests look at what an
 * import or a deletion left, not at how it is laid out.
 */
import type { EngagementEvent } from '@/lib/model/engagement';
import { db } from '@/lib/store/db';
import { chunkOf, eachEvent, eventStores } from '@/lib/store/event-chunks';

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
  const chunks = tx.objectStore('eventChunks');
  for (const chunk of await chunks.getAll()) {
    const moving = chunk.events.filter(which);
    if (moving.length === 0) continue;
    for (const event of moving) await tx.objectStore('events').add(event);
    const left = chunk.events.filter((event) => !which(event));
    await (left.length === 0 ? chunks.delete(chunk.id!) : chunks.put({ ...chunkOf(left), id: chunk.id! }));
  }
  await tx.done;
}
