/**
 * Reads back the lead feedback and stage changes the Salesforce destination wrote (destination.ts):
 * Tasks whose Description is actionLines ending in the `[prospect-lens:<id>]` marker. SOQL cannot
 * filter on a Description (a long text area), so the Tasks are found by subject — the exact titles
 * actionTitle writes for feedback, and `Stage changed to …` with LIKE (a stage change is a Task only
 * on a Contact without a stage field; elsewhere it is a field, which has no marker to read) — created
 * in the page's range, newest first; the marker is checked on what comes back, so a colleague's own
 * Task titled "Lead accepted by sales" is not taken for one. Then each Task's person (its WhoId, a Lead
 * or a Contact) by id for the name and address. Bounded: two Task queries of at most cap + 1 rows
 * (the client follows Salesforce's smaller batches; an answer it did not read to the end counts as
 * capped) and one person query per 200 ids.
 */
import type { FeedbackRange, RemoteFeedback } from '../../model/feedback';
import { feedbackFromLines, feedbackTitles, remoteFeedback, STAGE_TITLE_PREFIX } from '../action-text';
import { isoTime } from '../map-util';
import { parseBody } from '../http';
import { type SalesforceClient, salesforceSourceError } from './client';
import { FeedbackTaskRecord, PersonRecord, queryResponse } from './raw';
import { MAX_IDS, MAX_PAGE, objectOfId, peopleByIds, tasksBySubject } from './soql';

type Who = { email?: string; name?: string };

export async function readSalesforceFeedback(client: SalesforceClient, range: FeedbackRange, askedCap: number, signal?: AbortSignal): Promise<{ records: RemoteFeedback[]; capped: boolean }> {
  // One more than the cap tells whether the cap cut the list short, and that must fit in one LIMIT.
  const cap = Math.min(askedCap, MAX_PAGE - 1);
  const limit = cap + 1;
  try {
    const tasks = (soql: string) => client.query(soql, (r) => parseBody(queryResponse(FeedbackTaskRecord), r), signal);
    const verdicts = await tasks(tasksBySubject({ in: feedbackTitles() }, range, limit));
    const stages = await tasks(tasksBySubject({ startsWith: STAGE_TITLE_PREFIX }, range, limit));
    const found = [...verdicts.records, ...stages.records].flatMap((task) => {
      const text = feedbackFromLines((task.Description ?? '').split(/\r?\n/));
      const at = isoTime(task.CreatedDate);
      return text && at ? [{ task, text, at }] : [];
    });
    found.sort((a, b) => b.at.localeCompare(a.at) || a.task.Id.localeCompare(b.task.Id));
    const kept = found.slice(0, cap);
    const people = await peopleOf(client, kept.map((f) => f.task.WhoId), signal);
    const records = kept.map(({ task, text, at }) => remoteFeedback(text, task.Id, people.get(task.WhoId ?? ''), at));
    const cut = (answer: { records: unknown[]; done: boolean }) => !answer.done || answer.records.length > cap;
    return { records, capped: found.length > cap || cut(verdicts) || cut(stages) };
  } catch (error) {
    throw salesforceSourceError(error);
  }
}

async function peopleOf(client: SalesforceClient, whoIds: readonly (string | null | undefined)[], signal?: AbortSignal): Promise<Map<string, Who>> {
  const out = new Map<string, Who>();
  for (const object of ['Lead', 'Contact'] as const) {
    const ids = [...new Set(whoIds.filter((id): id is string => !!id && objectOfId(id) === object))];
    for (let i = 0; i < ids.length; i += MAX_IDS) {
      const rows = await client.query(peopleByIds(object, ids.slice(i, i + MAX_IDS)), (r) => parseBody(queryResponse(PersonRecord), r).records, signal);
      for (const row of rows) {
        const email = row.Email?.trim().toLowerCase();
        const name = row.Name?.trim();
        out.set(row.Id, { ...(email && { email }), ...(name && { name }) });
      }
    }
  }
  return out;
}
