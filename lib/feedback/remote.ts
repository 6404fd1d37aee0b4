/**
 * The page's CRM half: feedback the destination CRM stores (a colleague's, logged in another
 * browser), read through the background (`feedback/remote`, the page holds no credentials), turned
 * into rows with the person's marketing touches from this browser's database, and merged with the
 * local rows so one feedback is one row.
 */
import { send } from '../messaging';
import type { FeedbackRange, FeedbackSource, RemoteFeedback, RemoteFeedbackResult } from '../model/feedback';
import type { SalesAction } from '../model/action';
import type { EngagementEvent } from '../model/engagement';
import { peopleWithEvents } from './load';
import { daysBetween, type FeedbackRow } from './rows';
import { touchesOf } from '../insights/touches';
import { errorText } from '../errors';

/** What the page says about each CRM it asked: how many it read, whether capped, or why it could not. */
export interface RemoteNotice {
  /** Absent when the background itself could not be asked. */
  source?: Exclude<FeedbackSource, 'local'>;
  count: number;
  capped: boolean;
  error?: string;
}

export interface RemoteFeedbackLoad {
  rows: FeedbackRow[];
  notices: RemoteNotice[];
}

/** A CRM record as a row; `events` are the person's engagement events in this browser (any order). */
export function remoteRow(record: RemoteFeedback, source: Exclude<FeedbackSource, 'local'>, events: readonly EngagementEvent[], name?: string): FeedbackRow {
  const { first, last } = touchesOf(events, record.occurredAt);
  const shownName = name ?? record.name;
  return {
    id: record.actionId,
    // The CRM's contact email is the prospect key this browser uses for the person; a note without one stays visible.
    prospectKey: record.email ?? `${source}:${record.remoteId}`,
    ...(shownName && { name: shownName }),
    verdict: record.verdict,
    ...(record.verdict === 'rejected' && record.reason && { reason: record.reason }),
    ...(record.verdict === 'stage' && record.stage && { stage: record.stage }),
    notes: record.notes,
    occurredAt: record.occurredAt,
    ...(first && { firstTouch: first }),
    ...(last && { lastTouch: last }),
    ...(record.verdict === 'accepted' && first && { daysToAcceptance: daysBetween(first.occurredAt, record.occurredAt) }),
    syncState: 'done' as SalesAction['sync']['state'],
    destination: source,
    source,
  };
}

/** The same feedback seen twice: by action id (the marker every destination writes), else by person, verdict and minute. */
const sameKey = (r: FeedbackRow) => `${r.prospectKey}|${r.verdict}|${r.occurredAt.slice(0, 16)}`;

/**
 * Local rows first (they know their sync state), then each CRM row that is not one of them, newest
 * first. The local row wins: it is this browser's own record of the same action.
 */
export function mergeFeedback(local: readonly FeedbackRow[], remote: readonly FeedbackRow[]): FeedbackRow[] {
  const ids = new Set(local.map((r) => r.id));
  const keys = new Set(local.map(sameKey));
  const merged = [...local];
  for (const r of remote) {
    if (ids.has(r.id) || keys.has(sameKey(r))) continue;
    ids.add(r.id);
    keys.add(sameKey(r));
    merged.push(r);
  }
  return merged.sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
}

/** Turns the background's answer into rows and notices; the people's touches come from this browser's database. */
export async function remoteRows(results: readonly RemoteFeedbackResult[]): Promise<RemoteFeedbackLoad> {
  const rows: FeedbackRow[] = [];
  const notices: RemoteNotice[] = [];
  for (const result of results) {
    notices.push({ source: result.source, count: result.records.length, capped: result.capped, ...(result.error && { error: result.error }) });
    const people = await peopleWithEvents(result.records.flatMap((r) => (r.email ? [r.email] : [])));
    for (const record of result.records) {
      const person = record.email ? people.get(record.email) : undefined;
      rows.push(remoteRow(record, result.source, person?.events ?? [], person?.name));
    }
  }
  return { rows, notices };
}

/**
 * Asks the background for the CRM's feedback in the range. When the background cannot answer at
 * all, that is a notice too: the page still shows its local rows.
 */
export async function loadRemoteFeedback(range: FeedbackRange): Promise<RemoteFeedbackLoad> {
  try {
    return await remoteRows(await send({ type: 'feedback/remote', ...range }));
  } catch (error) {
    return { rows: [], notices: [{ count: 0, capped: false, error: errorText(error) }] };
  }
}
