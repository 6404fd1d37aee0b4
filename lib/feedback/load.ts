/**
 * Reads what the lead feedback page shows, straight from the database (extension pages may read;
 * docs/architecture.md "contexts"): every lead feedback and stage change in the outbox, newest first,
 * each with its person's name and marketing touches.
 *
 * Only the local outbox: feedback logged in this browser. What the destination CRM stores (a
 * colleague's feedback) is read through the background and merged by the page (remote.ts).
 */
import { db } from '../store/db';
import type { EngagementEvent } from '../model/engagement';
import { feedbackRow, type FeedbackRow, isFeedback } from './rows';

export async function loadFeedback(): Promise<FeedbackRow[]> {
  const database = await db();
  const actions = (await database.getAll('outbox')).filter(isFeedback);
  const keys = [...new Set(actions.map((a) => a.prospectKey))];
  const people = await Promise.all(
    keys.map(async (key) => {
      const range = IDBKeyRange.bound([key, ''], [key, '\uffff']);
      const [prospect, events] = await Promise.all([
        database.get('prospects', key),
        // Every event of the person: the oldest decide the first touch. A page, not a lookup: no budget applies.
        database.getAllFromIndex('events', 'byProspectTime', range) as Promise<EngagementEvent[]>,
      ]);
      return [key, { name: prospect?.name, events }] as const;
    }),
  );
  const byKey = new Map(people);
  return actions
    .map((a) => feedbackRow(a, byKey.get(a.prospectKey)!.events, byKey.get(a.prospectKey)!.name))
    .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
}
