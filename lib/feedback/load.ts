/**
 * Reads what the lead feedback page shows, straight from the database (extension pages may read;
 * docs/architecture.md "contexts"): every lead feedback and stage change in the outbox, newest first,
 * each with its person's name and marketing touches.
 *
 * Only the local outbox: feedback logged in this browser. What the destination CRM stores (a
 * colleague's feedback) is read through the background and merged by the page (remote.ts).
 */
import { db } from '../store/db';
import { eventStores, eventsOfPeople } from '../store/event-chunks';
import type { EngagementEvent } from '../model/engagement';
import { feedbackRow, type FeedbackRow, isFeedback } from './rows';

export async function loadFeedback(): Promise<FeedbackRow[]> {
  const actions = (await (await db()).getAll('outbox')).filter(isFeedback);
  const people = await peopleWithEvents(actions.map((a) => a.prospectKey));
  return actions
    .map((a) => feedbackRow(a, people.get(a.prospectKey)!.events, people.get(a.prospectKey)!.name))
    .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
}

/**
 * Each person's stored name and every one of their events (the oldest decide the first touch), by key.
 * A page, not a lookup: no budget applies. remote.ts reads the people of the CRM's rows the same way.
 */
export async function peopleWithEvents(keys: readonly string[]): Promise<Map<string, { name?: string; events: EngagementEvent[] }>> {
  const tx = (await db()).transaction(['prospects', 'events', 'eventChunks']);
  const unique = [...new Set(keys)];
  const [prospects, events] = await Promise.all([Promise.all(unique.map((key) => tx.objectStore('prospects').get(key))), eventsOfPeople(eventStores(tx), unique)]);
  await tx.done;
  return new Map(unique.map((key, i) => [key, { name: prospects[i]?.name, events: events.get(key)! }]));
}
